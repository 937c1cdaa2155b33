/**
 * Test helpers for the orders list: a shop with generated trades written through the one writer
 * (lib/sync/store), so the rollups and the search index are maintained as in production, and a
 * Viewer for it. Deterministic for a seed.
 */
import type { Viewer } from "@/lib/auth/viewer";
import type { Role } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { syncSql } from "@/lib/sync/sql";
import { storeTradesWork } from "@/lib/sync/store";
import type { FetchedTrade } from "@/lib/sync/rows";
import type { RefundStatus, SellerFlag, ShippingType, TopOrder, TopTrade, TradeStatus } from "@/lib/top";

export const TEST_STATUSES: TradeStatus[] = ["WAIT_BUYER_PAY", "WAIT_SELLER_SEND_GOODS", "SELLER_CONSIGNED_PART", "WAIT_BUYER_CONFIRM_GOODS", "TRADE_FINISHED", "TRADE_CLOSED", "TRADE_CLOSED_BY_TAOBAO"];
export const TEST_REFUNDS: RefundStatus[] = ["NO_REFUND", "NO_REFUND", "NO_REFUND", "WAIT_SELLER_AGREE", "SUCCESS", "CLOSED"];
export const TEST_PROVINCES = ["浙江省", "广东省", "上海", "北京"];
export const TEST_TITLES = ["梳美人天然绿檀木梳子", "纯棉四件套 床上用品", "无线蓝牙耳机 降噪", "儿童保温杯 316不锈钢", "手工羊毛围巾"];
const TYPES = ["fixed", "fixed", "step", "cod"];
const SHIPS: ShippingType[] = ["express", "free", "ems"];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function newTestShop(nick = "列表测试店"): Promise<string> {
  const s = await db().shop.create({ data: { taobaoUserId: `orders-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`, nick } });
  return s.id;
}

export function testViewer(shopId: string, role: Role = "OWNER", shops: { id: string; role: Role }[] = []): Viewer {
  return {
    userId: `user-${shopId}`,
    nick: "测试员",
    isSubAccount: false,
    shopId,
    shopNick: "列表测试店",
    shopStatus: "ACTIVE",
    role,
    shops: [{ id: shopId, nick: "列表测试店", role }, ...shops.map((s) => ({ id: s.id, nick: "另一店", role: s.role }))],
  };
}

/**
 * `n` trades created over `days` Asia/Shanghai days ending at `end`, tids `<prefix><seq>`
 * (19 digits). Returns the trades as written.
 */
export function genTrades(opts: { n: number; seed: number; end: Date; days: number; tidPrefix: string }): TopTrade[] {
  const r = rng(opts.seed);
  const pick = <T,>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const out: TopTrade[] = [];
  for (let i = 0; i < opts.n; i++) {
    const tid = `${opts.tidPrefix}${String(i).padStart(19 - opts.tidPrefix.length, "0")}`;
    const created = new Date(opts.end.getTime() - Math.floor(r() * opts.days * 86_400_000));
    const status = pick(TEST_STATUSES);
    const paid = status !== "WAIT_BUYER_PAY" && status !== "TRADE_CLOSED_BY_TAOBAO";
    const shipped = ["SELLER_CONSIGNED_PART", "WAIT_BUYER_CONFIRM_GOODS", "TRADE_FINISHED"].includes(status);
    const lineCount = 1 + Math.floor(r() * 3);
    const orders: TopOrder[] = Array.from({ length: lineCount }, (_, k) => {
      const price = 100 + Math.floor(r() * 50_000);
      const num = 1 + Math.floor(r() * 3);
      return {
        oid: lineCount === 1 ? tid : (BigInt(tid) + BigInt(k + 1) * 1_000_000_000n).toString(),
        numIid: String(600_000 + Math.floor(r() * 20)),
        skuId: null,
        title: pick(TEST_TITLES),
        picPath: null,
        skuPropertiesName: `颜色分类:${pick(["绿色", "红色", "蓝色"])};尺码:${pick(["S", "M", "XL"])}`,
        outerIid: `OUT-${i % 50}`,
        outerSkuId: null,
        priceFen: price,
        num,
        totalFeeFen: price * num,
        paymentFen: price * num,
        discountFeeFen: 0,
        adjustFeeFen: 0,
        divideOrderFeeFen: null,
        status,
        refundStatus: paid ? pick(TEST_REFUNDS) : "NO_REFUND",
        refundId: null,
        logisticsCompany: shipped ? "中通快递" : null,
        invoiceNo: shipped ? `7${String(opts.seed % 1000).padStart(3, "0")}${String(i).padStart(9, "0")}` : null,
        consignTime: null,
        endTime: null,
      };
    });
    const postFee = r() < 0.3 ? 800 : 0;
    const payTime = paid ? new Date(created.getTime() + 60_000 + Math.floor(r() * 3_600_000)) : null;
    out.push({
      tid,
      status,
      type: pick(TYPES),
      created,
      modified: new Date(created.getTime() + 7_200_000),
      payTime,
      consignTime: shipped && payTime ? new Date(payTime.getTime() + 3_600_000) : null,
      endTime: null,
      buyerOpenUid: `AAE${i % 37}`,
      buyerNick: `${pick(["快", "小", "老"])}**${pick(["猫", "狗", "鱼"])}${i % 7}`,
      sellerNick: "列表测试店",
      shopTitle: "列表测试店",
      paymentFen: orders.reduce((s, o) => s + o.paymentFen, 0) + postFee,
      totalFeeFen: orders.reduce((s, o) => s + o.totalFeeFen, 0),
      postFeeFen: postFee,
      discountFeeFen: 0,
      adjustFeeFen: 0,
      receivedPaymentFen: null,
      receiverState: pick(TEST_PROVINCES),
      receiverCity: null,
      receiverDistrict: null,
      receiverTown: null,
      receiverZip: null,
      receiverName: "闫**",
      receiverMobile: "1573672****",
      receiverPhone: null,
      receiverAddress: null,
      oaid: null,
      hasBuyerMessage: r() < 0.2,
      buyerMessage: null,
      buyerMemo: null,
      sellerMemo: null,
      sellerFlag: (r() < 0.7 ? 0 : 1 + Math.floor(r() * 5)) as SellerFlag,
      shippingType: pick(SHIPS),
      stepTradeStatus: null,
      stepPaidFeeFen: null,
      isPartConsign: null,
      orders,
    });
  }
  return out;
}

export async function writeTrades(shopId: string, trades: TopTrade[]): Promise<void> {
  const sql = await syncSql();
  for (let i = 0; i < trades.length; i += 200) {
    const batch: FetchedTrade[] = trades.slice(i, i + 200).map((trade) => ({ trade, rawJson: JSON.stringify({ tid: trade.tid }), source: "list" }));
    await sql.tx(() => storeTradesWork(sql.dialect, { shopId, trades: batch, leaseOwner: null, now: new Date() }));
  }
}
