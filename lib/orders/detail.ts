/**
 * One trade for the detail page, from the cache only: the row, its lines, its stored parcel
 * traces (for the 签收 step) and its audit entries. Four indexed reads (tid primary key, lines by
 * tid, traces by tid, audit by shop+target), so it stays cheap however many trades are stored.
 */
import "server-only";
import { can } from "@/lib/auth/permissions";
import { authorize, type Viewer } from "@/lib/auth/viewer";
import { syncSql } from "@/lib/sync/sql";
import { tidSchema } from "./detail-input";
import { amountsOf, parcelsOf, timelineOf, type Amounts, type Parcel, type TimelineEntry } from "./detail-view";
import { signedAtOf } from "./trace";

export const DETAIL_AUDIT_LIMIT = 50;

/** The trade columns the page shows: not rawJson (kilobytes a trade) nor searchText. */
const TRADE_COLUMNS = [
  "tid", "shopId", "status", "type", "shippingType", "created", "modified", "payTime", "consignTime", "endTime", "buyerNick", "buyerOpenUid",
  "receiverName", "receiverMobile", "receiverPhone", "receiverAddress", "receiverState", "receiverCity", "receiverDistrict", "receiverTown", "receiverZip", "oaid",
  "hasBuyerMessage", "buyerMessage", "buyerMemo", "sellerMemo", "sellerFlag", "stepTradeStatus", "stepPaidFeeFen",
  "totalFeeFen", "postFeeFen", "discountFeeFen", "adjustFeeFen", "paymentFen", "detailModified",
] as const;

const LINE_COLUMNS = [
  "oid", "numIid", "title", "picPath", "skuPropertiesName", "outerIid", "outerSkuId", "priceFen", "num", "totalFeeFen", "paymentFen", "discountFeeFen", "adjustFeeFen",
  "status", "refundStatus", "logisticsCompany", "invoiceNo", "consignTime",
] as const;

const cols = (names: readonly string[]) => names.map((c) => `"${c}"`).join(", ");
const TRADE_SQL = `SELECT ${cols(TRADE_COLUMNS)} FROM "Trade" WHERE "tid" = ?`;
const LINES_SQL = `SELECT ${cols(LINE_COLUMNS)} FROM "TradeOrder" WHERE "tid" = ? ORDER BY "position"`;
const TRACES_SQL = `SELECT "steps" FROM "LogisticsTrace" WHERE "tid" = ? AND "shopId" = ?`;
const AUDIT_SQL = `SELECT "id", "createdAt", "actorNick", "action", "oldValue", "newValue" FROM "AuditLog"
  WHERE "shopId" = ? AND "targetType" = 'trade' AND "targetId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT ${DETAIL_AUDIT_LIMIT}`;

/* The drivers hand back SQLite's integers (ms timestamps, 0/1 booleans, JSON text) and PostgreSQL's
   typed values (Date, boolean, parsed jsonb); these read both. */
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const date = (v: unknown): Date => new Date(Number(v));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(Number(v)));
const bool = (v: unknown): boolean => v === true || Number(v) === 1;

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
  const [t] = await (await syncSql()).all<{ shopId: string }>(`SELECT "shopId" FROM "Trade" WHERE "tid" = ?`, tid);
  return t?.shopId === viewer.shopId;
}

/** The viewer's shop's trade, or null (unknown tid, another shop's, or malformed). */
export async function getOrderDetail(viewer: Viewer, tid: string): Promise<OrderDetail | null> {
  authorize(viewer, "orders.read");
  if (!tidSchema.safeParse(tid).success) return null;
  const withAudit = can(viewer.role, "audit.read");
  const sql = await syncSql();
  const json = (v: unknown): unknown => (sql.provider === "sqlite" && typeof v === "string" ? JSON.parse(v) : (v ?? null));
  // Four indexed reads on the cache's own driver (Prisma's engine costs ≈ 3 ms a query here, the
  // reads themselves ≈ 0.1 ms), all at once; another shop's rows are dropped below.
  const [[t], lineRows, traceRows, auditRows] = await Promise.all([
    sql.all(TRADE_SQL, tid),
    sql.all(LINES_SQL, tid),
    sql.all(TRACES_SQL, tid, viewer.shopId),
    withAudit ? sql.all(AUDIT_SQL, viewer.shopId, tid) : Promise.resolve(null),
  ]);
  if (!t || t.shopId !== viewer.shopId) return null;
  const lines: OrderLine[] = lineRows.map((l) => ({
    oid: str(l.oid),
    numIid: str(l.numIid),
    title: str(l.title),
    picPath: strOrNull(l.picPath),
    skuPropertiesName: strOrNull(l.skuPropertiesName),
    outerIid: strOrNull(l.outerIid),
    outerSkuId: strOrNull(l.outerSkuId),
    priceFen: num(l.priceFen),
    num: num(l.num),
    totalFeeFen: num(l.totalFeeFen),
    paymentFen: num(l.paymentFen),
    discountFeeFen: num(l.discountFeeFen),
    adjustFeeFen: num(l.adjustFeeFen),
    status: str(l.status),
    refundStatus: str(l.refundStatus),
    logisticsCompany: strOrNull(l.logisticsCompany),
    invoiceNo: strOrNull(l.invoiceNo),
    consignTime: dateOrNull(l.consignTime),
  }));
  const traces = traceRows.map((r) => ({ steps: json(r.steps) }));
  const audit: OrderAuditEntry[] | null =
    auditRows?.map((a) => ({ id: str(a.id), createdAt: date(a.createdAt), actorNick: str(a.actorNick), action: str(a.action), oldValue: json(a.oldValue), newValue: json(a.newValue) })) ?? null;
  const created = date(t.created);
  const modified = date(t.modified);
  const payTime = dateOrNull(t.payTime);
  const consignTime = dateOrNull(t.consignTime);
  const endTime = dateOrNull(t.endTime);
  const status = str(t.status);
  const detailModified = numOrNull(t.detailModified);
  return {
    tid: str(t.tid),
    status,
    type: str(t.type),
    shippingType: strOrNull(t.shippingType),
    created,
    modified,
    payTime,
    consignTime,
    endTime,
    buyerNick: strOrNull(t.buyerNick),
    buyerOpenUid: strOrNull(t.buyerOpenUid),
    receiver: {
      name: strOrNull(t.receiverName),
      mobile: strOrNull(t.receiverMobile),
      phone: strOrNull(t.receiverPhone),
      address: strOrNull(t.receiverAddress),
      state: strOrNull(t.receiverState),
      city: strOrNull(t.receiverCity),
      district: strOrNull(t.receiverDistrict),
      town: strOrNull(t.receiverTown),
      zip: strOrNull(t.receiverZip),
      revealable: !!t.oaid,
    },
    hasBuyerMessage: bool(t.hasBuyerMessage),
    buyerMessage: strOrNull(t.buyerMessage),
    buyerMemo: strOrNull(t.buyerMemo),
    sellerMemo: strOrNull(t.sellerMemo),
    sellerFlag: num(t.sellerFlag),
    stepTradeStatus: strOrNull(t.stepTradeStatus),
    stepPaidFeeFen: numOrNull(t.stepPaidFeeFen),
    amounts: amountsOf({ totalFeeFen: num(t.totalFeeFen), postFeeFen: num(t.postFeeFen), discountFeeFen: num(t.discountFeeFen), adjustFeeFen: num(t.adjustFeeFen), paymentFen: num(t.paymentFen) }),
    lines,
    parcels: parcelsOf(lines),
    timeline: timelineOf({ status, created, payTime, consignTime, endTime, signedAt: signedAtOf(traces) }),
    detailStale: detailModified === null || detailModified !== modified.getTime(),
    audit,
  };
}
