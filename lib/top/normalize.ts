/**
 * Wire shapes → domain types: ids as strings, `Date`s via parseTopTime (GMT+8), money in integer
 * fen via parseYuan, absent fields as `null`. Each `normalize*` accepts an unvalidated object
 * (it runs the schema first), so any caller, including the sandbox and tests, gets the same
 * checks and the same precise error paths.
 */
import { parseYuan, parseYuanOrZero } from "../money";
import { parseTopTime } from "../time";
import { TopSchemaError } from "./errors";
import { parseWith } from "./schemas/common";
import { rawLogisticsCompanySchema, logisticsTraceSearchResponseSchema, type RawLogisticsCompany, type RawTrace } from "./schemas/logistics";
import { rawOaidReceiverSchema } from "./schemas/oaid";
import { rawTmcMessageSchema, type RawTmcMessage } from "./schemas/tmc";
import { rawTradeSchema, type RawOrder, type RawTrade } from "./schemas/trade";
import { fastRawTrade } from "./fast-trade";
import { parseLosslessJson } from "./parse";
import type { TopLogisticsCompany, TopOaidReceiver, TopOrder, TopTmcMessage, TopTrace, TopTrade } from "./types";
import type { z } from "zod";

const time = (s: string | undefined): Date | null => (s === undefined || s === "" ? null : parseTopTime(s));
const fenOrNull = (s: string | undefined): number | null => (s === undefined || s === "" ? null : parseYuan(s));
const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);
/** Empty strings are "absent" too (TOP sends "" for some unset text fields). */
const textOrNull = (s: string | undefined): string | null => (s === undefined || s === "" ? null : s);

function missing(method: string | null, path: string, field: string): never {
  throw new TopSchemaError(method, [{ path, message: `"${field}" is required to build the domain object (request it in fields)` }]);
}

function at(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

/** @internal A schema-validated order → TopOrder. */
export function toTopOrder(o: RawOrder, path = "", method: string | null = null): TopOrder {
  const oid = o.oid_str ?? o.oid;
  if (oid === undefined) missing(method, at(path, "oid"), "oid");
  if (o.num_iid === undefined) missing(method, at(path, "num_iid"), "num_iid");
  if (o.num === undefined) missing(method, at(path, "num"), "num");
  if (o.status === undefined) missing(method, at(path, "status"), "status");
  return {
    oid,
    numIid: o.num_iid,
    skuId: textOrNull(o.sku_id),
    title: o.title ?? "",
    picPath: textOrNull(o.pic_path),
    skuPropertiesName: textOrNull(o.sku_properties_name),
    outerIid: textOrNull(o.outer_iid),
    outerSkuId: textOrNull(o.outer_sku_id),
    priceFen: parseYuanOrZero(o.price),
    num: o.num,
    totalFeeFen: parseYuanOrZero(o.total_fee),
    paymentFen: parseYuanOrZero(o.payment),
    discountFeeFen: parseYuanOrZero(o.discount_fee),
    adjustFeeFen: parseYuanOrZero(o.adjust_fee),
    divideOrderFeeFen: fenOrNull(o.divide_order_fee),
    status: o.status,
    refundStatus: o.refund_status ?? "NO_REFUND",
    refundId: textOrNull(o.refund_id),
    logisticsCompany: textOrNull(o.logistics_company),
    invoiceNo: textOrNull(o.invoice_no),
    consignTime: time(o.consign_time),
    endTime: time(o.end_time),
  };
}

/** @internal A schema-validated trade → TopTrade (requires tid, status, created, modified). */
export function toTopTrade(t: RawTrade, path = "", method: string | null = null): TopTrade {
  const tid = t.tid_str ?? t.tid;
  if (tid === undefined) missing(method, at(path, "tid"), "tid");
  if (t.status === undefined) missing(method, at(path, "status"), "status");
  if (t.created === undefined) missing(method, at(path, "created"), "created");
  if (t.modified === undefined) missing(method, at(path, "modified"), "modified");
  return {
    tid,
    status: t.status,
    type: textOrNull(t.type),
    created: parseTopTime(t.created),
    modified: parseTopTime(t.modified),
    payTime: time(t.pay_time),
    consignTime: time(t.consign_time),
    endTime: time(t.end_time),
    buyerOpenUid: textOrNull(t.buyer_open_uid),
    buyerNick: textOrNull(t.buyer_nick),
    sellerNick: textOrNull(t.seller_nick),
    shopTitle: textOrNull(t.title),
    paymentFen: parseYuanOrZero(t.payment),
    totalFeeFen: parseYuanOrZero(t.total_fee),
    postFeeFen: parseYuanOrZero(t.post_fee),
    discountFeeFen: parseYuanOrZero(t.discount_fee),
    adjustFeeFen: parseYuanOrZero(t.adjust_fee),
    receivedPaymentFen: fenOrNull(t.received_payment),
    receiverState: textOrNull(t.receiver_state),
    receiverCity: textOrNull(t.receiver_city),
    receiverDistrict: textOrNull(t.receiver_district),
    receiverTown: textOrNull(t.receiver_town),
    receiverZip: textOrNull(t.receiver_zip),
    receiverName: textOrNull(t.receiver_name),
    receiverMobile: textOrNull(t.receiver_mobile),
    receiverPhone: textOrNull(t.receiver_phone),
    receiverAddress: textOrNull(t.receiver_address),
    oaid: textOrNull(t.oaid),
    hasBuyerMessage: t.has_buyer_message ?? (t.buyer_message !== undefined && t.buyer_message !== ""),
    buyerMessage: textOrNull(t.buyer_message),
    buyerMemo: textOrNull(t.buyer_memo),
    sellerMemo: textOrNull(t.seller_memo),
    sellerFlag: t.seller_flag ?? 0,
    shippingType: textOrNull(t.shipping_type),
    stepTradeStatus: textOrNull(t.step_trade_status),
    stepPaidFeeFen: fenOrNull(t.step_paid_fee),
    isPartConsign: orNull(t.is_part_consign),
    orders: t.orders.map((o, i) => toTopOrder(o, `${at(path, "orders.order")}[${i}]`, method)),
  };
}

/** @internal */
export function toTopTrace(r: RawTrace): TopTrace {
  const steps = r.trace_list.map((s) => ({ time: parseTopTime(s.status_time), desc: s.status_desc ?? "", action: textOrNull(s.action) }));
  // Oldest first; a stable sort keeps TOP's order for steps with the same second.
  steps.sort((a, b) => a.time.getTime() - b.time.getTime());
  return {
    tid: orNull(r.tid),
    outSid: textOrNull(r.out_sid),
    companyName: textOrNull(r.company_name),
    status: textOrNull(r.status),
    steps,
  };
}

/** @internal */
export function toTopLogisticsCompany(c: RawLogisticsCompany): TopLogisticsCompany {
  return { id: c.id, code: c.code, name: c.name, regMailNo: textOrNull(c.reg_mail_no) };
}

/** @internal */
export function toTopOaidReceiver(r: z.output<typeof rawOaidReceiverSchema>): TopOaidReceiver {
  return {
    oaid: textOrNull(r.oaid),
    tid: orNull(r.tid),
    name: textOrNull(r.name),
    mobile: textOrNull(r.mobile),
    phone: textOrNull(r.phone),
    state: textOrNull(r.state),
    city: textOrNull(r.city),
    district: textOrNull(r.district),
    town: textOrNull(r.town),
    addressDetail: textOrNull(r.address_detail),
    matched: orNull(r.matched),
  };
}

/** @internal */
export function toTopTmcMessage(m: RawTmcMessage): TopTmcMessage {
  let content: Record<string, unknown> | null = null;
  try {
    const parsed = parseLosslessJson(m.content);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) content = parsed as Record<string, unknown>;
  } catch {
    content = null;
  }
  const t = m.pub_time ?? m.time;
  return {
    id: m.id,
    topic: m.topic,
    contentRaw: m.content,
    content,
    time: time(t),
    userId: orNull(m.user_id),
    nick: textOrNull(m.user_nick ?? m.nick),
    pubAppKey: textOrNull(m.pub_app_key),
  };
}

/**
 * A trade as TOP sends it (the object inside `trades.trade[]` or `trade`, parsed losslessly) →
 * the domain trade. Throws TopSchemaError naming the field when the shape is wrong or when
 * tid, status, created or modified is missing.
 */
export function normalizeTrade(raw: unknown): TopTrade {
  const fast = fastRawTrade(raw);
  if (fast !== null) return toTopTrade(fast);
  // Anything the fast check is unsure of goes through the schema, which names what is wrong.
  return toTopTrade(parseWith(rawTradeSchema, null, raw));
}

/** The object inside `logistics_trace_search_response` → the domain trace (steps oldest first). */
export function normalizeTrace(raw: unknown): TopTrace {
  return toTopTrace(parseWith(logisticsTraceSearchResponseSchema, null, raw));
}

/** One element of `logistics_companies.logistics_company[]` → the domain carrier. */
export function normalizeCompany(raw: unknown): TopLogisticsCompany {
  return toTopLogisticsCompany(parseWith(rawLogisticsCompanySchema, null, raw));
}

/** One element of `receiver_list.receiver[]` → the domain receiver. */
export function normalizeOaidReceiver(raw: unknown): TopOaidReceiver {
  return toTopOaidReceiver(parseWith(rawOaidReceiverSchema, null, raw));
}

/** One element of `messages.tmc_message[]` → the domain message (content parsed losslessly). */
export function normalizeTmcMessage(raw: unknown): TopTmcMessage {
  return toTopTmcMessage(parseWith(rawTmcMessageSchema, null, raw));
}
