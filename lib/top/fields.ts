/**
 * Default `fields` for the trade and logistics APIs. Ask for `tid_str`/`oid_str` always (the
 * numeric ids are parsed losslessly too, the string forms are belt and braces). Order fields are
 * requested with the `orders.` prefix, as TOP's trade APIs document.
 */

const TRADE_CORE_FIELDS = [
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
  "total_fee",
  "payment",
  "post_fee",
  "discount_fee",
  "adjust_fee",
  "received_payment",
  "receiver_state",
  "receiver_city",
  "receiver_district",
  "receiver_town",
  "receiver_zip",
  "receiver_name",
  "receiver_mobile",
  "receiver_phone",
  "receiver_address",
  "oaid",
  "has_buyer_message",
  "seller_flag",
  "shipping_type",
  "step_trade_status",
  "step_paid_fee",
  "is_part_consign",
] as const;

const ORDER_FIELDS = [
  "oid",
  "oid_str",
  "num_iid",
  "sku_id",
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
  "status",
  "refund_status",
  "refund_id",
  "consign_time",
  "end_time",
  "logistics_company",
  "invoice_no",
] as const;

/** Detail-only trade fields (fullinfo.get). */
const TRADE_DETAIL_FIELDS = ["buyer_message", "buyer_memo", "seller_memo", "promotion_details"] as const;

const orderFields = ORDER_FIELDS.map((f) => `orders.${f}`);

/** Rich list fields for trades.sold.get / trades.sold.increment.get: no per-trade call needed for list data. */
export const TRADE_LIST_FIELDS: readonly string[] = [...TRADE_CORE_FIELDS, ...orderFields];

/** Every field OrderDesk keeps, for trade.fullinfo.get. */
export const TRADE_FULLINFO_FIELDS: readonly string[] = [...TRADE_CORE_FIELDS, ...TRADE_DETAIL_FIELDS, ...orderFields];

export const LOGISTICS_COMPANY_FIELDS: readonly string[] = ["id", "code", "name", "reg_mail_no"];

export function joinFields(fields: readonly string[] | string): string {
  return typeof fields === "string" ? fields : fields.join(",");
}
