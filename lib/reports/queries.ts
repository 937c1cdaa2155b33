/**
 * The sales reports, read from the rollups only (DailyRollup, RollupDim, RollupBuyerDay,
 * RollupBuyerGap: lib/sync/rollups.ts), never from the raw trades, so that a year of a million
 * orders costs a few hundred rollup rows per day at most. Every function takes the Viewer and
 * checks `reports.read` for each shop it reads (reportScope). Money stays integer fen (bigint).
 *
 * Definitions (README "Sales reports", the page's help):
 * - 支付金额 GMV: Σ payment of trades paid in the period, by pay time (Asia/Shanghai days);
 *   支付订单数: those trades; 支付买家数: their distinct buyer_open_uid; 客单价 = GMV / buyers.
 *   Unpaid trades and those closed before payment have no pay time and count nowhere; a trade
 *   refunded later still counts on its pay day.
 * - 退款金额: Σ payment of order lines with refund_status SUCCESS, on the day of the line's end
 *   time (else the trade's end time, else its pay time): a proxy, the list APIs carry no refund
 *   time. 退款率 = 退款金额 / 支付金额 of the same period.
 * - 发货时长: pay → consign of trades paid in the period and shipped; the median is the whole-hour
 *   bucket holding the middle trade (the rollup keeps an hour histogram), the mean is exact.
 *
 * The reads go through the process's driver connection (lib/sync/sql.ts), not Prisma: a report
 * is a handful of small aggregate queries, and Prisma's per-query and per-row overhead (groupBy
 * compiles and maps in JS) was most of their time; the driver keeps every report far under 100 ms.
 */
import "server-only";
import { SHIP_HOURS_CAP } from "@/lib/sync/rollups";
import { syncSql, type SqlDriver } from "@/lib/sync/sql";
import { previousRange, sameRangeLastYear, shanghaiBuckets, type DateRange } from "@/lib/time";
import type { Viewer } from "@/lib/auth/viewer";
import { dayBounds, type ReportGranularity } from "./params";
import { ratio, type Ratio } from "./ratio";
import { reportScope, type ReportScope } from "./scope";
import { loadCoverage, periodCoverage, type CoverageStatus, type PeriodCoverage, type ShopCoverage } from "./coverage";
import { figuresUntil } from "./same-time";

export interface ReportQuery {
  range: DateRange;
  granularity: ReportGranularity;
  /** "all", a shop id, or absent for the viewer's shop. */
  shop?: string | null;
  /** The present (default: the clock): 今天 is compared with yesterday up to the same minute of it. */
  now?: Date;
}

export interface Period {
  from: string;
  to: string;
}

export interface DayFigures {
  day: string;
  paidTrades: number;
  gmvFen: bigint;
  itemsSold: number;
  buyers: number;
  createdTrades: number;
  refundLines: number;
  refundFen: bigint;
  consignedTrades: number;
  consignSeconds: bigint;
}

const zeroDay = (day: string): DayFigures => ({ day, paidTrades: 0, gmvFen: 0n, itemsSold: 0, buyers: 0, createdTrades: 0, refundLines: 0, refundFen: 0n, consignedTrades: 0, consignSeconds: 0n });

function addInto(a: DayFigures, b: Omit<DayFigures, "day">): void {
  a.paidTrades += b.paidTrades;
  a.gmvFen += b.gmvFen;
  a.itemsSold += b.itemsSold;
  a.buyers += b.buyers;
  a.createdTrades += b.createdTrades;
  a.refundLines += b.refundLines;
  a.refundFen += b.refundFen;
  a.consignedTrades += b.consignedTrades;
  a.consignSeconds += b.consignSeconds;
}

/** Every day of [from, to] (inclusive), in order. */
export function daysOf(p: Period): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${p.from}T00:00:00Z`), end = Date.parse(`${p.to}T00:00:00Z`); t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** `"shopId" IN (…)` for the scope. */
function inShops(sql: SqlDriver, scope: ReportScope, col = `"shopId"`) {
  return sql.dialect.in(col, scope.shopIds);
}

const num = (v: unknown) => Number(v ?? 0);
const big = (v: unknown) => BigInt(typeof v === "bigint" ? v : Math.round(Number(v ?? 0)));

/** Daily figures of the scope's shops, summed per day, every day of the period present. */
async function dailyFigures(scope: ReportScope, p: Period): Promise<Map<string, DayFigures>> {
  const sql = await syncSql();
  const shops = inShops(sql, scope);
  const rows = await sql.all<Record<string, unknown>>(
    `SELECT "day", SUM("paidTrades") AS "paidTrades", SUM("gmvFen") AS "gmvFen", SUM("itemsSold") AS "itemsSold", SUM("buyers") AS "buyers", SUM("createdTrades") AS "createdTrades",
        SUM("refundLines") AS "refundLines", SUM("refundFen") AS "refundFen", SUM("consignedTrades") AS "consignedTrades", SUM("consignSeconds") AS "consignSeconds"
       FROM "DailyRollup" WHERE ${shops.sql} AND "day" >= ? AND "day" <= ? GROUP BY "day"`,
    ...shops.params,
    p.from,
    p.to,
  );
  const out = new Map(daysOf(p).map((d) => [d, zeroDay(d)]));
  for (const r of rows) {
    addInto(out.get(String(r.day))!, {
      paidTrades: num(r.paidTrades),
      gmvFen: big(r.gmvFen),
      itemsSold: num(r.itemsSold),
      buyers: num(r.buyers),
      createdTrades: num(r.createdTrades),
      refundLines: num(r.refundLines),
      refundFen: big(r.refundFen),
      consignedTrades: num(r.consignedTrades),
      consignSeconds: big(r.consignSeconds),
    });
  }
  return out;
}

/** The figures of [from, to] summed from the daily map (by lookup: a year of day buckets stays linear). */
function total(days: Map<string, DayFigures>, p: Period): DayFigures {
  const t = zeroDay(p.from);
  for (const day of daysOf(p)) {
    const d = days.get(day);
    if (d) addInto(t, d);
  }
  return t;
}

/**
 * Distinct paying buyers over [from, to]. One shop: Σ daily buyers − the buyer gaps inside the
 * period (a buyer who paid on several days of it is counted on the first only): exact, reading
 * at most one row per pair of days. Several shops: COUNT(DISTINCT) over their buyer-days, since
 * one buyer (buyer_open_uid is per app) may pay in more than one of them.
 */
async function distinctBuyers(scope: ReportScope, p: Period, dailyBuyerSum: number): Promise<number> {
  const sql = await syncSql();
  if (dailyBuyerSum === 0) return 0;
  if (scope.shopIds.length === 1) {
    // prevDay < day ≤ to, so bounding prevDay above changes nothing but lets the planner seek the primary key.
    const rows = await sql.all<{ n: unknown }>(
      `SELECT SUM("buyers") AS "n" FROM "RollupBuyerGap" WHERE "shopId" = ? AND "prevDay" >= ? AND "prevDay" <= ? AND "day" <= ?`,
      scope.shopIds[0]!,
      p.from,
      p.to,
      p.to,
    );
    return dailyBuyerSum - num(rows[0]?.n);
  }
  const shops = inShops(sql, scope);
  const rows = await sql.all<{ n: unknown }>(`SELECT COUNT(DISTINCT "buyerOpenUid") AS "n" FROM "RollupBuyerDay" WHERE ${shops.sql} AND "day" >= ? AND "day" <= ?`, ...shops.params, p.from, p.to);
  return num(rows[0]?.n);
}

type DimName = "product" | "sku" | "province" | "hour" | "status" | "refunding" | "shipHours";
export interface DimRow {
  key: string;
  trades: number;
  quantity: number;
  gmvFen: bigint;
}

async function dimTotals(scope: ReportScope, dim: DimName, p: Period, order?: { by: "gmvFen" | "quantity"; take: number }): Promise<DimRow[]> {
  const sql = await syncSql();
  const shops = inShops(sql, scope);
  const tail = order ? `ORDER BY ${order.by === "gmvFen" ? `SUM("gmvFen")` : `SUM("quantity")`} DESC, "key" ASC LIMIT ${Math.floor(order.take)}` : `ORDER BY "key"`;
  const rows = await sql.all<Record<string, unknown>>(
    `SELECT "key", SUM("trades") AS "trades", SUM("quantity") AS "quantity", SUM("gmvFen") AS "gmvFen" FROM "RollupDim" WHERE ${shops.sql} AND "dim" = ? AND "day" >= ? AND "day" <= ? GROUP BY "key" ${tail}`,
    ...shops.params,
    dim,
    p.from,
    p.to,
  );
  return rows.map((r) => ({ key: String(r.key), trades: num(r.trades), quantity: num(r.quantity), gmvFen: big(r.gmvFen) })).filter((r) => r.trades !== 0 || r.quantity !== 0 || r.gmvFen !== 0n);
}

/** The whole-hour bucket of the middle shipped trade (lower median), from the hours histogram. */
export function medianHour(hist: { hour: number; trades: number }[]): number | null {
  const n = hist.reduce((s, h) => s + h.trades, 0);
  if (n === 0) return null;
  const target = Math.ceil(n / 2);
  let seen = 0;
  for (const h of [...hist].sort((a, b) => a.hour - b.hour)) {
    seen += h.trades;
    if (seen >= target) return h.hour;
  }
  return null;
}

export function periodsOf(range: DateRange): { current: Period; previous: Period; lastYear: Period } {
  return { current: dayBounds(range), previous: dayBounds(previousRange(range)), lastYear: dayBounds(sameRangeLastYear(range)) };
}

/* ------------------------------------------------------------------ KPI cards */

export const KPI_KEYS = ["gmv", "paidTrades", "buyers", "aov", "refundFen", "refundRate", "shipMedian"] as const;
export type KpiKey = (typeof KPI_KEYS)[number];
export type KpiKind = "money" | "count" | "rate" | "hours";
export const KPI_KIND: Record<KpiKey, KpiKind> = { gmv: "money", paidTrades: "count", buyers: "count", aov: "money", refundFen: "money", refundRate: "rate", shipMedian: "hours" };

export interface PeriodFigures extends DayFigures {
  /** Distinct buyers over the whole period (not the sum of daily buyers). */
  distinctBuyers: number;
  medianShipHour: number | null;
}

export interface KpiReport {
  periods: { current: Period; previous: Period; lastYear: Period };
  current: PeriodFigures;
  previous: PeriodFigures;
  lastYear: PeriodFigures;
  /** How completely the cache holds each period (pay-time basis, lib/reports/coverage.ts): a comparison needs "full". */
  coverage: { current: PeriodCoverage; previous: PeriodCoverage; lastYear: PeriodCoverage };
  /** Today's report: the compared days are cut at the same minute (Asia/Shanghai "HH:mm"); null for whole days. */
  sameTime: { until: string } | null;
  /** Per day of the current period, for the sparklines. */
  days: DayFigures[];
}

/** A one-day range that holds `now` (今天, or a custom range of today): compare up to the same minute. */
export function sameTimeCut(range: DateRange, now: Date): { previous: DateRange; lastYear: DateRange; until: string } | null {
  const t = now.getTime();
  if (!(range.start.getTime() <= t && t < range.end.getTime()) || range.end.getTime() - range.start.getTime() !== 86_400_000) return null;
  const elapsed = t - range.start.getTime();
  const wall = new Date(t + 8 * 3_600_000).toISOString().slice(11, 16);
  const lastYear = sameRangeLastYear(range).start;
  return { previous: { start: previousRange(range).start, end: new Date(t - 86_400_000) }, lastYear: { start: lastYear, end: new Date(lastYear.getTime() + elapsed) }, until: wall };
}

/** A KPI's value as an exact ratio (fen, a count, a rate or hours), or null when undefined (÷ 0, no data). */
export function kpiValue(f: PeriodFigures, key: KpiKey): Ratio | null {
  switch (key) {
    case "gmv":
      return ratio(f.gmvFen);
    case "paidTrades":
      return ratio(f.paidTrades);
    case "buyers":
      return ratio(f.distinctBuyers);
    case "aov":
      return ratio(f.gmvFen, f.distinctBuyers);
    case "refundFen":
      return ratio(f.refundFen);
    case "refundRate":
      return ratio(f.refundFen, f.gmvFen);
    case "shipMedian":
      return f.medianShipHour === null ? null : ratio(f.medianShipHour);
  }
}

async function periodFigures(scope: ReportScope, p: Period, days: Map<string, DayFigures>): Promise<PeriodFigures> {
  const t = total(days, p);
  // A period without buyers or shipments has no gaps or hours to read.
  const [buyers, ship] = await Promise.all([distinctBuyers(scope, p, t.buyers), t.consignedTrades === 0 ? Promise.resolve([]) : dimTotals(scope, "shipHours", p)]);
  return { ...t, day: p.from, distinctBuyers: buyers, medianShipHour: medianHour(ship.map((s) => ({ hour: Number(s.key), trades: s.trades }))) };
}

export async function kpiReport(viewer: Viewer, q: ReportQuery): Promise<KpiReport> {
  const scope = reportScope(viewer, q.shop);
  const periods = periodsOf(q.range);
  const cut = sameTimeCut(q.range, q.now ?? new Date());
  const shops = await loadCoverage(scope.shopIds);
  const coverage = { current: periodCoverage(shops, periods.current, "paid"), previous: periodCoverage(shops, periods.previous, "paid"), lastYear: periodCoverage(shops, periods.lastYear, "paid") };
  const [span, ly] = await Promise.all([dailyFigures(scope, { from: cut ? periods.current.from : periods.previous.from, to: periods.current.to }), cut ? null : dailyFigures(scope, periods.lastYear)]);
  // A compared period the cache does not fully hold is not read: its figures would be made up (README "Sales reports").
  const compared = (p: Period, c: PeriodCoverage, part: DateRange | undefined, days: Map<string, DayFigures> | null): Promise<PeriodFigures> =>
    c.status !== "full" ? Promise.resolve(emptyFigures(p)) : part ? figuresUntil(scope, part.start, part.end, p.from) : periodFigures(scope, p, days!);
  const [current, previous, lastYear] = await Promise.all([
    periodFigures(scope, periods.current, span),
    compared(periods.previous, coverage.previous, cut?.previous, span),
    compared(periods.lastYear, coverage.lastYear, cut?.lastYear, ly),
  ]);
  return { periods, current, previous, lastYear, coverage, sameTime: cut ? { until: cut.until } : null, days: daysOf(periods.current).map((d) => span.get(d)!) };
}

function emptyFigures(p: Period): PeriodFigures {
  return { ...zeroDay(p.from), distinctBuyers: 0, medianShipHour: null };
}

/** The coverage of one period of the scope (basis: pay time, or creation for the status report). */
async function coverageOf(scope: ReportScope, p: Period, basis: "created" | "paid", shops?: ShopCoverage[]): Promise<PeriodCoverage> {
  return periodCoverage(shops ?? (await loadCoverage(scope.shopIds)), p, basis);
}

/* ------------------------------------------------------------------ over time */

export interface TrendBucket {
  /** The bucket's days inside the period (a week or month is cut at the period's ends). */
  current: Period;
  /** The same position in the previous equal period. */
  previous: Period;
  cur: DayFigures;
  /** Null when the cache does not fully hold the compared bucket (never a made-up 0). */
  prev: DayFigures | null;
  /** How completely the cache holds the bucket (pay-time basis). */
  curCoverage: CoverageStatus;
}

export interface TrendReport {
  granularity: ReportGranularity;
  periods: { current: Period; previous: Period };
  coverage: { current: PeriodCoverage; previous: PeriodCoverage };
  /** 今天: the compared bucket is yesterday up to this minute ("HH:mm", Asia/Shanghai). */
  sameTime: { until: string } | null;
  buckets: TrendBucket[];
}

/** GMV, paid orders and refunds per day / week / month (Asia/Shanghai), with the previous equal period overlaid. */
export async function trendReport(viewer: Viewer, q: ReportQuery): Promise<TrendReport> {
  const scope = reportScope(viewer, q.shop);
  const { current, previous } = periodsOf(q.range);
  const cut = sameTimeCut(q.range, q.now ?? new Date());
  const [days, shops] = await Promise.all([dailyFigures(scope, { from: previous.from, to: current.to }), loadCoverage(scope.shopIds)]);
  const length = q.range.end.getTime() - q.range.start.getTime();
  const buckets: TrendBucket[] = await Promise.all(
    shanghaiBuckets(q.range, q.granularity).map(async (b) => {
      const start = new Date(Math.max(b.start.getTime(), q.range.start.getTime()));
      const end = new Date(Math.min(b.end.getTime(), q.range.end.getTime()));
      const cur = dayBounds({ start, end });
      const prev = dayBounds({ start: new Date(start.getTime() - length), end: new Date(end.getTime() - length) });
      const known = periodCoverage(shops, prev, "paid").status === "full";
      const prevFigures = !known ? null : cut ? await figuresUntil(scope, cut.previous.start, cut.previous.end, prev.from) : total(days, prev);
      return { current: cur, previous: prev, cur: total(days, cur), prev: prevFigures, curCoverage: periodCoverage(shops, cur, "paid").status };
    }),
  );
  return {
    granularity: q.granularity,
    periods: { current, previous },
    coverage: { current: periodCoverage(shops, current, "paid"), previous: periodCoverage(shops, previous, "paid") },
    sameTime: cut ? { until: cut.until } : null,
    buckets,
  };
}

/* ------------------------------------------------------------------ by dimension */

export interface StatusReport {
  period: Period;
  /** Creation-time basis (the status distribution counts trades created in the period). */
  coverage: PeriodCoverage;
  /** Trades created in the period, by their current status, most first. */
  rows: DimRow[];
}

export async function statusReport(viewer: Viewer, q: ReportQuery): Promise<StatusReport> {
  const scope = reportScope(viewer, q.shop);
  const period = dayBounds(q.range);
  const [rows, coverage] = await Promise.all([dimTotals(scope, "status", period), coverageOf(scope, period, "created")]);
  return { period, coverage, rows: rows.sort((a, b) => b.trades - a.trades || (a.key < b.key ? -1 : 1)) };
}

export interface ProductRow extends DimRow {
  title: string | null;
}

export interface SkuRow extends DimRow {
  /** Null: the product has no SKUs (the line had no sku_id). */
  skuId: string | null;
  /** The line's sku_properties_name (颜色分类:红色;尺码:M), null when unknown. */
  name: string | null;
}

export interface ProductDetail extends ProductRow {
  skus: SkuRow[];
}

export interface ProductsReport {
  period: Period;
  coverage: PeriodCoverage;
  byGmv: ProductRow[];
  byQuantity: ProductRow[];
  /** Every product sold in the period by GMV (one page of them, or all), each with its SKUs. */
  detail: { rows: ProductDetail[]; page: number; pages: number; total: number };
}

export const TOP_PRODUCTS = 10;
/** Products per page of the full product table. */
export const PRODUCTS_PAGE_SIZE = 20;

const byGmvDesc = (a: DimRow, b: DimRow) => (b.gmvFen > a.gmvFen ? 1 : b.gmvFen < a.gmvFen ? -1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Top 10 products (num_iid) by GMV and by quantity sold, among trades paid in the period, and the
 * full product table with per-SKU rows (the "sku" rollup), a page of it (1-based) or all of it.
 */
export async function productsReport(viewer: Viewer, q: ReportQuery, detailPage: number | "all" = 1): Promise<ProductsReport> {
  const scope = reportScope(viewer, q.shop);
  const period = dayBounds(q.range);
  const [byGmv, byQuantity, everything, skus, coverage] = await Promise.all([
    dimTotals(scope, "product", period, { by: "gmvFen", take: TOP_PRODUCTS }),
    dimTotals(scope, "product", period, { by: "quantity", take: TOP_PRODUCTS }),
    dimTotals(scope, "product", period),
    dimTotals(scope, "sku", period),
    coverageOf(scope, period, "paid"),
  ]);
  everything.sort(byGmvDesc);
  const pages = Math.max(1, Math.ceil(everything.length / PRODUCTS_PAGE_SIZE));
  const page = detailPage === "all" ? 1 : Math.min(Math.max(1, Math.floor(detailPage)), pages);
  const shown = detailPage === "all" ? everything : everything.slice((page - 1) * PRODUCTS_PAGE_SIZE, page * PRODUCTS_PAGE_SIZE);
  const skusOf = new Map<string, DimRow[]>();
  for (const r of skus) {
    const numIid = r.key.slice(0, r.key.indexOf(":"));
    skusOf.set(numIid, [...(skusOf.get(numIid) ?? []), r]);
  }
  // Titles and SKU names: one order line of each, through the (shopId, numIid) index.
  const sql = await syncSql();
  const shops = inShops(sql, scope);
  const titles = new Map<string, string | null>();
  for (const numIid of new Set([...byGmv, ...byQuantity, ...shown].map((r) => r.key))) {
    const line = await sql.all<{ title: string }>(`SELECT "title" FROM "TradeOrder" WHERE ${shops.sql} AND "numIid" = ? LIMIT 1`, ...shops.params, numIid);
    titles.set(numIid, line[0]?.title ?? null);
  }
  const named = (rows: DimRow[]) => rows.map((r) => ({ ...r, title: titles.get(r.key) ?? null }));
  const detail: ProductDetail[] = [];
  for (const p of named(shown)) {
    const rows: SkuRow[] = [];
    for (const s of (skusOf.get(p.key) ?? []).sort(byGmvDesc)) {
      const skuId = s.key.slice(s.key.indexOf(":") + 1) || null;
      const line = skuId
        ? await sql.all<{ name: string | null }>(`SELECT "skuPropertiesName" AS "name" FROM "TradeOrder" WHERE ${shops.sql} AND "numIid" = ? AND "skuId" = ? LIMIT 1`, ...shops.params, p.key, skuId)
        : [];
      rows.push({ ...s, skuId, name: line[0]?.name ?? null });
    }
    detail.push({ ...p, skus: rows });
  }
  return { period, coverage, byGmv: named(byGmv), byQuantity: named(byQuantity), detail: { rows: detail, page, pages, total: everything.length } };
}

export interface ProvincesReport {
  period: Period;
  coverage: PeriodCoverage;
  /** By receiver province ("" = unknown), GMV descending. */
  rows: DimRow[];
}

export async function provincesReport(viewer: Viewer, q: ReportQuery): Promise<ProvincesReport> {
  const scope = reportScope(viewer, q.shop);
  const period = dayBounds(q.range);
  const [rows, coverage] = await Promise.all([dimTotals(scope, "province", period), coverageOf(scope, period, "paid")]);
  return { period, coverage, rows: rows.sort((a, b) => (b.gmvFen > a.gmvFen ? 1 : b.gmvFen < a.gmvFen ? -1 : b.trades - a.trades || (a.key < b.key ? -1 : 1))) };
}

export interface HoursReport {
  period: Period;
  coverage: PeriodCoverage;
  /** cells[weekday][hour]: paid orders; weekday 0 = Monday … 6 = Sunday, hours 0–23 (Asia/Shanghai). */
  cells: number[][];
  gmvFen: bigint[][];
}

/** Paid orders by hour of day × weekday of the pay time. */
export async function hoursReport(viewer: Viewer, q: ReportQuery): Promise<HoursReport> {
  const scope = reportScope(viewer, q.shop);
  const period = dayBounds(q.range);
  const sql = await syncSql();
  const shops = inShops(sql, scope);
  // Weekday of the calendar day (0 = Sunday), in SQL so that a year comes back as at most 7 × 24 rows.
  const weekday = sql.provider === "sqlite" ? `CAST(strftime('%w', "day") AS INTEGER)` : `CAST(EXTRACT(DOW FROM CAST("day" AS date)) AS integer)`;
  const coverage = coverageOf(scope, period, "paid");
  const rows = await sql.all<Record<string, unknown>>(
    `SELECT ${weekday} AS "wd", "key", SUM("trades") AS "trades", SUM("gmvFen") AS "gmvFen" FROM "RollupDim" WHERE ${shops.sql} AND "dim" = 'hour' AND "day" >= ? AND "day" <= ? GROUP BY 1, 2`,
    ...shops.params,
    period.from,
    period.to,
  );
  const cells = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  const gmvFen = Array.from({ length: 7 }, () => Array<bigint>(24).fill(0n));
  for (const r of rows) {
    const w = (num(r.wd) + 6) % 7; // Monday first
    const hour = Number(r.key);
    cells[w]![hour]! += num(r.trades);
    gmvFen[w]![hour]! += big(r.gmvFen);
  }
  return { period, coverage: await coverage, cells, gmvFen };
}

/** Shipping-time bins in hours [from, to); the last is open-ended (the rollup caps at SHIP_HOURS_CAP). */
export const SHIP_BINS = [
  { from: 0, to: 6 },
  { from: 6, to: 12 },
  { from: 12, to: 24 },
  { from: 24, to: 48 },
  { from: 48, to: 72 },
  { from: 72, to: SHIP_HOURS_CAP },
  { from: SHIP_HOURS_CAP, to: null },
] as const;

export interface ShippingReport {
  period: Period;
  coverage: PeriodCoverage;
  bins: { from: number; to: number | null; trades: number }[];
  shipped: number;
  medianHour: number | null;
  /** Exact mean in seconds as a ratio (Σ seconds / shipped trades). */
  meanSeconds: Ratio | null;
}

export async function shippingReport(viewer: Viewer, q: ReportQuery): Promise<ShippingReport> {
  const scope = reportScope(viewer, q.shop);
  const period = dayBounds(q.range);
  const [hist, days, coverage] = await Promise.all([dimTotals(scope, "shipHours", period), dailyFigures(scope, period), coverageOf(scope, period, "paid")]);
  const hours = hist.map((h) => ({ hour: Number(h.key), trades: h.trades }));
  const t = total(days, period);
  return {
    period,
    coverage,
    bins: SHIP_BINS.map((b) => ({ from: b.from, to: b.to, trades: hours.filter((h) => h.hour >= b.from && (b.to === null || h.hour < b.to)).reduce((s, h) => s + h.trades, 0) })),
    shipped: t.consignedTrades,
    medianHour: medianHour(hours),
    meanSeconds: ratio(t.consignSeconds, t.consignedTrades),
  };
}

export const REPORTS = ["kpis", "trend", "status", "products", "provinces", "hours", "shipping"] as const;
export type ReportName = (typeof REPORTS)[number];
