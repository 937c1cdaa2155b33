/**
 * Turns a trade's state into the TOP wire object, honouring `fields`: only requested fields come
 * back, ids are exact JSON numbers, money is a yuan string, times are GMT+8 strings, and absent
 * values are left out. The detail-only fields (buyer_message, buyer_memo, seller_memo,
 * promotion_details) are served by trade.fullinfo.get only (top-data.md §2).
 */
import { err } from "./errors";
import { topTime, yuan } from "./format";
import { hashString } from "./rng";
import { raw, RawJson, toJson } from "./json";
import { REFUND_STATUSES, S, STATUSES, TRADE_TYPES } from "./model";
import { maskAddress, maskMobile, maskName, maskPhone } from "./generator";
import type { TradeView } from "./shop";

export const TRADE_FIELDS = [
  "tid",
  "tid_str",
  "status",
  "type",
  "created",
  "modified",
  "pay_time",
  "consign_time",
  "end_time",
  "buyer_open_uid",
  "buyer_nick",
  "seller_nick",
  "title",
  "num",
  "num_iid",
  "price",
  "pic_path",
  "total_fee",
  "payment",
  "post_fee",
  "discount_fee",
  "adjust_fee",
  "received_payment",
  "step_trade_status",
  "step_paid_fee",
  "receiver_name",
  "receiver_mobile",
  "receiver_phone",
  "receiver_state",
  "receiver_city",
  "receiver_district",
  "receiver_town",
  "receiver_address",
  "receiver_zip",
  "oaid",
  "has_buyer_message",
  "buyer_message",
  "buyer_memo",
  "seller_memo",
  "seller_flag",
  "shipping_type",
  "is_part_consign",
  "trade_from",
  "alipay_no",
  "buyer_rate",
  "seller_rate",
  "promotion_details",
  "orders",
] as const;

export const ORDER_FIELDS = [
  "oid",
  "oid_str",
  "num_iid",
  "sku_id",
  "cid",
  "title",
  "pic_path",
  "sku_properties_name",
  "outer_iid",
  "outer_sku_id",
  "price",
  "num",
  "total_fee",
  "payment",
  "discount_fee",
  "adjust_fee",
  "divide_order_fee",
  "part_mjz_discount",
  "status",
  "refund_status",
  "refund_id",
  "consign_time",
  "end_time",
  "logistics_company",
  "invoice_no",
  "shipping_type",
  "buyer_rate",
  "seller_rate",
] as const;

export const DETAIL_ONLY_FIELDS = new Set(["buyer_message", "buyer_memo", "seller_memo", "promotion_details"]);
const TRADE_FIELD_SET = new Set<string>(TRADE_FIELDS);
const ORDER_FIELD_SET = new Set<string>(ORDER_FIELDS);

export interface FieldSelection {
  readonly trade: ReadonlySet<string>;
  /** Order fields to return, or null when orders were not asked for. */
  readonly orders: ReadonlySet<string> | null;
}

/** Clients send the same few `fields` lists on every call: parse each once. */
const selectionCache = new Map<string, FieldSelection>();

/**
 * Parses `fields`. `orders` alone asks for every order field; `orders.x` for one. Unknown names
 * are ignored (as the platform does), but at least one known field is required.
 */
export function parseTradeFields(value: string | undefined, detail: boolean): FieldSelection {
  if (value === undefined) throw err.missingArg("fields");
  const cacheKey = `${detail ? "d" : "l"}${value}`;
  const cached = selectionCache.get(cacheKey);
  if (cached) return cached;
  const sel = parseSelection(value, detail);
  if (selectionCache.size >= 64) selectionCache.clear();
  selectionCache.set(cacheKey, sel);
  return sel;
}

function parseSelection(value: string, detail: boolean): FieldSelection {
  const trade = new Set<string>();
  let orders: Set<string> | null = null;
  for (const rawName of value.split(",")) {
    const name = rawName.trim();
    if (!name) continue;
    if (name === "orders") {
      orders = new Set(ORDER_FIELDS);
    } else if (name.startsWith("orders.")) {
      const f = name.slice(7);
      if (ORDER_FIELD_SET.has(f)) (orders ??= new Set()).add(f);
    } else if (TRADE_FIELD_SET.has(name) && (detail || !DETAIL_ONLY_FIELDS.has(name))) {
      trade.add(name);
    }
  }
  if (trade.size === 0 && orders === null) {
    throw err.invalidArg("fields", `fields 中没有可返回的字段：${value.slice(0, 80)}`);
  }
  return { trade, orders };
}

/** Appends `"key":value` members to one JSON object text. Keys are plain identifiers. */
class ObjectWriter {
  text = "{";
  private first = true;
  private key(k: string): void {
    this.text += this.first ? `"${k}":` : `,"${k}":`;
    this.first = false;
  }
  /** Any string (escaped). */
  str(k: string, v: string): void {
    this.key(k);
    this.text += JSON.stringify(v);
  }
  /** A string known to need no escaping (money, times, enums, digits). */
  plain(k: string, v: string): void {
    this.key(k);
    this.text += `"${v}"`;
  }
  /** A number, boolean or raw digits. */
  lit(k: string, v: string | number | boolean): void {
    this.key(k);
    this.text += String(v);
  }
  raw(k: string, json: string): void {
    this.key(k);
    this.text += json;
  }
  done(): string {
    return `${this.text}}`;
  }
}

function orderText(v: TradeView, k: number, os: ReadonlySet<string>, finished: boolean, rated: number): string {
  const o = v.doc.orders[k]!;
  const st = v.state.orders[k]!;
  const pkg = st.pkg >= 0 ? v.packages[st.pkg] : undefined;
  const w = new ObjectWriter();
  for (const f of ORDER_FIELDS) {
    if (!os.has(f)) continue;
    switch (f) {
      case "oid": w.lit(f, o.oid); break;
      case "oid_str": w.plain(f, o.oid); break;
      case "num_iid": w.lit(f, o.product.numIid); break;
      case "sku_id": w.plain(f, o.sku.skuId); break;
      case "cid": w.lit(f, o.product.def.cid); break;
      case "title": w.str(f, o.product.def.title); break;
      case "pic_path": w.str(f, o.product.pic); break;
      case "sku_properties_name": w.str(f, o.sku.def.props); break;
      case "outer_iid": w.str(f, o.product.outerIid); break;
      case "outer_sku_id": w.str(f, o.sku.outerSkuId); break;
      case "price": w.plain(f, yuan(o.price)); break;
      case "num": w.lit(f, o.num); break;
      case "total_fee": w.plain(f, yuan(o.totalFee)); break;
      case "payment": w.plain(f, yuan(o.payment)); break;
      case "discount_fee": w.plain(f, yuan(o.discount)); break;
      case "adjust_fee": w.plain(f, yuan(o.adjust)); break;
      case "divide_order_fee": w.plain(f, yuan(o.divide)); break;
      case "part_mjz_discount": w.plain(f, yuan(o.partMjz)); break;
      case "status": w.plain(f, STATUSES[st.status]!); break;
      case "refund_status": w.plain(f, REFUND_STATUSES[st.refund]!); break;
      case "refund_id": if (st.refund > 0) w.lit(f, o.refundId); break;
      case "consign_time": if (st.consignTime) w.plain(f, topTime(st.consignTime)); break;
      case "end_time": if (st.endTime) w.plain(f, topTime(st.endTime)); break;
      case "logistics_company": if (pkg?.carrier) w.str(f, pkg.carrier.name); break;
      case "invoice_no": if (pkg) w.str(f, pkg.waybill); break;
      case "shipping_type": w.plain(f, v.doc.shippingType); break;
      case "buyer_rate": w.lit(f, finished && rated < 6); break;
      case "seller_rate": w.lit(f, finished && rated < 8); break;
    }
  }
  return w.done();
}

/** The trade as TOP sends it: a JSON text holding only the selected fields, in canonical order. */
export function tradeToJson(v: TradeView, sel: FieldSelection, sellerNick: string): RawJson {
  const { doc, state, buyer, receiver } = v;
  const finished = state.status === S.TRADE_FINISHED;
  const rated = hashString(doc.tid) % 10;
  const first = doc.orders[0]!;
  const t = sel.trade;
  const w = new ObjectWriter();
  for (const f of TRADE_FIELDS) {
    if (f === "orders") {
      if (sel.orders) {
        const os = sel.orders;
        w.raw(f, `{"order":[${doc.orders.map((_, k) => orderText(v, k, os, finished, rated)).join(",")}]}`);
      }
      continue;
    }
    if (!t.has(f)) continue;
    switch (f) {
      case "tid": w.lit(f, doc.tid); break;
      case "tid_str": w.plain(f, doc.tid); break;
      case "status": w.plain(f, STATUSES[state.status]!); break;
      case "type": w.plain(f, TRADE_TYPES[doc.type]!); break;
      case "created": w.plain(f, topTime(doc.created)); break;
      case "modified": w.plain(f, topTime(state.modified)); break;
      case "pay_time": if (state.payTime) w.plain(f, topTime(state.payTime)); break;
      case "consign_time": if (state.consignTime) w.plain(f, topTime(state.consignTime)); break;
      case "end_time": if (state.endTime) w.plain(f, topTime(state.endTime)); break;
      case "buyer_open_uid": w.str(f, buyer.openUid); break;
      case "buyer_nick": w.str(f, buyer.maskedNick); break;
      case "seller_nick": w.str(f, sellerNick); break;
      case "title": w.str(f, sellerNick); break;
      case "num": w.lit(f, doc.orders.reduce((s, o) => s + o.num, 0)); break;
      case "num_iid": w.lit(f, first.product.numIid); break;
      case "price": w.plain(f, yuan(first.price)); break;
      case "pic_path": w.str(f, first.product.pic); break;
      case "total_fee": w.plain(f, yuan(doc.totalFee)); break;
      case "payment": w.plain(f, yuan(doc.payment)); break;
      case "post_fee": w.plain(f, yuan(doc.postFee)); break;
      case "discount_fee": w.plain(f, yuan(doc.discountFee)); break;
      case "adjust_fee": w.plain(f, yuan(doc.adjustFee)); break;
      case "received_payment": {
        const refunded = state.orders.reduce((s, o, k) => s + (REFUND_STATUSES[o.refund] === "SUCCESS" ? doc.orders[k]!.payment : 0), 0);
        w.plain(f, yuan(finished ? doc.payment - refunded : 0));
        break;
      }
      case "step_trade_status": if (state.stepStatus) w.plain(f, state.stepStatus); break;
      case "step_paid_fee": if (state.stepStatus) w.plain(f, yuan(state.stepPaid)); break;
      case "receiver_name": w.str(f, maskName(receiver.name)); break;
      case "receiver_mobile": w.plain(f, maskMobile(receiver.mobile)); break;
      case "receiver_phone": if (receiver.phone) w.str(f, maskPhone(receiver.phone)); break;
      case "receiver_state": w.str(f, receiver.state); break;
      case "receiver_city": w.str(f, receiver.city); break;
      case "receiver_district": w.str(f, receiver.district); break;
      case "receiver_town": w.str(f, receiver.town); break;
      case "receiver_address": w.str(f, maskAddress(receiver.address)); break;
      case "receiver_zip": w.plain(f, receiver.zip); break;
      case "oaid": w.plain(f, receiver.oaid); break;
      case "has_buyer_message": w.lit(f, doc.buyerMessage !== null); break;
      case "buyer_message": if (doc.buyerMessage !== null) w.str(f, doc.buyerMessage); break;
      case "seller_memo": if (state.memo) w.str(f, state.memo); break;
      case "seller_flag": w.lit(f, state.flag); break;
      case "shipping_type": w.plain(f, doc.shippingType); break;
      case "is_part_consign": w.lit(f, state.partConsign); break;
      case "trade_from": w.plain(f, doc.tradeFrom); break;
      case "alipay_no": if (state.payTime) w.plain(f, doc.alipayNo); break;
      case "buyer_rate": w.lit(f, finished && rated < 6); break;
      case "seller_rate": w.lit(f, finished && rated < 8); break;
      case "promotion_details":
        if (doc.promotions.length > 0 && state.payTime) {
          const list = doc.promotions.map((p) =>
            toJson({ id: raw(p.id), promotion_name: p.name, discount_fee: yuan(p.discount), promotion_desc: p.desc, promotion_id: p.promotionId }),
          );
          w.raw(f, `{"promotion_detail":[${list.join(",")}]}`);
        }
        break;
      case "buyer_memo":
        break;
    }
  }
  return new RawJson(w.done());
}
