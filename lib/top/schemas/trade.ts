/**
 * Wire schemas for the trade APIs: taobao.trades.sold.get, taobao.trades.sold.increment.get,
 * taobao.trade.fullinfo.get and taobao.trades.sold.query. Every field is optional (presence
 * depends on `fields`); ids come out as strings; money and times are validated as TOP strings
 * and converted by normalize.ts.
 */
import { z } from "zod";
import { REFUND_STATUSES, TRADE_STATUSES } from "../types";
import { requestId, topBool, topId, topIdLike, topInt, topList, topMoney, topTime } from "./common";

export const tradeStatusSchema = z.enum(TRADE_STATUSES, { error: `expected a trade status (${TRADE_STATUSES.join(", ")})` });
export const refundStatusSchema = z.enum(REFUND_STATUSES, { error: `expected a refund status (${REFUND_STATUSES.join(", ")})` });

export const rawOrderSchema = z
  .object({
    oid: topId.optional(),
    oid_str: topId.optional(),
    num_iid: topId.optional(),
    sku_id: topIdLike.optional(),
    title: z.string().optional(),
    pic_path: z.string().optional(),
    sku_properties_name: z.string().optional(),
    outer_iid: z.string().optional(),
    outer_sku_id: z.string().optional(),
    price: topMoney.optional(),
    num: topInt.optional(),
    total_fee: topMoney.optional(),
    payment: topMoney.optional(),
    discount_fee: topMoney.optional(),
    adjust_fee: topMoney.optional(),
    divide_order_fee: topMoney.optional(),
    status: tradeStatusSchema.optional(),
    refund_status: refundStatusSchema.optional(),
    refund_id: topIdLike.optional(),
    consign_time: topTime.optional(),
    end_time: topTime.optional(),
    logistics_company: z.string().optional(),
    invoice_no: z.string().optional(),
  })
  .refine((o) => o.oid !== undefined || o.oid_str !== undefined, { message: "an order needs oid or oid_str", path: ["oid"] });
export type RawOrder = z.output<typeof rawOrderSchema>;

export const rawTradeSchema = z
  .object({
    tid: topId.optional(),
    tid_str: topId.optional(),
    status: tradeStatusSchema.optional(),
    type: z.string().optional(),
    created: topTime.optional(),
    modified: topTime.optional(),
    pay_time: topTime.optional(),
    consign_time: topTime.optional(),
    end_time: topTime.optional(),
    buyer_open_uid: z.string().optional(),
    buyer_nick: z.string().optional(),
    seller_nick: z.string().optional(),
    title: z.string().optional(),
    total_fee: topMoney.optional(),
    payment: topMoney.optional(),
    post_fee: topMoney.optional(),
    discount_fee: topMoney.optional(),
    adjust_fee: topMoney.optional(),
    received_payment: topMoney.optional(),
    receiver_state: z.string().optional(),
    receiver_city: z.string().optional(),
    receiver_district: z.string().optional(),
    receiver_town: z.string().optional(),
    receiver_zip: z.string().optional(),
    receiver_name: z.string().optional(),
    receiver_mobile: z.string().optional(),
    receiver_phone: z.string().optional(),
    receiver_address: z.string().optional(),
    oaid: z.string().optional(),
    has_buyer_message: topBool.optional(),
    buyer_message: z.string().optional(),
    buyer_memo: z.string().optional(),
    seller_memo: z.string().optional(),
    seller_flag: topInt.pipe(z.number().int().min(0, "seller_flag must be >= 0")).optional(),
    shipping_type: z.string().optional(),
    step_trade_status: z.string().optional(),
    step_paid_fee: topMoney.optional(),
    is_part_consign: topBool.optional(),
    orders: topList("order", rawOrderSchema),
  })
  .refine((t) => t.tid !== undefined || t.tid_str !== undefined, { message: "a trade needs tid or tid_str", path: ["tid"] });
export type RawTrade = z.output<typeof rawTradeSchema>;

/** taobao.trades.sold.get and taobao.trades.sold.increment.get. */
export const tradesSoldGetResponseSchema = z.object({
  total_results: topInt.optional(),
  has_next: topBool.optional(),
  trades: topList("trade", rawTradeSchema),
  request_id: requestId,
});
export type TradesSoldGetResponse = z.output<typeof tradesSoldGetResponseSchema>;
export const tradesSoldIncrementGetResponseSchema = tradesSoldGetResponseSchema;

/** taobao.trade.fullinfo.get. */
export const tradeFullinfoGetResponseSchema = z.object({
  trade: rawTradeSchema,
  request_id: requestId,
});

/** taobao.trades.sold.query: `tid_list` as `{"string":[...]}` (or `number`, or a bare array). */
export const tradesSoldQueryResponseSchema = z.object({
  tid_list: z
    .preprocess((v) => {
      if (v && typeof v === "object" && !Array.isArray(v)) {
        const o = v as Record<string, unknown>;
        if ("number" in o && !("string" in o)) return { string: o.number };
      }
      return v;
    }, topList("string", topId)),
  request_id: requestId,
});
