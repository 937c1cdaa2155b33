/**
 * One trade for the detail page, from the cache only: the row, its lines, its stored parcel
 * traces (for the 签收 step) and its audit entries. Four indexed reads (tid primary key, lines by
 * tid, traces by tid, audit by shop+target), so it stays cheap however many trades are stored.
 */
import "server-only";
import { can } from "@/lib/auth/permissions";
import { authorize, type Viewer } from "@/lib/auth/viewer";
import { db } from "@/lib/db";
import { tidSchema } from "./detail-input";
import { amountsOf, parcelsOf, timelineOf, type Amounts, type Parcel, type TimelineEntry } from "./detail-view";
import { signedAtOf } from "./trace";

export const DETAIL_AUDIT_LIMIT = 50;

/** The columns the page shows: not rawJson (kilobytes a trade) nor searchText. */
const DETAIL_TRADE_SELECT = {
  tid: true,
  shopId: true,
  status: true,
  type: true,
  shippingType: true,
  created: true,
  modified: true,
  payTime: true,
  consignTime: true,
  endTime: true,
  buyerNick: true,
  buyerOpenUid: true,
  receiverName: true,
  receiverMobile: true,
  receiverPhone: true,
  receiverAddress: true,
  receiverState: true,
  receiverCity: true,
  receiverDistrict: true,
  receiverTown: true,
  receiverZip: true,
  oaid: true,
  hasBuyerMessage: true,
  buyerMessage: true,
  buyerMemo: true,
  sellerMemo: true,
  sellerFlag: true,
  stepTradeStatus: true,
  stepPaidFeeFen: true,
  totalFeeFen: true,
  postFeeFen: true,
  discountFeeFen: true,
  adjustFeeFen: true,
  paymentFen: true,
  detailModified: true,
} as const;

export interface OrderLine {
  oid: string;
  numIid: string;
  title: string;
  picPath: string | null;
  skuPropertiesName: string | null;
  outerIid: string | null;
  outerSkuId: string | null;
  priceFen: number;
  num: number;
  totalFeeFen: number;
  paymentFen: number;
  discountFeeFen: number;
  adjustFeeFen: number;
  status: string;
  refundStatus: string;
  logisticsCompany: string | null;
  invoiceNo: string | null;
  consignTime: Date | null;
}

export interface OrderAuditEntry {
  id: string;
  createdAt: Date;
  actorNick: string;
  action: string;
  oldValue: unknown;
  newValue: unknown;
}

export interface OrderDetail {
  tid: string;
  status: string;
  type: string | null;
  shippingType: string | null;
  created: Date;
  modified: Date;
  payTime: Date | null;
  consignTime: Date | null;
  endTime: Date | null;
  buyerNick: string | null;
  buyerOpenUid: string | null;
  receiver: {
    name: string | null;
    mobile: string | null;
    phone: string | null;
    address: string | null;
    state: string | null;
    city: string | null;
    district: string | null;
    town: string | null;
    zip: string | null;
    /** oaid.decrypt is possible (the trade carries an oaid). */
    revealable: boolean;
  };
  hasBuyerMessage: boolean;
  /** Null until the detail was fetched (fullinfo.get). */
  buyerMessage: string | null;
  buyerMemo: string | null;
  sellerMemo: string | null;
  sellerFlag: number;
  stepTradeStatus: string | null;
  stepPaidFeeFen: number | null;
  amounts: Amounts;
  lines: OrderLine[];
  parcels: Parcel[];
  timeline: TimelineEntry[];
  /** The detail-only fields are missing or belong to an older `modified`: the page asks for them. */
  detailStale: boolean;
  /** Null when the viewer's role may not read the audit log. */
  audit: OrderAuditEntry[] | null;
}

/**
 * Whether the viewer's shop has this trade: one primary-key read, run by the detail layout before
 * anything streams so that an unknown or another shop's tid answers HTTP 404 (same page for both).
 */
export async function isOwnOrder(viewer: Viewer, tid: string): Promise<boolean> {
  authorize(viewer, "orders.read");
  if (!tidSchema.safeParse(tid).success) return false;
  const t = await db().trade.findUnique({ where: { tid }, select: { shopId: true } });
  return t?.shopId === viewer.shopId;
}

/** The viewer's shop's trade, or null (unknown tid, another shop's, or malformed). */
export async function getOrderDetail(viewer: Viewer, tid: string): Promise<OrderDetail | null> {
  authorize(viewer, "orders.read");
  if (!tidSchema.safeParse(tid).success) return null;
  const withAudit = can(viewer.role, "audit.read");
  // All four reads at once (one round trip on PostgreSQL); another shop's rows are dropped below.
  const [t, lines, traces, audit] = await Promise.all([
    db().trade.findUnique({ where: { tid }, select: DETAIL_TRADE_SELECT }),
    db().tradeOrder.findMany({ where: { tid }, orderBy: { position: "asc" } }),
    db().logisticsTrace.findMany({ where: { tid, shopId: viewer.shopId }, select: { steps: true } }),
    withAudit
      ? db().auditLog.findMany({
          where: { shopId: viewer.shopId, targetType: "trade", targetId: tid },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: DETAIL_AUDIT_LIMIT,
          select: { id: true, createdAt: true, actorNick: true, action: true, oldValue: true, newValue: true },
        })
      : Promise.resolve(null),
  ]);
  if (!t || t.shopId !== viewer.shopId) return null;
  return {
    tid: t.tid,
    status: t.status,
    type: t.type,
    shippingType: t.shippingType,
    created: t.created,
    modified: t.modified,
    payTime: t.payTime,
    consignTime: t.consignTime,
    endTime: t.endTime,
    buyerNick: t.buyerNick,
    buyerOpenUid: t.buyerOpenUid,
    receiver: {
      name: t.receiverName,
      mobile: t.receiverMobile,
      phone: t.receiverPhone,
      address: t.receiverAddress,
      state: t.receiverState,
      city: t.receiverCity,
      district: t.receiverDistrict,
      town: t.receiverTown,
      zip: t.receiverZip,
      revealable: !!t.oaid,
    },
    hasBuyerMessage: t.hasBuyerMessage,
    buyerMessage: t.buyerMessage,
    buyerMemo: t.buyerMemo,
    sellerMemo: t.sellerMemo,
    sellerFlag: t.sellerFlag,
    stepTradeStatus: t.stepTradeStatus,
    stepPaidFeeFen: t.stepPaidFeeFen,
    amounts: amountsOf(t),
    lines: lines.map((l) => ({
      oid: l.oid,
      numIid: l.numIid,
      title: l.title,
      picPath: l.picPath,
      skuPropertiesName: l.skuPropertiesName,
      outerIid: l.outerIid,
      outerSkuId: l.outerSkuId,
      priceFen: l.priceFen,
      num: l.num,
      totalFeeFen: l.totalFeeFen,
      paymentFen: l.paymentFen,
      discountFeeFen: l.discountFeeFen,
      adjustFeeFen: l.adjustFeeFen,
      status: l.status,
      refundStatus: l.refundStatus,
      logisticsCompany: l.logisticsCompany,
      invoiceNo: l.invoiceNo,
      consignTime: l.consignTime,
    })),
    parcels: parcelsOf(lines),
    timeline: timelineOf({ status: t.status, created: t.created, payTime: t.payTime, consignTime: t.consignTime, endTime: t.endTime, signedAt: signedAtOf(traces) }),
    detailStale: t.detailModified === null || t.detailModified.getTime() !== t.modified.getTime(),
    audit,
  };
}
