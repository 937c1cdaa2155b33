/**
 * Domain types and enums of the TOP client: what `normalizeTrade`, `normalizeTrace` and
 * `normalizeCompany` return and what the sandbox, the sync engine and the UI share.
 *
 * Conventions: ids are strings (tid and oid have 19 digits); money is integer fen; times are
 * UTC instants (`Date`) converted from TOP's GMT+8 wall-clock strings; a field TOP did not send
 * is `null` (never `undefined`), so rows can be written without guessing.
 */

/** Trade and order `status` (top-data.md §4), in the seller's lifecycle order. */
export const TRADE_STATUSES = [
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
export type TradeStatus = (typeof TRADE_STATUSES)[number];

/** Status values accepted only as a query filter (they group several statuses). */
export const TRADE_STATUS_QUERY_GROUPS = ["ALL_WAIT_PAY", "ALL_CLOSED"] as const;
export type TradeStatusQueryGroup = (typeof TRADE_STATUS_QUERY_GROUPS)[number];
export type TradeStatusFilter = TradeStatus | TradeStatusQueryGroup;

/** The seller centre's groups: 待付款, 待发货, 已发货, 交易成功, 交易关闭. */
export const TRADE_STATUS_GROUPS = ["waitPay", "waitShip", "shipped", "finished", "closed"] as const;
export type TradeStatusGroup = (typeof TRADE_STATUS_GROUPS)[number];

export const TRADE_STATUS_GROUP: Readonly<Record<TradeStatus, TradeStatusGroup>> = {
  TRADE_NO_CREATE_PAY: "waitPay",
  WAIT_BUYER_PAY: "waitPay",
  PAY_PENDING: "waitPay",
  WAIT_PRE_AUTH_CONFIRM: "waitPay",
  WAIT_SELLER_SEND_GOODS: "waitShip",
  PAID_FORBID_CONSIGN: "waitShip",
  SELLER_CONSIGNED_PART: "waitShip",
  WAIT_BUYER_CONFIRM_GOODS: "shipped",
  TRADE_BUYER_SIGNED: "shipped",
  TRADE_FINISHED: "finished",
  TRADE_CLOSED: "closed",
  TRADE_CLOSED_BY_TAOBAO: "closed",
};

/** Order-line `refund_status`. */
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

/**
 * Trade `type` values a trade can carry. The set is open on Taobao's side: a trade with a type
 * not listed here is still accepted (typed as `string`).
 */
export const TRADE_TYPES = [
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
] as const;
export type KnownTradeType = (typeof TRADE_TYPES)[number];
/** A known type, or any other string Taobao may add. */
export type TradeType = KnownTradeType | (string & {});

/**
 * The `type` list passed to the list APIs by default. Without it TOP returns only
 * `guarantee_trade,auto_delivery,ec,cod,step` (top-data.md §4 trap). `guarantee_trade` is a query
 * group (fixed + auction), never a trade's own type.
 */
export const ALL_TRADE_TYPES_QUERY: readonly string[] = ["guarantee_trade", ...TRADE_TYPES];

/** `seller_flag` 0–5: none/grey, red, yellow, green, blue, pink/purple. */
export const SELLER_FLAGS = [0, 1, 2, 3, 4, 5] as const;
export type SellerFlag = (typeof SELLER_FLAGS)[number];
export const SELLER_FLAG_COLORS = ["grey", "red", "yellow", "green", "blue", "pink"] as const;
export type SellerFlagColor = (typeof SELLER_FLAG_COLORS)[number];

export const SHIPPING_TYPES = ["free", "post", "express", "ems", "virtual", "seller", "instant"] as const;
export type ShippingType = (typeof SHIPPING_TYPES)[number];

/** Logistics step `action`: an open set; these are the known values (store raw, map these). */
export const LOGISTICS_ACTIONS = [
  "TMS_ACCEPT",
  "TMS_TRANSPORT",
  "TMS_STATION_IN",
  "TMS_STATION_OUT",
  "TMS_DELIVERING",
  "TMS_SIGN",
  "TMS_FAILED",
  "TMS_ERROR",
  "ARRIVE",
] as const;
export type KnownLogisticsAction = (typeof LOGISTICS_ACTIONS)[number];
export type LogisticsAction = KnownLogisticsAction | (string & {});

/** `taobao.top.oaid.decrypt` scene codes (top-data.md §1). */
export const OAID_SCENES = ["1001", "1002", "1003", "1004", "1005", "1006", "1008", "1009", "2001", "2002"] as const;
export type OaidScene = (typeof OAID_SCENES)[number];

/** `taobao.trades.sold.query` scenes: 1001 客服咨询 (7 days), 1002 售后 (3 months). */
export const SOLD_QUERY_SCENES = ["1001", "1002"] as const;
export type SoldQueryScene = (typeof SOLD_QUERY_SCENES)[number];

/** TMC topics OrderDesk consumes (top-protocol.md §9). */
export const TMC_TRADE_TOPICS = [
  "taobao_trade_TradeCreate",
  "taobao_trade_TradeBuyerPay",
  "taobao_trade_TradeSellerShip",
  "taobao_trade_TradeSuccess",
  "taobao_trade_TradeClose",
  "taobao_trade_TradeMemoModified",
  "taobao_refund_RefundCreated",
] as const;
export type TmcTradeTopic = (typeof TMC_TRADE_TOPICS)[number];

/** One order line (子订单). */
export interface TopOrder {
  oid: string;
  numIid: string;
  skuId: string | null;
  title: string;
  picPath: string | null;
  skuPropertiesName: string | null;
  outerIid: string | null;
  outerSkuId: string | null;
  /** Unit price. */
  priceFen: number;
  num: number;
  totalFeeFen: number;
  paymentFen: number;
  discountFeeFen: number;
  adjustFeeFen: number;
  divideOrderFeeFen: number | null;
  status: TradeStatus;
  /** `NO_REFUND` when TOP omitted the field. */
  refundStatus: RefundStatus;
  refundId: string | null;
  /** A carrier name (e.g. 顺丰速运), not a code. */
  logisticsCompany: string | null;
  /** The waybill number. */
  invoiceNo: string | null;
  consignTime: Date | null;
  endTime: Date | null;
}

/** One trade (主订单) as the domain sees it. */
export interface TopTrade {
  tid: string;
  status: TradeStatus;
  type: TradeType | null;
  created: Date;
  modified: Date;
  payTime: Date | null;
  consignTime: Date | null;
  endTime: Date | null;
  /** Stable per-app buyer id: key buyers on this. */
  buyerOpenUid: string | null;
  /** Masked by Taobao; display only. */
  buyerNick: string | null;
  sellerNick: string | null;
  /** The shop's title. */
  shopTitle: string | null;
  paymentFen: number;
  totalFeeFen: number;
  postFeeFen: number;
  discountFeeFen: number;
  adjustFeeFen: number;
  receivedPaymentFen: number | null;
  receiverState: string | null;
  receiverCity: string | null;
  receiverDistrict: string | null;
  receiverTown: string | null;
  receiverZip: string | null;
  /** Masked (e.g. 闫**); real values only through oaid.decrypt. */
  receiverName: string | null;
  receiverMobile: string | null;
  receiverPhone: string | null;
  receiverAddress: string | null;
  oaid: string | null;
  hasBuyerMessage: boolean;
  /** Detail-only (fullinfo.get): null when not fetched. */
  buyerMessage: string | null;
  buyerMemo: string | null;
  sellerMemo: string | null;
  sellerFlag: number;
  shippingType: string | null;
  stepTradeStatus: string | null;
  stepPaidFeeFen: number | null;
  isPartConsign: boolean | null;
  orders: TopOrder[];
}

export interface TopTraceStep {
  time: Date;
  desc: string;
  action: LogisticsAction | null;
}

/** A parcel trace; `steps` are sorted oldest first. */
export interface TopTrace {
  tid: string | null;
  outSid: string | null;
  companyName: string | null;
  /** Free Chinese text (e.g. 对方已签收): derive delivery from the steps. */
  status: string | null;
  steps: TopTraceStep[];
}

export interface TopLogisticsCompany {
  id: string;
  /** What logistics.offline.send takes (e.g. ZTO). */
  code: string;
  /** What trades and traces carry (e.g. 中通快递). */
  name: string;
  /** The regular expression a waybill number must match, when TOP gives one. */
  regMailNo: string | null;
}

export interface TopTradePage {
  trades: TopTrade[];
  /** Absent with use_has_next=true. */
  totalResults: number | null;
  /** Present only with use_has_next=true. */
  hasNext: boolean | null;
  requestId: string | null;
}

export interface TopMemoUpdateResult {
  tid: string;
  modified: Date | null;
}

export interface TopOaidReceiver {
  oaid: string | null;
  tid: string | null;
  name: string | null;
  mobile: string | null;
  phone: string | null;
  state: string | null;
  city: string | null;
  district: string | null;
  town: string | null;
  addressDetail: string | null;
  matched: boolean | null;
}

export interface TopTmcMessage {
  id: string;
  topic: string;
  /** The raw `content` string as TOP sent it. */
  contentRaw: string;
  /** `content` parsed losslessly (ids as strings); null when it is not JSON. */
  content: Record<string, unknown> | null;
  time: Date | null;
  userId: string | null;
  nick: string | null;
  pubAppKey: string | null;
}
