/**
 * The deep truth digest's line (sandbox/README.md, "The deep truth digest"): one canonical line
 * per trade holding every field the app's order cache keeps, as TOP returns it at the clock.
 *
 * Correct by construction: the line is read off the very wire object trade.fullinfo.get would
 * send for the trade now (`tradeToJson` with the detail selection below; the list APIs send the
 * same values minus the detail-only fields), then mapped the way the cache maps a wire trade
 * (lib/top/normalize.ts → lib/sync/rows.ts): absent ≡ empty string ≡ "", money as TOP's yuan
 * string with two decimals, times as TOP's GMT+8 strings. The app computes the same lines from
 * its cache (lib/sync/digest.ts `deepCacheDigest`); this file does not use that code, only the
 * line format both follow (lib/sync/digest-format.ts).
 */
import { DEEP_ORDER_FIELDS, DEEP_TRADE_FIELDS } from "../lib/sync/digest-format";
import { parseTradeFields, tradeToJson } from "./tradeview";
import type { TradeView } from "./shop";

export { DEEP_ORDER_FIELDS, DEEP_TRADE_FIELDS };

/** Detail-only fields (top-data.md §2): in a line only when the sync must hold them (see `detailRequired`). */
export const DEEP_DETAIL_FIELDS: ReadonlySet<string> = new Set(["buyer_message", "buyer_memo", "seller_memo"]);

/**
 * What is asked of trade.fullinfo.get: the fields above, by their wire names (`tid_str` and
 * `oid_str` are the exact ids). Parsed once; the selection is the detail one, so the
 * detail-only fields come back.
 */
const WIRE_FIELDS = [
  "tid_str",
  ...DEEP_TRADE_FIELDS.filter((f) => f !== "tid"),
  ...DEEP_ORDER_FIELDS.map((f) => (f === "oid" ? "orders.oid_str" : `orders.${f}`)),
].join(",");
const SELECTION = parseTradeFields(WIRE_FIELDS, true);

/**
 * The wire writes these ids as bare JSON numbers (refund_id has 18 digits: beyond 2^53), so they
 * are quoted before JSON.parse. The pattern cannot match inside a JSON string: there every `"` is
 * escaped, and the pattern needs the unescaped `"` that closes the key.
 */
const BARE_IDS = /"(num_iid|refund_id)":(-?\d+)/g;

type Wire = Record<string, unknown>;

const MONEY = /^-?\d+\.\d{2}$/;

function text(w: Wire, k: string): string {
  const v = w[k];
  if (v === undefined || v === null) return "";
  return typeof v === "string" ? v : String(v);
}

/** Money the cache keeps NOT NULL (parseYuanOrZero: absent → 0) or nullable (absent → ""). */
function money(w: Wire, k: string, absent: "0.00" | ""): string {
  const v = w[k];
  if (v === undefined || v === "") return absent;
  if (typeof v !== "string" || !MONEY.test(v)) throw new Error(`deep truth: ${k} is not a two-decimal yuan string: ${JSON.stringify(v)}`);
  return v;
}

function bool(w: Wire, k: string): string {
  const v = w[k];
  return v === undefined ? "" : v ? "true" : "false";
}

/** A trade the sync must hold the detail-only fields of: a buyer message or a memo flag (top-data.md §5.5; lib/sync/rows.ts needsDetail). */
export function detailRequired(hasBuyerMessage: boolean, sellerFlag: number): boolean {
  return hasBuyerMessage || sellerFlag > 0;
}

function orderValues(o: Wire): string[] {
  return [
    text(o, "oid_str"),
    text(o, "num_iid"),
    text(o, "sku_id"),
    text(o, "title"),
    text(o, "pic_path"),
    text(o, "sku_properties_name"),
    text(o, "outer_iid"),
    text(o, "outer_sku_id"),
    money(o, "price", "0.00"),
    text(o, "num"),
    money(o, "total_fee", "0.00"),
    money(o, "payment", "0.00"),
    money(o, "discount_fee", "0.00"),
    money(o, "adjust_fee", "0.00"),
    money(o, "divide_order_fee", ""),
    text(o, "status"),
    o.refund_status === undefined ? "NO_REFUND" : text(o, "refund_status"),
    text(o, "refund_id"),
    text(o, "logistics_company"),
    text(o, "invoice_no"),
    text(o, "consign_time"),
    text(o, "end_time"),
  ];
}

/** The deep line of one wire trade (a parsed trade object, ids as strings). Exported for tests. */
export function deepLineOfWire(w: Wire): string {
  const hasMessage = w.has_buyer_message === undefined ? text(w, "buyer_message") !== "" : w.has_buyer_message === true;
  const flag = typeof w.seller_flag === "number" ? w.seller_flag : 0;
  const detail = detailRequired(hasMessage, flag);
  const orders = ((w.orders as { order?: Wire[] } | undefined)?.order ?? []).map(orderValues);
  const values: (string | null | string[][])[] = [
    text(w, "tid_str"),
    text(w, "status"),
    text(w, "type"),
    text(w, "created"),
    text(w, "modified"),
    text(w, "pay_time"),
    text(w, "consign_time"),
    text(w, "end_time"),
    text(w, "buyer_nick"),
    text(w, "buyer_open_uid"),
    text(w, "seller_nick"),
    money(w, "payment", "0.00"),
    money(w, "total_fee", "0.00"),
    money(w, "post_fee", "0.00"),
    money(w, "discount_fee", "0.00"),
    money(w, "adjust_fee", "0.00"),
    money(w, "received_payment", ""),
    text(w, "receiver_name"),
    text(w, "receiver_mobile"),
    text(w, "receiver_phone"),
    text(w, "receiver_address"),
    text(w, "receiver_state"),
    text(w, "receiver_city"),
    text(w, "receiver_district"),
    text(w, "receiver_town"),
    text(w, "receiver_zip"),
    text(w, "oaid"),
    hasMessage ? "true" : "false",
    String(flag),
    text(w, "shipping_type"),
    text(w, "step_trade_status"),
    money(w, "step_paid_fee", ""),
    bool(w, "is_part_consign"),
    detail ? text(w, "buyer_message") : null,
    detail ? text(w, "buyer_memo") : null,
    detail ? text(w, "seller_memo") : null,
    orders,
  ];
  return JSON.stringify(values);
}

/** The wire object trade.fullinfo.get sends for the trade now, parsed (ids as strings). */
export function wireTrade(v: TradeView, sellerNick: string): Wire {
  return JSON.parse(tradeToJson(v, SELECTION, sellerNick).text.replace(BARE_IDS, '"$1":"$2"')) as Wire;
}

/** The trade's deep line (sandbox/README.md). */
export function deepLine(v: TradeView, sellerNick: string): string {
  return deepLineOfWire(wireTrade(v, sellerNick));
}
