/**
 * Static data the generator draws from: product catalogues with SKUs and prices (in fen),
 * provinces weighted roughly by online-shopping volume, names, streets, buyer messages and
 * seller memos. Everything here is invented but shaped like a real Tmall shop's data.
 */
import type { CatalogueName } from "./defaults";

export interface SkuDef {
  /** `sku_properties_name`, e.g. `口味:原味;净含量:500g`. */
  props: string;
  /** Unit price in fen. */
  price: number;
}

export interface ProductDef {
  title: string;
  /** Leaf category id. */
  cid: number;
  skus: SkuDef[];
  /** Relative popularity. */
  weight: number;
  /** Item-level promotion, percent off (0 = none). */
  promoPct?: number;
}

const sku = (props: string, yuan: number): SkuDef => ({ props, price: Math.round(yuan * 100) });

/** Cross product of two property lists sharing one price table (price by the second property). */
function grid(a: [string, string[]], b: [string, [string, number][]]): SkuDef[] {
  const out: SkuDef[] = [];
  for (const av of a[1]) for (const [bv, yuan] of b[1]) out.push(sku(`${a[0]}:${av};${b[0]}:${bv}`, yuan));
  return out;
}

export const CATALOGUES: Record<CatalogueName, ProductDef[]> = {
  snacks: [
    { title: "小米粒 每日坚果混合果仁 孕妇零食礼盒装", cid: 50010550, weight: 10, promoPct: 10, skus: [sku("规格:525g/21包", 99), sku("规格:750g/30包", 129), sku("规格:1050g/42包", 169)] },
    { title: "小米粒 东北五常大米 稻花香 当季新米", cid: 50016422, weight: 8, skus: [sku("净含量:5kg", 59.9), sku("净含量:10kg", 109.9)] },
    { title: "小米粒 山西沁州黄小米 月子米 小米粥", cid: 50016422, weight: 6, skus: [sku("净含量:2.5kg", 39.9), sku("净含量:5kg", 69.9)] },
    { title: "小米粒 手剥山核桃仁 临安特产 200g", cid: 50010550, weight: 5, skus: [sku("口味:椒盐", 58), sku("口味:奶油", 58)] },
    { title: "小米粒 碧根果 长寿果 奶油味 500g", cid: 50010550, weight: 6, promoPct: 5, skus: [sku("规格:500g*1袋", 45.9), sku("规格:500g*2袋", 79.9)] },
    { title: "小米粒 芒果干 泰国风味 办公室休闲零食", cid: 50008055, weight: 7, skus: [sku("净含量:500g", 29.9), sku("净含量:1kg", 54.9)] },
    { title: "小米粒 靖江猪肉脯 260g 休闲肉干", cid: 50008055, weight: 6, skus: [sku("口味:原味", 35.9), sku("口味:蜜汁", 35.9), sku("口味:香辣", 35.9)] },
    { title: "小米粒 儿童海苔脆片 夹心海苔 40g*6", cid: 50008055, weight: 4, skus: [sku("口味:原味", 25.9), sku("口味:芝麻", 25.9)] },
    { title: "小米粒 冻干草莓脆 30g*5袋", cid: 50008055, weight: 3, skus: [sku("规格:5袋装", 29.9)] },
    { title: "小米粒 即食燕麦片 无添加蔗糖 1kg", cid: 50016422, weight: 5, skus: [sku("口味:原味", 22.9), sku("口味:牛奶", 25.9)] },
    { title: "小米粒 新疆若羌灰枣 红枣 1kg", cid: 50008055, weight: 4, skus: [sku("等级:特级", 39.9), sku("等级:一级", 29.9)] },
    { title: "小米粒 夏威夷果 奶油味 500g 送开果器", cid: 50010550, weight: 4, skus: [sku("规格:500g", 32.9)] },
    { title: "小米粒 零食大礼包 一整箱 送女友 年货", cid: 50008055, weight: 5, promoPct: 15, skus: [sku("款式:豪华款12袋", 99), sku("款式:至尊款20袋", 159)] },
    { title: "小米粒 黑芝麻丸 九蒸九晒 252g", cid: 50008055, weight: 3, skus: [sku("规格:252g", 39.9)] },
    { title: "小米粒 糙米卷 夹心米饼 320g", cid: 50008055, weight: 4, skus: [sku("口味:巧克力", 19.9), sku("口味:芝士", 19.9)] },
    { title: "小米粒 内蒙古风干牛肉干 250g", cid: 50008055, weight: 4, skus: [sku("口味:原味", 69.9), sku("口味:麻辣", 69.9)] },
    { title: "小米粒 八宝粥米 杂粮组合 2kg", cid: 50016422, weight: 3, skus: [sku("净含量:2kg", 34.9)] },
    { title: "小米粒 越南紫皮腰果 盐焗 500g", cid: 50010550, weight: 4, skus: [sku("规格:500g", 59.9), sku("规格:1000g", 109)] },
  ],
  home: [
    {
      title: "棉语 全棉四件套 纯棉床单被套 ins风",
      cid: 50008163,
      weight: 9,
      promoPct: 10,
      skus: grid(["颜色分类", ["浅灰格", "雾霾蓝", "奶白"]], ["适用床尺寸", [["1.5m床", 299], ["1.8m床", 329]]]),
    },
    { title: "棉语 新疆长绒棉毛巾 3条装 洗脸巾", cid: 50013035, weight: 8, skus: [sku("颜色分类:白色", 59), sku("颜色分类:粉色", 59), sku("颜色分类:蓝色", 59)] },
    { title: "棉语 纯棉浴巾 70x140cm 吸水速干", cid: 50013035, weight: 6, skus: [sku("颜色分类:米白", 69), sku("颜色分类:灰色", 69)] },
    { title: "棉语 泰国天然乳胶枕 护颈枕", cid: 50008164, weight: 6, skus: [sku("规格:单只装", 159), sku("规格:一对装", 299)] },
    { title: "棉语 水洗棉夏凉被 空调被 可机洗", cid: 50008165, weight: 5, skus: [sku("尺寸:150x200cm", 129), sku("尺寸:200x230cm", 159)] },
    { title: "棉语 桑蚕丝被 冬被 100%桑蚕丝", cid: 50008165, weight: 3, skus: [sku("重量:2斤", 599), sku("重量:4斤", 899), sku("重量:6斤", 1199)] },
    {
      title: "棉语 纯棉睡衣女 春秋长袖家居服套装",
      cid: 50012772,
      weight: 6,
      skus: grid(["颜色分类", ["粉色", "灰色"]], ["尺码", [["M", 129], ["L", 129], ["XL", 139]]]),
    },
    { title: "棉语 白鹅绒羽绒枕芯 48x74cm", cid: 50008164, weight: 3, skus: [sku("规格:单只", 199)] },
    { title: "棉语 珊瑚绒毯子 午睡毯 盖毯", cid: 50008165, weight: 5, skus: [sku("尺寸:100x150cm", 59), sku("尺寸:150x200cm", 89)] },
    { title: "棉语 防螨床笠 单件 全包床罩", cid: 50008163, weight: 4, skus: [sku("尺寸:1.5m床", 79), sku("尺寸:1.8m床", 89)] },
    { title: "棉语 纯棉地垫 卫生间吸水 防滑", cid: 50013035, weight: 4, skus: [sku("尺寸:40x60cm", 29), sku("尺寸:50x80cm", 39)] },
    { title: "棉语 记忆棉坐垫 办公室久坐", cid: 50008164, weight: 3, skus: [sku("颜色分类:深灰", 49), sku("颜色分类:卡其", 49)] },
  ],
  digital: [
    { title: "森屿 iPhone 15 手机壳 磁吸 透明防摔", cid: 50024099, weight: 9, skus: grid(["颜色分类", ["透明", "磨砂黑"]], ["适用型号", [["iPhone 15", 39], ["iPhone 15 Pro", 39], ["iPhone 15 Pro Max", 45]]]) },
    { title: "森屿 Type-C 快充数据线 100W 编织线", cid: 50024100, weight: 8, skus: [sku("长度:1米", 19.9), sku("长度:2米", 25.9)] },
    { title: "森屿 20000毫安 充电宝 22.5W 快充", cid: 50024101, weight: 6, skus: [sku("颜色分类:白色", 129), sku("颜色分类:黑色", 129)] },
    { title: "森屿 蓝牙耳机 主动降噪 半入耳式", cid: 50024102, weight: 6, skus: [sku("颜色分类:星空黑", 199), sku("颜色分类:珍珠白", 199)] },
    { title: "森屿 钢化膜 全屏覆盖 防偷窥 2片装", cid: 50024099, weight: 7, skus: [sku("适用型号:iPhone 15", 29.9), sku("适用型号:iPhone 15 Pro", 29.9)] },
    { title: "森屿 65W 氮化镓充电器 三口快充", cid: 50024101, weight: 5, skus: [sku("规格:单头", 89), sku("规格:头+线套装", 109)] },
  ],
  baby: [
    { title: "青禾 婴儿纸尿裤 超薄透气 尿不湿", cid: 50012487, weight: 9, skus: grid(["尺码", ["S", "M", "L", "XL"]], ["包装", [["单包", 89], ["箱装4包", 329]]]) },
    { title: "青禾 婴儿湿巾 手口专用 80抽x10包", cid: 50012488, weight: 8, skus: [sku("规格:10包", 59.9)] },
    { title: "青禾 宽口径PPSU奶瓶 防胀气", cid: 50012489, weight: 5, skus: [sku("容量:180ml", 129), sku("容量:240ml", 139)] },
    { title: "青禾 婴儿洗衣液 酵素除菌 2L", cid: 50012490, weight: 5, skus: [sku("规格:2L", 49.9), sku("规格:2L*2瓶", 89)] },
    { title: "青禾 儿童保温杯 316不锈钢 吸管杯", cid: 50012489, weight: 4, skus: [sku("颜色分类:粉色", 99), sku("颜色分类:蓝色", 99)] },
  ],
};

export interface CityDef {
  /** "" for county-level cities directly under a province (the district is then the city). */
  city: string;
  zip: string;
  districts: string[];
}

export interface ProvinceDef {
  state: string;
  weight: number;
  cities: CityDef[];
  /** Extra post fee in fen for remote regions. */
  remote?: boolean;
}

const c = (city: string, zip: string, districts: string): CityDef => ({ city, zip, districts: districts.split(" ") });

export const PROVINCES: ProvinceDef[] = [
  { state: "广东省", weight: 12, cities: [c("广州市", "510000", "天河区 越秀区 海珠区 白云区 番禺区"), c("深圳市", "518000", "南山区 福田区 宝安区 龙岗区"), c("佛山市", "528000", "禅城区 南海区 顺德区")] },
  { state: "浙江省", weight: 9, cities: [c("杭州市", "310000", "西湖区 上城区 拱墅区 滨江区 余杭区"), c("宁波市", "315000", "鄞州区 海曙区 江北区"), c("温州市", "325000", "鹿城区 瓯海区")] },
  { state: "江苏省", weight: 9, cities: [c("南京市", "210000", "玄武区 鼓楼区 建邺区 江宁区"), c("苏州市", "215000", "姑苏区 工业园区 吴中区 昆山市"), c("无锡市", "214000", "梁溪区 滨湖区")] },
  { state: "上海", weight: 6, cities: [c("上海市", "200000", "浦东新区 徐汇区 闵行区 静安区 杨浦区 宝山区")] },
  { state: "北京", weight: 5, cities: [c("北京市", "100000", "朝阳区 海淀区 丰台区 东城区 西城区 通州区")] },
  { state: "山东省", weight: 6, cities: [c("济南市", "250000", "历下区 市中区 槐荫区"), c("青岛市", "266000", "市南区 崂山区 黄岛区")] },
  { state: "河南省", weight: 5, cities: [c("郑州市", "450000", "金水区 管城回族区 二七区 中原区"), c("洛阳市", "471000", "西工区 洛龙区"), c("", "459000", "济源市")] },
  { state: "四川省", weight: 5, cities: [c("成都市", "610000", "武侯区 锦江区 成华区 高新区 双流区"), c("绵阳市", "621000", "涪城区 游仙区")] },
  { state: "湖北省", weight: 4, cities: [c("武汉市", "430000", "洪山区 武昌区 江汉区 江岸区"), c("宜昌市", "443000", "西陵区 伍家岗区"), c("", "433000", "仙桃市")] },
  { state: "福建省", weight: 4, cities: [c("福州市", "350000", "鼓楼区 台江区 仓山区"), c("厦门市", "361000", "思明区 湖里区 集美区")] },
  { state: "湖南省", weight: 3.5, cities: [c("长沙市", "410000", "岳麓区 芙蓉区 天心区 雨花区")] },
  { state: "安徽省", weight: 3.5, cities: [c("合肥市", "230000", "蜀山区 包河区 庐阳区"), c("芜湖市", "241000", "镜湖区 弋江区")] },
  { state: "河北省", weight: 3.5, cities: [c("石家庄市", "050000", "长安区 桥西区 裕华区"), c("保定市", "071000", "竞秀区 莲池区")] },
  { state: "陕西省", weight: 2.5, cities: [c("西安市", "710000", "雁塔区 碑林区 未央区 长安区")] },
  { state: "辽宁省", weight: 2.5, cities: [c("沈阳市", "110000", "和平区 沈河区 浑南区"), c("大连市", "116000", "中山区 沙河口区 甘井子区")] },
  { state: "重庆", weight: 2.5, cities: [c("重庆市", "400000", "渝中区 江北区 南岸区 渝北区 沙坪坝区")] },
  { state: "天津", weight: 2, cities: [c("天津市", "300000", "和平区 南开区 河西区 滨海新区")] },
  { state: "江西省", weight: 2, cities: [c("南昌市", "330000", "东湖区 西湖区 红谷滩区")] },
  { state: "广西壮族自治区", weight: 2, cities: [c("南宁市", "530000", "青秀区 兴宁区 西乡塘区"), c("桂林市", "541000", "七星区 象山区")] },
  { state: "云南省", weight: 1.5, cities: [c("昆明市", "650000", "五华区 盘龙区 官渡区")] },
  { state: "山西省", weight: 1.5, cities: [c("太原市", "030000", "小店区 迎泽区 杏花岭区")] },
  { state: "黑龙江省", weight: 1.2, cities: [c("哈尔滨市", "150000", "南岗区 道里区 香坊区")] },
  { state: "吉林省", weight: 1, cities: [c("长春市", "130000", "朝阳区 南关区 绿园区")] },
  { state: "贵州省", weight: 1, cities: [c("贵阳市", "550000", "南明区 云岩区 观山湖区")] },
  { state: "海南省", weight: 0.6, cities: [c("海口市", "570000", "龙华区 美兰区"), c("三亚市", "572000", "吉阳区 天涯区")] },
  { state: "甘肃省", weight: 0.6, cities: [c("兰州市", "730000", "城关区 七里河区")], remote: true },
  { state: "内蒙古自治区", weight: 0.8, cities: [c("呼和浩特市", "010000", "新城区 赛罕区")], remote: true },
  { state: "新疆维吾尔自治区", weight: 0.6, cities: [c("乌鲁木齐市", "830000", "天山区 沙依巴克区 新市区")], remote: true },
  { state: "宁夏回族自治区", weight: 0.3, cities: [c("银川市", "750000", "兴庆区 金凤区")], remote: true },
  { state: "青海省", weight: 0.2, cities: [c("西宁市", "810000", "城西区 城东区")], remote: true },
  { state: "西藏自治区", weight: 0.1, cities: [c("拉萨市", "850000", "城关区 堆龙德庆区")], remote: true },
];

export const PROVINCE_WEIGHTS = PROVINCES.map((p) => p.weight);

export const TOWN_STEMS = ["城关", "新华", "人民", "东湖", "长安", "解放", "中山", "文化", "和平", "建设", "湖滨", "望江", "南苑", "北站", "西溪", "翠苑"];

export const ROADS = [
  "文三路", "文二路", "中山北路", "人民路", "解放路", "建设大道", "滨江大道", "学院路", "科技路", "长江路", "黄河路", "南京路",
  "延安路", "幸福路", "光明街", "朝阳路", "青年路", "新华路", "和平路", "工业大道", "振兴路", "东风路", "五一路", "花园路",
];

export const COMMUNITIES = [
  "万科城", "阳光花园", "金色家园", "锦绣华庭", "翠苑一区", "绿城桂花园", "碧桂园", "保利天悦", "龙湖春江", "融创城", "世纪新城",
  "滨江金色海岸", "香樟园", "枫林小区", "东方名苑", "书香门第", "和谐家园", "紫金港湾",
];

export const SURNAMES = [
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
  "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
  "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "闫",
  "欧阳", "司马",
];

export const GIVEN_CHARS = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉健俊帆浩宇欣怡梓涵子轩雨桐思远嘉琪晨曦佳慧";

export const NICK_WORDS = [
  "快乐的小猫", "追风少年", "吃货一枚", "柠檬不萌", "阳光下的微笑", "一只小土豆", "安静的美男子", "奶茶续命", "星河滚烫",
  "晚风", "小确幸", "爱吃鱼的猫", "云朵棉花糖", "向日葵", "早睡早起", "海盐芝士", "北方的雪", "南山南",
];

export const MOBILE_PREFIXES = [
  "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157", "158", "159",
  "166", "176", "177", "178", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199",
];

/** Buyer messages (~15 % of trades). Some carry characters that need escaping everywhere. */
export const BUYER_MESSAGES = [
  "请尽快发货，谢谢！",
  "不要放快递柜，直接送到家，谢谢",
  "送人的，麻烦不要放价格单",
  "周末不在家，请工作日配送",
  "能发顺丰吗？可以补运费",
  "包装结实一点，上次有破损",
  "帮忙多放几包湿巾 😊",
  "地址写错了，请改为东门快递柜",
  "备注：\"生日礼物\"，请附贺卡：祝妈妈生日快乐！",
  "发票抬头：杭州某某科技有限公司 税号 91330106MA2XXXXX01",
  "急用！<b>今天</b>能发吗？",
  "买二送一的赠品别忘了 & 谢谢",
  "请用纸箱包装，路径 C:\\礼物\\不要压",
  "到了请打电话，不要敲门，宝宝在睡觉",
];

/** Seller memos (~10 % of paid trades) with a flag. */
export const SELLER_MEMOS = [
  "已联系买家，改发顺丰",
  "赠品：试吃装×2",
  "老客户，下次送优惠券",
  "地址已核实",
  "缺货，预计3天后发",
  "买家要求改色：雾霾蓝→奶白",
  "合并发货，同一地址另一单",
  "买家催发货，优先处理",
  "已补差价 10 元",
];
export const SELLER_FLAG_WEIGHTS = [0, 35, 20, 20, 15, 10];

export const COURIER_NAMES = ["张师傅", "李师傅", "王师傅", "刘师傅", "陈师傅", "赵师傅"];
export const SIGNERS = ["本人", "家门口", "快递柜", "驿站代收", "前台代收", "家人代收"];
