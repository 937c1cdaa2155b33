/**
 * Real-shaped TOP payloads (inner objects of `<method>_response`) as raw JSON text, so that
 * 19-digit ids stay exact. Shapes follow top-data.md §6 (a real, already-masked 2014 trade and a
 * trace) with modern 19-digit ids.
 */

export const BIG_TID = "3796207345637527441";
export const BIG_OID_1 = "3796207345638527441";
export const BIG_OID_2 = "3796207345639527441";
/** 2^53 + 1: the first integer JSON.parse cannot hold. */
export const UNSAFE_NUM_IID = "9007199254740993";

/** A modern two-order trade as trades.sold.get returns it (list fields). */
export const TRADE_LIST_ITEM = `{"tid":${BIG_TID},"tid_str":"${BIG_TID}","status":"WAIT_SELLER_SEND_GOODS","type":"fixed",
 "created":"2026-11-20 21:40:01","modified":"2026-11-20 21:41:12","pay_time":"2026-11-20 21:40:24",
 "buyer_open_uid":"AAHk5d-EAAeGwJedwSHU1Bk2","buyer_nick":"t**1","seller_nick":"梳美人精品木梳","title":"梳美人旗舰店",
 "payment":"199.99","total_fee":"189.99","post_fee":"10.00","discount_fee":"5.50","adjust_fee":"-5.50","received_payment":"0.00",
 "receiver_name":"闫**","receiver_mobile":"1573672****","receiver_state":"河南省","receiver_city":"郑州市","receiver_district":"管城回族区",
 "receiver_town":"南关街道","receiver_zip":"450000","receiver_address":"南关**号北**单**楼西户","oaid":"1a2B3c4D5e6F7g8H9iJ",
 "has_buyer_message":true,"seller_flag":2,"shipping_type":"express","is_part_consign":false,
 "orders":{"order":[
  {"oid":${BIG_OID_1},"oid_str":"${BIG_OID_1}","num_iid":${UNSAFE_NUM_IID},"sku_id":"56388300261","title":"梳美人天然绿檀木梳子",
   "pic_path":"https://img.alicdn.com/bao/uploaded/i1/comb.jpg","sku_properties_name":"颜色分类:绿檀大圆把","outer_iid":"SMR-01","outer_sku_id":"SMR-01-G",
   "price":"38.00","num":2,"total_fee":"76.00","payment":"76.00","discount_fee":"0.00","adjust_fee":"0.00","divide_order_fee":"76.00",
   "status":"WAIT_SELLER_SEND_GOODS","refund_status":"NO_REFUND"},
  {"oid":${BIG_OID_2},"oid_str":"${BIG_OID_2}","num_iid":37000093369,"title":"黄杨木梳","price":"113.99","num":1,
   "total_fee":"113.99","payment":"113.99","status":"WAIT_SELLER_SEND_GOODS","refund_status":"WAIT_SELLER_AGREE","refund_id":"211046339382527441"}
 ]}}`;

export const TRADES_SOLD_GET = `{"total_results":2,"trades":{"trade":[${TRADE_LIST_ITEM},
 {"tid":518073718172548,"status":"TRADE_FINISHED","type":"fixed","created":"2014-01-15 21:40:01","modified":"2014-02-06 15:35:43",
  "pay_time":"2014-01-15 21:40:24","consign_time":"2014-01-17 15:31:07","end_time":"2014-01-27 15:32:23",
  "buyer_nick":"老婆最大51521","payment":"76.00","post_fee":"0.00","total_fee":"76.00","seller_flag":0,"seller_nick":"梳美人精品木梳",
  "receiver_name":"闫**","receiver_mobile":"1573672****","receiver_state":"河南省","receiver_city":"郑州市","receiver_district":"管城回族区",
  "receiver_address":"南关**号北**单**楼西户","shipping_type":"express",
  "orders":{"order":[{"oid":518073718172548,"num_iid":37000093369,"sku_id":"56388300261","title":"梳美人天然绿檀木梳子",
   "sku_properties_name":"颜色分类:绿檀大圆把","price":"38.00","num":2,"payment":"76.00","total_fee":"76.00","status":"TRADE_FINISHED",
   "refund_status":"NO_REFUND","logistics_company":"顺丰速运","invoice_no":"550281136794","consign_time":"2014-01-17 15:31:07"}]}}
]},"request_id":"3q7e0z2xpb2k"}`;

export const TRADES_INCREMENT_GET_HAS_NEXT = `{"has_next":true,"trades":{"trade":[${TRADE_LIST_ITEM}]},"request_id":"1xv9ob3v0rns"}`;

/** An empty page: TOP omits the empty list. */
export const TRADES_EMPTY = `{"total_results":0,"request_id":"ftr3yb0xbwfu"}`;

export const TRADE_FULLINFO = `{"trade":${TRADE_LIST_ITEM.replace(
  '"has_buyer_message":true,',
  '"has_buyer_message":true,"buyer_message":"请用顺丰，谢谢","seller_memo":"已备注：送小样","buyer_memo":"",',
)},"request_id":"2b5qvnb7hbwz"}`;

export const TRADES_SOLD_QUERY = `{"tid_list":{"string":["${BIG_TID}","518073718172548"]},"request_id":"2a3d"}`;

export const TRACE = `{"out_sid":"1324657987","company_name":"中通快递","tid":${BIG_TID},"status":"对方已签收",
 "trace_list":{"transit_step_info":[
  {"status_time":"2026-11-22 14:03:00","status_desc":"【郑州市】已签收，签收人：本人","action":"TMS_SIGN"},
  {"status_time":"2026-11-20 09:12:00","status_desc":"【杭州市】中通快递 已揽收","action":"TMS_ACCEPT"},
  {"status_time":"2026-11-21 03:40:00","status_desc":"【杭州转运中心】已发出 下一站【郑州转运中心】","action":"TMS_TRANSPORT"}]},
 "request_id":"tr4c3"}`;

export const COMPANIES = `{"logistics_companies":{"logistics_company":[
 {"code":"ZTO","id":500,"name":"中通快递","reg_mail_no":"^((768|778|828|618|680|518|528|688|010|880|660|805|988|628|205|717|718|728|761|762|763|701|757|719|751|358|100|200|118|128|689|738|359|779|852)[0-9]{9})$|^((5711|2008|2009|2010|2013)[0-9]{8})$|^((91|92|93|94|95|98|36|68|39|50|53|37)[0-9]{10})$"},
 {"code":"SF","id":505,"name":"顺丰速运","reg_mail_no":"^[A-Za-z0-9-]{4,35}$"},
 {"code":"DTW","id":512,"name":"大田"}]},"request_id":"c0mp"}`;

export const OFFLINE_SEND = `{"shipping":{"is_success":true},"request_id":"sh1p"}`;

export const MEMO_UPDATE = `{"trade":{"tid":${BIG_TID},"modified":"2026-11-28 09:30:00"},"request_id":"m3m0"}`;

export const OAID_DECRYPT = `{"receiver_list":{"receiver":[{"oaid":"1a2B3c4D5e6F7g8H9iJ","tid":${BIG_TID},"name":"闫小明","mobile":"15736720000",
 "phone":"","state":"河南省","city":"郑州市","district":"管城回族区","town":"南关街道","address_detail":"南关街12号北院3单元4楼西户","matched":true}]},
 "request_id":"0a1d"}`;

export const TMC_MESSAGE_ID = "2150002419863421501";

export const TMC_CONSUME = `{"messages":{"tmc_message":[
 {"id":${TMC_MESSAGE_ID},"topic":"taobao_trade_TradeBuyerPay","pub_app_key":"12497914","pub_time":"2026-11-20 21:40:25",
  "user_id":2207495810,"user_nick":"梳美人精品木梳",
  "content":"{\\"buyer_nick\\":\\"t**1\\",\\"payment\\":\\"199.99\\",\\"oid\\":${BIG_OID_1},\\"tid\\":${BIG_TID},\\"type\\":\\"fixed\\",\\"seller_nick\\":\\"梳美人精品木梳\\",\\"status\\":\\"WAIT_SELLER_SEND_GOODS\\"}"},
 {"id":2150002419863421502,"topic":"taobao_trade_TradeMemoModified","pub_app_key":"12497914","pub_time":"2026-11-20 21:45:00",
  "user_id":2207495810,"user_nick":"梳美人精品木梳","content":"not json"}]},"request_id":"tmc1"}`;

export const TMC_CONFIRM = `{"is_success":true,"request_id":"tmc2"}`;
