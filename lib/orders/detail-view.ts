/**
 * Pure pieces of the detail page, safe on the client: the amounts breakdown, the trade's
 * timeline, the parcels a trade was shipped in, and the icon group of a logistics step.
 */
import { OPEN_REFUND_STATUSES } from "@/lib/sync/rows";
import { groupOfStatus } from "./status";

export interface AmountFacts {
  totalFeeFen: number;
  postFeeFen: number;
  discountFeeFen: number;
  adjustFeeFen: number;
  paymentFen: number;
}

export interface Amounts extends AmountFacts {
  /** total − discount + adjust + post, the identity Taobao's fields satisfy (top-data.md, sandbox generator). */
  computedFen: number;
  addsUp: boolean;
}

export function amountsOf(t: AmountFacts): Amounts {
  // The five fields by name: `t` is often a whole row, and the result goes to the browser.
  const { totalFeeFen, postFeeFen, discountFeeFen, adjustFeeFen, paymentFen } = t;
  const computedFen = totalFeeFen - discountFeeFen + adjustFeeFen + postFeeFen;
  return { totalFeeFen, postFeeFen, discountFeeFen, adjustFeeFen, paymentFen, computedFen, addsUp: computedFen === paymentFen };
}

export const TIMELINE_STEPS = ["created", "paid", "consigned", "signed", "finished", "closed"] as const;
export type TimelineStep = (typeof TIMELINE_STEPS)[number];

export interface TimelineFacts {
  status: string;
  created: Date;
  payTime: Date | null;
  consignTime: Date | null;
  endTime: Date | null;
  /** The earliest TMS_SIGN step of the trade's parcels. */
  signedAt: Date | null;
}

export interface TimelineEntry {
  step: TimelineStep;
  at: Date | null;
  done: boolean;
}

/**
 * 下单, 付款, 发货, 签收, then 成交 or 关闭. A closed trade shows only the steps it reached
 * before closing; a step without a time is still to come.
 */
export function timelineOf(t: TimelineFacts): TimelineEntry[] {
  const closed = groupOfStatus(t.status) === "closed";
  const entries: TimelineEntry[] = [
    { step: "created", at: t.created, done: true },
    { step: "paid", at: t.payTime, done: t.payTime !== null },
    { step: "consigned", at: t.consignTime, done: t.consignTime !== null },
    { step: "signed", at: t.signedAt, done: t.signedAt !== null },
  ];
  if (closed) {
    return [...entries.filter((e) => e.done), { step: "closed", at: t.endTime, done: true }];
  }
  const finished = t.status === "TRADE_FINISHED";
  return [...entries, { step: "finished", at: finished ? t.endTime : null, done: finished }];
}

export interface ParcelLine {
  oid: string;
  invoiceNo: string | null;
  logisticsCompany: string | null;
  consignTime: Date | null;
}

export interface Parcel {
  /** "" when the trade shipped in one parcel (traced without is_split), else the parcel's first oid. */
  subTid: string;
  /** The parcel's lines, sent as `sub_tid` when the trade has several parcels. */
  oids: string[];
  waybill: string;
  companyName: string | null;
  consignTime: Date | null;
}

/** The parcels of a trade: its lines grouped by waybill, in line order. */
export function parcelsOf(lines: readonly ParcelLine[]): Parcel[] {
  const byWaybill = new Map<string, Parcel>();
  for (const l of lines) {
    if (!l.invoiceNo) continue;
    const p = byWaybill.get(l.invoiceNo);
    if (p) p.oids.push(l.oid);
    else byWaybill.set(l.invoiceNo, { subTid: l.oid, oids: [l.oid], waybill: l.invoiceNo, companyName: l.logisticsCompany, consignTime: l.consignTime });
  }
  const parcels = [...byWaybill.values()];
  if (parcels.length === 1) parcels[0]!.subTid = "";
  return parcels;
}

export const STEP_KINDS = ["consign", "accept", "transport", "delivering", "sign", "exception", "other"] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** Known logistics actions (top-data.md §4) mapped to the timeline's icons; anything else is "other". */
export function stepKind(action: string | null): StepKind {
  switch (action) {
    case "CONSIGN":
      return "consign";
    case "TMS_ACCEPT":
      return "accept";
    case "TMS_TRANSPORT":
    case "TMS_STATION_IN":
    case "TMS_STATION_OUT":
    case "ARRIVE":
      return "transport";
    case "TMS_DELIVERING":
      return "delivering";
    case "TMS_SIGN":
      return "sign";
    case "TMS_FAILED":
    case "TMS_ERROR":
      return "exception";
    default:
      return "other";
  }
}

/** Delivery is derived from the steps, never from the free-text status (offline waybills may say 对方已签收 at once). */
export function isDelivered(steps: readonly { action: string | null }[]): boolean {
  return steps.some((s) => s.action === "TMS_SIGN");
}

export function hasOpenRefund(refundStatus: string): boolean {
  return OPEN_REFUND_STATUSES.has(refundStatus);
}

/** Statuses in which offline.send accepts the trade (sandbox/README.md "Shipping"). */
export const SHIPPABLE_STATUSES: ReadonlySet<string> = new Set(["WAIT_SELLER_SEND_GOODS", "SELLER_CONSIGNED_PART"]);
/** Lines that can still ship. */
export const SHIPPABLE_LINE_STATUSES: ReadonlySet<string> = new Set(["WAIT_SELLER_SEND_GOODS", "PAID_FORBID_CONSIGN"]);
