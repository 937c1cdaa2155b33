/**
 * Enumerations of the sandbox's trade model (top-data.md §4) and the lifecycle event kinds.
 * Statuses and types are stored as small integer codes in the store's typed arrays.
 */

export const STATUSES = [
  "TRADE_NO_CREATE_PAY",
  "WAIT_BUYER_PAY",
  "PAY_PENDING",
  "WAIT_PRE_AUTH_CONFIRM",
  "WAIT_SELLER_SEND_GOODS",
  "PAID_FORBID_CONSIGN",
  "SELLER_CONSIGNED_PART",
  "WAIT_BUYER_CONFIRM_GOODS",
  "TRADE_BUYER_SIGNED",
  "TRADE_FINISHED",
  "TRADE_CLOSED",
  "TRADE_CLOSED_BY_TAOBAO",
] as const;
export type Status = (typeof STATUSES)[number];

export const S = Object.fromEntries(STATUSES.map((s, i) => [s, i])) as { [K in Status]: number };

/** Query-only status groups accepted by the list APIs. */
export const STATUS_GROUPS: Record<string, readonly Status[]> = {
  ALL_WAIT_PAY: ["WAIT_BUYER_PAY", "TRADE_NO_CREATE_PAY"],
  ALL_CLOSED: ["TRADE_CLOSED", "TRADE_CLOSED_BY_TAOBAO"],
};

export const REFUND_STATUSES = [
  "NO_REFUND",
  "WAIT_SELLER_AGREE",
  "WAIT_BUYER_RETURN_GOODS",
  "WAIT_SELLER_CONFIRM_GOODS",
  "SELLER_REFUSE_BUYER",
  "CLOSED",
  "SUCCESS",
] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** Types the generator gives trades (a trade's own `type`). */
export const TRADE_TYPES = [
  "fixed",
  "auction",
  "step",
  "cod",
  "ec",
  "auto_delivery",
  "eticket",
  "tmall_i18n",
  "fenxiao",
  "o2o_offlinetrade",
  "pre_auth_type",
] as const;
export type TradeType = (typeof TRADE_TYPES)[number];
export const T = Object.fromEntries(TRADE_TYPES.map((s, i) => [s, i])) as { [K in TradeType]: number };

/**
 * Every value the list APIs accept in `type` (the official list), including the query group
 * `guarantee_trade` (= fixed + auction). Anything else is refused with 41.
 */
export const ACCEPTED_TYPE_VALUES = new Set([
  "guarantee_trade",
  "fixed",
  "auction",
  "step",
  "independent_simple_trade",
  "independent_shop_trade",
  "auto_delivery",
  "ec",
  "cod",
  "game_equipment",
  "shopex_trade",
  "netcn_trade",
  "external_trade",
  "instant_trade",
  "b2c_cod",
  "hotel_trade",
  "super_market_trade",
  "super_market_cod_trade",
  "taohua",
  "waimai",
  "nopaid",
  "eticket",
  "tmall_i18n",
  "insurance_plus",
  "finance",
  "o2o_offlinetrade",
  "fenxiao",
  "pre_auth_type",
  "lazada",
]);

/** The trap of top-data.md §4: what the list APIs return when `type` is not given. */
export const DEFAULT_TYPE_QUERY = ["guarantee_trade", "auto_delivery", "ec", "cod", "step"] as const;

/** Expands a `type` query (comma list) into a mask over TRADE_TYPES codes. */
export function typeMask(values: readonly string[]): Uint8Array {
  const mask = new Uint8Array(TRADE_TYPES.length);
  for (const v of values) {
    if (v === "guarantee_trade") {
      mask[T.fixed] = 1;
      mask[T.auction] = 1;
    } else {
      const code = (T as Record<string, number>)[v];
      if (code !== undefined) mask[code] = 1;
    }
  }
  return mask;
}

/** Lifecycle event kinds. Each event bumps `modified` and produces TMC messages. */
export const Ev = {
  Create: 0,
  PayPending: 1,
  Pay: 2,
  FrontPay: 3,
  GroupDone: 4,
  CloseUnpaid: 5,
  ShipPart: 6,
  Ship: 7,
  SignCod: 8,
  Finish: 9,
  RefundRequest: 10,
  RefundAgreeReturn: 11,
  RefundReturned: 12,
  RefundSuccess: 13,
  RefundClosed: 14,
  RefundRefused: 15,
  Memo: 16,
  PreAuthOk: 17,
  ApiMemo: 18,
  ApiShip: 19,
  ApiShipPart: 20,
  Inject: 21,
} as const;
export type Ev = (typeof Ev)[keyof typeof Ev];

export const EV_NAMES: Record<number, string> = {
  [Ev.Create]: "create",
  [Ev.PayPending]: "pay_pending",
  [Ev.Pay]: "pay",
  [Ev.FrontPay]: "front_pay",
  [Ev.GroupDone]: "group_done",
  [Ev.CloseUnpaid]: "close_unpaid",
  [Ev.ShipPart]: "ship_part",
  [Ev.Ship]: "ship",
  [Ev.SignCod]: "sign_cod",
  [Ev.Finish]: "finish",
  [Ev.RefundRequest]: "refund_request",
  [Ev.RefundAgreeReturn]: "refund_agree_return",
  [Ev.RefundReturned]: "refund_returned",
  [Ev.RefundSuccess]: "refund_success",
  [Ev.RefundClosed]: "refund_closed",
  [Ev.RefundRefused]: "refund_refused",
  [Ev.Memo]: "memo",
  [Ev.PreAuthOk]: "pre_auth_ok",
  [Ev.ApiMemo]: "api_memo",
  [Ev.ApiShip]: "api_ship",
  [Ev.ApiShipPart]: "api_ship_part",
  [Ev.Inject]: "inject",
};

/** One lifecycle event: time (epoch seconds), kind, the trade status after it, and an argument. */
export interface TradeEvent {
  t: number;
  kind: Ev;
  status: number;
  /** Order index for refund events, package index for ship events, memo variant for memo events. */
  arg: number;
}
