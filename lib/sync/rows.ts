/**
 * Trade → row mapping: a normalized TopTrade (lib/top) plus the raw object TOP sent becomes one
 * Trade row and its TradeOrder rows, in the column order of TRADE_COLS / ORDER_COLS.
 */
import type { TopTrade } from "@/lib/top";
import type { RefundStatus } from "@/lib/top/types";
import type { Col } from "./sql";

/** Refund states that keep a line "in refund" (退款中 tab). */
export const OPEN_REFUND_STATUSES: ReadonlySet<string> = new Set(["WAIT_SELLER_AGREE", "WAIT_BUYER_RETURN_GOODS", "WAIT_SELLER_CONFIRM_GOODS", "SELLER_REFUSE_BUYER"]);

/**
 * Each refund status's bit in Trade.refundMask, the set of its lines' refund statuses. Fixed
 * values: they are stored (and written into the migration that filled the column).
 */
export const REFUND_BITS: Readonly<Record<RefundStatus, number>> = {
  NO_REFUND: 1,
  WAIT_SELLER_AGREE: 2,
  WAIT_BUYER_RETURN_GOODS: 4,
  WAIT_SELLER_CONFIRM_GOODS: 8,
  SELLER_REFUSE_BUYER: 16,
  CLOSED: 32,
  SUCCESS: 64,
};

/** The mask of a trade whose every line is NO_REFUND: most trades (the refund index leaves them out). */
export const NO_REFUND_MASK = REFUND_BITS.NO_REFUND;

/** The bits of the open refund states: a trade is `refunding` exactly when its mask holds one. */
export const OPEN_REFUND_MASK = [...OPEN_REFUND_STATUSES].reduce((m, s) => m | REFUND_BITS[s as RefundStatus], 0);

/** The set of the lines' refund statuses (a status TOP adds later sets no bit). */
export function refundMaskOf(lines: readonly { refundStatus: string }[]): number {
  let mask = 0;
  for (const o of lines) mask |= REFUND_BITS[o.refundStatus as RefundStatus] ?? 0;
  return mask;
}

export type TradeSource = "list" | "detail";

/** One trade as fetched: the domain object and the JSON of the wire object (ids as strings). */
export interface FetchedTrade {
  trade: TopTrade;
  rawJson: string;
  source: TradeSource;
}

/** Trade columns written from a list response (detail-only fields excluded). */
export const TRADE_LIST_COLS: readonly Col[] = [
  { name: "tid", type: "text" },
  { name: "shopId", type: "text" },
  { name: "status", type: "text" },
  { name: "type", type: "text" },
  { name: "created", type: "ts" },
  { name: "modified", type: "ts" },
  { name: "payTime", type: "ts" },
  { name: "consignTime", type: "ts" },
  { name: "endTime", type: "ts" },
  { name: "buyerOpenUid", type: "text" },
  { name: "buyerNick", type: "text" },
  { name: "sellerNick", type: "text" },
  { name: "paymentFen", type: "int" },
  { name: "totalFeeFen", type: "int" },
  { name: "postFeeFen", type: "int" },
  { name: "discountFeeFen", type: "int" },
  { name: "adjustFeeFen", type: "int" },
  { name: "receivedPaymentFen", type: "int" },
  { name: "receiverState", type: "text" },
  { name: "receiverCity", type: "text" },
  { name: "receiverDistrict", type: "text" },
  { name: "receiverTown", type: "text" },
  { name: "receiverZip", type: "text" },
  { name: "receiverName", type: "text" },
  { name: "receiverMobile", type: "text" },
  { name: "receiverPhone", type: "text" },
  { name: "receiverAddress", type: "text" },
  { name: "oaid", type: "text" },
  { name: "hasBuyerMessage", type: "bool" },
  { name: "sellerFlag", type: "int" },
  { name: "shippingType", type: "text" },
  { name: "stepTradeStatus", type: "text" },
  { name: "stepPaidFeeFen", type: "int" },
  { name: "isPartConsign", type: "bool" },
  { name: "itemCount", type: "int" },
  { name: "lineCount", type: "int" },
  { name: "refunding", type: "bool" },
  { name: "refundMask", type: "int" },
  { name: "searchText", type: "text" },
  { name: "rawJson", type: "text" },
  { name: "source", type: "text" },
  { name: "detailPending", type: "bool" },
  { name: "detailAttempts", type: "int" },
  { name: "detailRetryAt", type: "ts" },
  { name: "syncedAt", type: "ts" },
];

/** Written only by a detail (fullinfo.get) response. */
export const TRADE_DETAIL_COLS: readonly Col[] = [
  { name: "buyerMessage", type: "text" },
  { name: "buyerMemo", type: "text" },
  { name: "sellerMemo", type: "text" },
  { name: "detailModified", type: "ts" },
  { name: "detailFetchedAt", type: "ts" },
];

/** Set on insert only. */
export const TRADE_INSERT_ONLY_COLS: readonly Col[] = [{ name: "firstSyncedAt", type: "ts" }];

export const ORDER_COLS: readonly Col[] = [
  { name: "oid", type: "text" },
  { name: "tid", type: "text" },
  { name: "shopId", type: "text" },
  { name: "position", type: "int" },
  { name: "numIid", type: "text" },
  { name: "skuId", type: "text" },
  { name: "title", type: "text" },
  { name: "picPath", type: "text" },
  { name: "skuPropertiesName", type: "text" },
  { name: "outerIid", type: "text" },
  { name: "outerSkuId", type: "text" },
  { name: "priceFen", type: "int" },
  { name: "num", type: "int" },
  { name: "totalFeeFen", type: "int" },
  { name: "paymentFen", type: "int" },
  { name: "discountFeeFen", type: "int" },
  { name: "adjustFeeFen", type: "int" },
  { name: "divideOrderFeeFen", type: "int" },
  { name: "status", type: "text" },
  { name: "refundStatus", type: "text" },
  { name: "refundId", type: "text" },
  { name: "logisticsCompany", type: "text" },
  { name: "invoiceNo", type: "text" },
  { name: "consignTime", type: "ts" },
  { name: "endTime", type: "ts" },
];

/** Trades that need detail-only fields: a buyer message, or a seller memo flag (top-data.md §5). */
export function needsDetail(t: Pick<TopTrade, "hasBuyerMessage" | "sellerFlag">): boolean {
  return t.hasBuyerMessage || t.sellerFlag > 0;
}

const SEARCH_TEXT_MAX = 2_000;

/**
 * Lines' titles, SKU texts and outer ids: what the orders search box finds by substring. Lower
 * case, so that PostgreSQL matches it with LIKE (half the per-row cost of ILIKE); SQLite's trigram
 * index ignores case either way.
 */
export function searchTextOf(t: TopTrade): string {
  const parts: string[] = [];
  for (const o of t.orders) {
    parts.push(o.title);
    if (o.skuPropertiesName) parts.push(o.skuPropertiesName);
    if (o.outerIid) parts.push(o.outerIid);
    if (o.outerSkuId) parts.push(o.outerSkuId);
  }
  const s = parts.join(" ");
  return (s.length > SEARCH_TEXT_MAX ? s.slice(0, SEARCH_TEXT_MAX) : s).toLowerCase();
}

export interface TradeRowInput {
  shopId: string;
  fetched: FetchedTrade;
  /** The detail (fullinfo) already stored for this modified, when known. */
  detailPending: boolean;
  detailAttempts: number;
  now: Date;
}

/** Values in TRADE_LIST_COLS order. */
export function tradeListValues(i: TradeRowInput): unknown[] {
  const t = i.fetched.trade;
  let items = 0;
  let refunding = false;
  for (const o of t.orders) {
    items += o.num;
    if (OPEN_REFUND_STATUSES.has(o.refundStatus)) refunding = true;
  }
  return [
    t.tid,
    i.shopId,
    t.status,
    t.type,
    t.created,
    t.modified,
    t.payTime,
    t.consignTime,
    t.endTime,
    t.buyerOpenUid,
    t.buyerNick,
    t.sellerNick,
    t.paymentFen,
    t.totalFeeFen,
    t.postFeeFen,
    t.discountFeeFen,
    t.adjustFeeFen,
    t.receivedPaymentFen,
    t.receiverState,
    t.receiverCity,
    t.receiverDistrict,
    t.receiverTown,
    t.receiverZip,
    t.receiverName,
    t.receiverMobile,
    t.receiverPhone,
    t.receiverAddress,
    t.oaid,
    t.hasBuyerMessage,
    t.sellerFlag,
    t.shippingType,
    t.stepTradeStatus,
    t.stepPaidFeeFen,
    t.isPartConsign,
    items,
    t.orders.length,
    refunding,
    refundMaskOf(t.orders),
    searchTextOf(t),
    i.fetched.rawJson,
    i.fetched.source,
    i.detailPending,
    i.detailAttempts,
    // A new version of the trade is due for its detail at once.
    null,
    i.now,
  ];
}

/** Values in TRADE_DETAIL_COLS order (a detail response only). */
export function tradeDetailValues(t: TopTrade, now: Date): unknown[] {
  return [t.buyerMessage, t.buyerMemo, t.sellerMemo, t.modified, now];
}

/** Rows in ORDER_COLS order. */
export function orderValues(shopId: string, t: TopTrade): unknown[][] {
  return t.orders.map((o, position) => [
    o.oid,
    t.tid,
    shopId,
    position,
    o.numIid,
    o.skuId,
    o.title,
    o.picPath,
    o.skuPropertiesName,
    o.outerIid,
    o.outerSkuId,
    o.priceFen,
    o.num,
    o.totalFeeFen,
    o.paymentFen,
    o.discountFeeFen,
    o.adjustFeeFen,
    o.divideOrderFeeFen,
    o.status,
    o.refundStatus,
    o.refundId,
    o.logisticsCompany,
    o.invoiceNo,
    o.consignTime,
    o.endTime,
  ]);
}
