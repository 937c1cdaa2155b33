/**
 * The orders list: one page of trades with their lines, the status-tab counts and the pager.
 *
 * Counts. A plain `GROUP BY status` over a million trades costs ~50 ms, too slow for every page
 * view. The unfiltered view and views filtered only by creation date read the maintained rollups
 * instead (RollupDim dims "status" and "refunding", one row per creation day and status, kept in
 * the same transaction as every trade write): ~100 days × 12 statuses, whatever the number of
 * trades. Views with any other filter (or a paid-date range, which the rollups do not key on)
 * are counted from the trades, bounded: one pass over at most COUNT_CAP + 1 matches gives every
 * tab exactly when the filter is that narrow (a search, 近7天 + a province); a broader filter
 * counts each tab only up to COUNT_CAP and the tab says "1000+", as search engines do. An exact
 * count of 300k matches would read 300k rows (seconds at 1M trades) for a number nobody pages
 * through; the export still covers every match.
 *
 * Paging. OFFSET over a covering index (shopId, <sort column>, tid) picks the page's tids without
 * touching the table (a deferred join), then the page's rows and lines are read by tid; page 500
 * of 20 skips 10,000 index entries, about a millisecond. Every order ends with tid, so equal
 * sort values never make rows jump between pages.
 *
 * Search. A search decides one thing, whether an item-text term is common (more than the cap of
 * matches: then commonTermView), and decides it within the viewed shop alone (planSearch), so a
 * shop's view never depends on another shop's trades. SQLite's FTS5 index spans every shop: its
 * probe keeps a posting only when the narrow (shopId, rowid) index Trade_search_shop_idx has it
 * (one seek, no trade row), stopping after cap + 1 of the shop's matches; a rare term's rowids are
 * then the whole match set, which the counts and the page read directly. PostgreSQL's probe is
 * the shop's own condition (pg_trgm and the nick index, with statistics).
 *
 * Reads go through the process's raw driver (lib/sync/sql), which binds parameters ~10× cheaper
 * than Prisma's raw path and returns timestamps as epoch ms on both databases.
 */
import "server-only";
import { cache } from "react";
import { authorize, type Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/auth/errors";
import type { Role } from "@/lib/auth/permissions";
import { syncSql, type Dialect, type SqlDriver } from "@/lib/sync/sql";
import { shanghaiDayKey, type DateRange } from "@/lib/time";
import { TRADE_TYPES, type KnownTradeType } from "@/lib/top/types";
import { groupOfStatus, ORDER_TABS, statusesOfGroup, type OrderTab } from "./status";
import type { OrderParams, OrderSort } from "./filters";
import { dateRangeOf } from "./range";
import { REFUND_INDEX, REFUND_WALK_INDEX, unindexed, viewWhere, type SearchPart, type SearchPlan, type SqlPart, type ViewWhere } from "./where";

export interface OrderLine {
  oid: string;
  title: string;
  picPath: string | null;
  skuPropertiesName: string | null;
  outerIid: string | null;
  num: number;
  paymentFen: number;
  status: string;
  refundStatus: string;
}

export interface OrderRow {
  tid: string;
  status: string;
  /** Epoch ms (serialisable to client components). */
  created: number;
  payTime: number | null;
  modified: number;
  buyerNick: string | null;
  paymentFen: number;
  postFeeFen: number;
  sellerFlag: number;
  sellerMemo: string | null;
  hasBuyerMessage: boolean;
  /** The buyer's message once the trade's detail is cached (null before, or when there is none). */
  buyerMessage: string | null;
  refunding: boolean;
  receiverState: string | null;
  lines: OrderLine[];
}

export type TabCounts = Record<OrderTab, number>;

/** A filtered view's tab counts stop at this many matches ("1000+"). */
export const COUNT_CAP = 1000;

export interface CountsResult {
  counts: TabCounts;
  /** Tabs whose count reached the cap: at least counts[tab] trades match. */
  capped: Record<OrderTab, boolean>;
  /** Tabs not counted (a common item-text term: only 全部 and the current tab are); their count is 0. */
  unknown: Record<OrderTab, boolean>;
  from: "rollups" | "query";
}

export interface OrderListResult {
  shopId: string;
  rows: OrderRow[];
  counts: TabCounts;
  countsCapped: Record<OrderTab, boolean>;
  countsUnknown: Record<OrderTab, boolean>;
  countsFrom: "rollups" | "query";
  /** Matches of the current tab (at least this many when `totalCapped`). */
  total: number;
  totalCapped: boolean;
  page: number;
  pageCount: number;
  /** The URL asked for a page past the end; the last page is shown. */
  pageClamped: boolean;
  search: Pick<SearchPart, "kind" | "bounded"> | null;
}

/** The shop a view reads and the viewer's role there: the active shop, or another of the viewer's own shops. */
export function viewShop(viewer: Viewer, shop: string | null): { shopId: string; role: Role } {
  if (!shop || shop === viewer.shopId) return { shopId: viewer.shopId, role: viewer.role };
  const m = viewer.shops.find((s) => s.id === shop);
  // The filter schema already dropped foreign shops; this is the data layer's own check.
  if (!m) throw new AppError("notFound");
  return { shopId: m.id, role: m.role };
}

/** Checks `permission` for the shop the view reads. */
export function authorizeView(viewer: Viewer, shop: string | null, permission: "orders.read" | "orders.export"): string {
  const { shopId, role } = viewShop(viewer, shop);
  authorize({ role }, permission);
  return shopId;
}

const SORT_COLUMN: Record<OrderSort, string> = { created: `"created"`, paid: `"payTime"`, payment: `"paymentFen"`, modified: `"modified"` };

export function orderBy(p: Pick<OrderParams, "sort" | "dir">, alias = "t"): string {
  const dir = p.dir === "asc" ? "ASC" : "DESC";
  const col = `${alias}.${SORT_COLUMN[p.sort]}`;
  // Unpaid trades have no payTime: they go last in either direction.
  const nulls = p.sort === "paid" ? `CASE WHEN ${col} IS NULL THEN 1 ELSE 0 END, ` : "";
  return `${nulls}${col} ${dir}, ${alias}."tid" ${dir}`;
}

function emptyCounts(): TabCounts {
  return Object.fromEntries(ORDER_TABS.map((t) => [t, 0])) as TabCounts;
}

function addStatus(counts: TabCounts, status: string, n: number): void {
  counts.all += n;
  const g = groupOfStatus(status);
  if (g) counts[g] += n;
}

/** Tab counts from the rollups, over the trades created in `range` (all of them for null). */
async function countsFromRollups(sql: SqlDriver, shopId: string, range: DateRange | null): Promise<TabCounts> {
  const days = range ? ` AND "day" >= ? AND "day" < ?` : "";
  const params: unknown[] = [shopId];
  if (range) params.push(shanghaiDayKey(range.start), shanghaiDayKey(range.end));
  const rows = await sql.all<{ dim: string; key: string; n: number }>(
    `SELECT "dim", "key", SUM("trades") AS n FROM "RollupDim" WHERE "shopId" = ? AND "dim" IN ('status', 'refunding')${days} GROUP BY "dim", "key"`,
    ...params,
  );
  const counts = emptyCounts();
  for (const r of rows) {
    const n = Number(r.n);
    if (r.dim === "status") addStatus(counts, r.key, n);
    else counts.refunding += n;
  }
  return counts;
}

function noTabs(): Record<OrderTab, boolean> {
  return Object.fromEntries(ORDER_TABS.map((t) => [t, false])) as Record<OrderTab, boolean>;
}

/**
 * A status tab at most this big is counted through its own index (shopId, status, created, tid,
 * payTime, paymentFen, buyerNick): at most this many entries are read, however rare the filter is within it
 * (and no row at all when the index carries every filtered column). A bigger tab is left to the
 * planner (the filter's own index), where matches of a big tab come quickly.
 */
const SMALL_TAB = 50_000;
const SMALL_TAB_INDEX_ONLY = 200_000;
const STATUS_INDEX = "Trade_status_cover_idx";
const REFUNDING_INDEX = "Trade_refunding_created_tid_idx";

/** SQLite's planner has no statistics (see `unindexed`); on PostgreSQL the planner chooses. */
function indexedBy(d: Dialect, index: string): string {
  return d.provider === "sqlite" ? ` INDEXED BY "${index}"` : "";
}

type SampleRow = { status: string; refunding: number | boolean };

async function statusesOf(sql: SqlDriver, shopId: string, tids: string[]): Promise<SampleRow[]> {
  if (tids.length === 0) return [];
  const inT = sql.dialect.in(`t."tid"`, tids);
  return sql.all<SampleRow>(`SELECT t."status" AS status, t."refunding" AS refunding FROM "Trade" t WHERE ${unindexed(sql.dialect)}t."shopId" = ? AND ${inT.sql}`, shopId, ...inT.params);
}

/** Exact tab counts of a set of at most the cap. */
function countsOfSample(sample: SampleRow[]): TabCounts {
  const counts = emptyCounts();
  for (const r of sample) {
    addStatus(counts, r.status, 1);
    if (r.refunding === true || Number(r.refunding) === 1) counts.refunding++;
  }
  return counts;
}

/** Counts the filtered set: exactly up to `cap` matches, then each tab up to `cap` (see the header). */
async function countsFromQuery(sql: SqlDriver, shopId: string, where: ViewWhere, cap: number): Promise<Omit<CountsResult, "from">> {
  const { base } = where;
  // Statuses only: every filter index (and the status index) carries status, so the pass reads no
  // rows (a filter matching 15 % of a million orders: 0.4 ms instead of 6–140 ms of heap pages).
  const sample = await sql.all<{ status: string }>(`SELECT t."status" AS status FROM "Trade" t WHERE ${base.sql} LIMIT ${cap + 1}`, ...base.params);
  if (sample.length <= cap) {
    const counts = emptyCounts();
    for (const r of sample) addStatus(counts, r.status, 1);
    // 退款中 of a set this narrow: its own count (the partial refunding index or ≤ cap rows).
    const refunding = where.forTab("refunding").where;
    const [row] = await sql.all<{ n: number }>(`SELECT COUNT(*) AS n FROM "Trade" t WHERE ${refunding.sql}`, ...refunding.params);
    counts.refunding = Number(row?.n ?? 0);
    return { counts, capped: noTabs(), unknown: noTabs() };
  }
  const { counts, capped } = await cappedCounts(sql, shopId, where, cap, ORDER_TABS.filter((t) => t !== "all"));
  counts.all = cap;
  capped.all = true;
  return { counts, capped, unknown: noTabs() };
}

/** Each of `tabs` counted up to `cap` in one statement, each driven by the index that reads the fewest rows for it. */
async function cappedCounts(sql: SqlDriver, shopId: string, where: ViewWhere, cap: number, tabs: OrderTab[]): Promise<{ counts: TabCounts; capped: Record<OrderTab, boolean> }> {
  const d = sql.dialect;
  const counts = emptyCounts();
  const capped = noTabs();
  const sizes = d.provider === "sqlite" && !where.statusIndexed && !where.refundIndexed ? await countsFromRollups(sql, shopId, null) : null;
  const parts = tabs.map((tab) => {
    // The status index carries dates, amounts and the buyer nick: under those a tab's walk reads no row.
    const small = where.statusIndexCovers || where.search?.kind === "buyer" ? SMALL_TAB_INDEX_ONLY : SMALL_TAB;
    const index = tab === "all" ? null : tab === "refunding" ? (where.refundFiltered ? REFUND_INDEX : REFUNDING_INDEX) : where.refundIndexed ? REFUND_INDEX : sizes && sizes[tab] <= small ? STATUS_INDEX : null;
    // Told which index to walk, the query keeps the shop condition on it (a search set then is a probe per entry).
    const view = where.forTab(tab);
    const w = index ? view.shopIndexed : view.where;
    // PostgreSQL: a one-status tab (or 退款中) counted newest first walks its (…, status, created)
    // index backwards, so a recent date range finds its cap of matches at once instead of passing
    // every older trade of the tab first (a forward scan: 30× slower for 付款时间近30天).
    const newestFirst = d.provider === "postgres" && !where.refundFiltered && (tab === "refunding" || (tab !== "all" && statusesOfGroup(tab).length === 1)) ? ` ORDER BY t."created" DESC` : "";
    return { sql: `(SELECT COUNT(*) FROM (SELECT 1 FROM "Trade" t${index ? indexedBy(d, index) : ""} WHERE ${w.sql}${newestFirst} LIMIT ${cap + 1}) AS x) AS "${tab}"`, params: w.params };
  });
  const [row] = await sql.all<Record<string, unknown>>(`SELECT ${parts.map((p) => p.sql).join(", ")}`, ...parts.flatMap((p) => p.params));
  for (const tab of tabs) {
    const n = Number(row?.[tab] ?? 0);
    counts[tab] = Math.min(n, cap);
    capped[tab] = n > cap;
  }
  return { counts, capped };
}

export async function tabCounts(sql: SqlDriver, shopId: string, p: OrderParams, where: ViewWhere, now: Date, cap = COUNT_CAP): Promise<CountsResult> {
  if (where.rollupCountable) return { counts: await countsFromRollups(sql, shopId, dateRangeOf(p, now)), capped: noTabs(), unknown: noTabs(), from: "rollups" };
  return { ...(await countsFromQuery(sql, shopId, where, cap)), from: "query" };
}

/**
 * An item-text search's plan, decided by its probe within the view's shop and nowhere else: more
 * than `cap` of the shop's trades match (commonTermView walks the shop's index), or at most the cap
 * (on SQLite the probe's rowids are then the match set itself, so the counts and the page read
 * those trades and no other). Either way the view of a shop is exactly what it would be if no
 * other shop existed: another shop's matches change no count, no tab and no plan.
 */
async function planSearch(sql: SqlDriver, where: ViewWhere, cap: number): Promise<{ over: boolean; plan: SearchPlan } | null> {
  if (!where.search?.probe) return null;
  const probe = where.search.probe(cap);
  const keys = (await sql.all<{ k: unknown }>(probe.sql, ...probe.params)).map((r) => r.k);
  if (keys.length > cap) return { over: true, plan: { walk: true } };
  return { over: false, plan: sql.dialect.provider === "sqlite" ? { matchKeys: keys } : {} };
}

interface CommonTermView extends Omit<CountsResult, "from"> {
  /**
   * 全部's walk: the tids of the first cap + 1 matches in page order (every match when at most the
   * cap), or of the matches up to the requested page's end when the probe proved the view over the cap.
   */
  walked: string[] | null;
}

/**
 * A common item-text term (a product word matching tens of thousands of orders). Collecting the
 * match set costs ~10 ms at 60k matches and every statement that uses it collects it again, so
 * counting each tab on its own (one use per tab) would cost seven times that. Instead:
 * - 全部: one walk of the sort index against the set takes the tids of the first cap + 1 matches
 *   in page order: the page itself, and — when the filters narrow the term to at most the cap —
 *   every tab's exact count from those trades' statuses;
 * - another tab: 全部 and that tab counted up to the cap, the page as for any capped view;
 * the other tabs are then not counted (the tabs say so), as search engines leave them.
 */
async function commonTermView(sql: SqlDriver, shopId: string, where: ViewWhere, p: OrderParams, cap: number): Promise<CommonTermView> {
  const walk = walkIndex({ sort: p.sort, tab: "all", refund: p.refund });
  if (p.tab === "all" && walk) {
    const w = where.baseShopIndexed;
    // When the probe already proved the view is over the cap, the walk stops at the page's end
    // (a few hundred rows of the sort index instead of the ~20k that hold cap + 1 matches).
    const proven = where.searchOnly && where.search?.probeExact === true;
    const limit = proven ? Math.min(cap, Math.max(1, p.page) * p.size) : cap + 1;
    // The sort index alone (tids); statuses are read only when the filters narrowed the term to the cap.
    const rows = await sql.all<{ tid: string }>(`SELECT t."tid" AS tid FROM "Trade" t${indexedBy(sql.dialect, walk)} WHERE ${w.sql} ORDER BY ${orderBy(p)} LIMIT ${limit}`, ...w.params);
    const over = proven || rows.length > cap;
    const counts = over ? { ...emptyCounts(), all: cap } : countsOfSample(await statusesOf(sql, shopId, rows.map((r) => r.tid)));
    const unknown = over ? ({ ...Object.fromEntries(ORDER_TABS.map((t) => [t, true])), all: false } as Record<OrderTab, boolean>) : noTabs();
    return { counts, capped: { ...noTabs(), all: over }, unknown, walked: rows.map((r) => r.tid) };
  }
  const tabs: OrderTab[] = p.tab === "all" ? ["all"] : ["all", p.tab];
  const { counts, capped } = await cappedCounts(sql, shopId, where, cap, tabs);
  const unknown = Object.fromEntries(ORDER_TABS.map((t) => [t, !tabs.includes(t)])) as Record<OrderTab, boolean>;
  return { counts, capped, unknown, walked: null };
}

/** A stored trade as the driver returns it: OrderRow's columns (SQLite gives booleans as 0/1), before its lines are attached. */
type TradeRowRaw = Omit<OrderRow, "lines" | "hasBuyerMessage" | "refunding"> & { hasBuyerMessage: number | boolean; refunding: number | boolean };

const TRADE_COLUMNS = `t."tid", t."status", t."created", t."payTime", t."modified", t."buyerNick", t."paymentFen", t."postFeeFen", t."sellerFlag", t."sellerMemo", t."hasBuyerMessage", t."buyerMessage", t."refunding", t."receiverState"`;

/** The trades (with lines) of the given tids, in the given order. */
export async function rowsByTids(sql: SqlDriver, shopId: string, tids: string[]): Promise<OrderRow[]> {
  if (tids.length === 0) return [];
  const inT = sql.dialect.in(`t."tid"`, tids);
  const inO = sql.dialect.in(`o."tid"`, tids);
  const [trades, lines] = await Promise.all([
    sql.all<TradeRowRaw>(`SELECT ${TRADE_COLUMNS} FROM "Trade" t WHERE ${unindexed(sql.dialect)}t."shopId" = ? AND ${inT.sql}`, shopId, ...inT.params),
    sql.all<OrderLine & { tid: string }>(
      `SELECT o."tid", o."oid", o."title", o."picPath", o."skuPropertiesName", o."outerIid", o."num", o."paymentFen", o."status", o."refundStatus" FROM "TradeOrder" o WHERE ${unindexed(sql.dialect)}o."shopId" = ? AND ${inO.sql} ORDER BY o."tid", o."position"`,
      shopId,
      ...inO.params,
    ),
  ]);
  const byTid = new Map<string, OrderLine[]>();
  for (const { tid, ...l } of lines) {
    let list = byTid.get(tid);
    if (!list) byTid.set(tid, (list = []));
    list.push({ ...l, num: Number(l.num), paymentFen: Number(l.paymentFen) });
  }
  const map = new Map(trades.map((t) => [t.tid, t]));
  return tids.flatMap((tid) => {
    const t = map.get(tid);
    if (!t) return [];
    return [
      {
        tid: t.tid,
        status: t.status,
        created: Number(t.created),
        payTime: t.payTime === null ? null : Number(t.payTime),
        modified: Number(t.modified),
        buyerNick: t.buyerNick,
        paymentFen: Number(t.paymentFen),
        postFeeFen: Number(t.postFeeFen),
        sellerFlag: Number(t.sellerFlag),
        sellerMemo: t.sellerMemo,
        hasBuyerMessage: Boolean(t.hasBuyerMessage),
        buyerMessage: t.buyerMessage,
        refunding: Boolean(t.refunding),
        receiverState: t.receiverState,
        lines: byTid.get(tid) ?? [],
      },
    ];
  });
}

/** The covering index each sort walks in order (paid sorts unpaid trades last, which no index orders). */
const SORT_INDEX: Partial<Record<OrderSort, string>> = { created: "Trade_shopId_created_tid_idx", payment: "Trade_shopId_paymentFen_tid_idx", modified: "Trade_shopId_modified_tid_idx" };

/**
 * The index a broad view's page walks: the filter matches more than the count cap, so walking the
 * sort order and testing each trade finds a page after a few rows per match, where the filter's own
 * index would fetch and sort every match. 退款中 walks its partial index, itself in created order.
 */
function walkIndex(p: Pick<OrderParams, "sort" | "tab" | "refund">): string | null {
  // Under a refund filter 退款中 is a set of refund masks, not the partial index's `refunding`.
  if (p.tab === "refunding" && !p.refund) return p.sort === "created" ? REFUNDING_INDEX : null;
  return SORT_INDEX[p.sort] ?? null;
}

/**
 * The index a refund-filtered page reads (the refund filter, or 退款中 under any refund filter,
 * is a set of masks): a capped tab in creation order walks the refund trades in that order, index
 * only; a tab of at most the cap seeks its masks and sorts them. Other sorts walk the sort index.
 * `undefined`: not such a page, the usual choice applies (`null` would mean "no index hint").
 */
function refundPageIndex(where: ViewWhere, p: Pick<OrderParams, "sort" | "tab">, tabCapped: boolean): string | null | undefined {
  if (!where.refundFiltered || !(where.refundIndexed || p.tab === "refunding")) return undefined;
  if (!tabCapped) return REFUND_INDEX;
  return p.sort === "created" ? REFUND_WALK_INDEX : undefined;
}

/** One page of the view: the tids by the covering index (`index` when given), then their rows. */
export async function pageTids(sql: SqlDriver, where: SqlPart, p: Pick<OrderParams, "sort" | "dir">, limit: number, offset: number, index: string | null = null): Promise<string[]> {
  const hint = index ? indexedBy(sql.dialect, index) : "";
  const rows = await sql.all<{ tid: string }>(`SELECT t."tid" FROM "Trade" t${hint} WHERE ${where.sql} ORDER BY ${orderBy(p)} LIMIT ${limit} OFFSET ${offset}`, ...where.params);
  return rows.map((r) => r.tid);
}

/**
 * A page of a tab that spans several statuses (待发货 = three): one index range per status on
 * (shopId, status, <sort>, tid), each cut at offset + limit, merged. Neither database can walk
 * one index in sort order across an IN list, and scanning the sort index for a rare status
 * (待发货 is ~1% of a shop's trades) would read the whole shop.
 */
export async function pageTidsByStatus(sql: SqlDriver, base: SqlPart, statuses: readonly string[], p: Pick<OrderParams, "sort" | "dir">, limit: number, offset: number): Promise<string[]> {
  const col = SORT_COLUMN[p.sort];
  const branch = `SELECT * FROM (SELECT t."tid" AS tid, t.${col} AS k FROM "Trade" t WHERE ${base.sql} AND t."status" = ? ORDER BY ${orderBy(p)} LIMIT ${offset + limit}) AS b`;
  const union = statuses.map((_, i) => branch.replace(/ AS b$/, ` AS b${i}`)).join(" UNION ALL ");
  const dir = p.dir === "asc" ? "ASC" : "DESC";
  const nulls = p.sort === "paid" ? `CASE WHEN u.k IS NULL THEN 1 ELSE 0 END, ` : "";
  const rows = await sql.all<{ tid: string }>(
    `SELECT u.tid FROM (${union}) AS u ORDER BY ${nulls}u.k ${dir}, u.tid ${dir} LIMIT ${limit} OFFSET ${offset}`,
    ...statuses.flatMap((s) => [...base.params, s]),
  );
  return rows.map((r) => r.tid);
}

export async function listOrders(viewer: Viewer, p: OrderParams, opts: { now?: Date; countCap?: number } = {}): Promise<OrderListResult> {
  const shopId = authorizeView(viewer, p.shop, "orders.read");
  const now = opts.now ?? new Date();
  const sql = await syncSql();
  const cap = opts.countCap ?? COUNT_CAP;
  let where = viewWhere(sql.dialect, shopId, p, now);
  const search = p.ids ? null : await planSearch(sql, where, cap);
  if (search) where = viewWhere(sql.dialect, shopId, p, now, search.plan);
  const common = search?.over ? await commonTermView(sql, shopId, where, p, cap) : null;
  const { counts, capped, unknown, from } = common ? { ...common, from: "query" as const } : await tabCounts(sql, shopId, p, where, now, cap);
  const total = counts[p.tab];
  const pageCount = Math.max(1, Math.ceil(total / p.size));
  const page = Math.min(Math.max(1, p.page), pageCount);
  const offset = (page - 1) * p.size;
  const statuses = p.tab === "all" || p.tab === "refunding" ? [] : statusesOfGroup(p.tab);
  // Walk only when the tab itself has more matches than the cap (a page comes after a few rows per
  // match); a tab with fewer is read through the filter's index and sorted.
  const refundIndex = from === "query" ? refundPageIndex(where, p, capped[p.tab]) : undefined;
  const walk = refundIndex !== undefined ? refundIndex : from === "query" && capped[p.tab] ? walkIndex(p) : null;
  // A common term's walk already holds the page unless the page lies past its cap + 1 matches.
  const walked = common?.walked;
  const fromWalk = walked && (offset + p.size <= walked.length || !capped.all) ? walked.slice(offset, offset + p.size) : null;
  const tids = fromWalk ?? (
    statuses.length > 1
      ? await pageTidsByStatus(sql, where.base, statuses, p, p.size, offset)
      : walk
        ? await pageTids(sql, where.forTab(p.tab).shopIndexed, p, p.size, offset, walk)
        : await pageTids(sql, where.withTab, p, p.size, offset));
  const rows = await rowsByTids(sql, shopId, tids);
  return {
    shopId,
    rows,
    counts,
    countsCapped: capped,
    countsUnknown: unknown,
    countsFrom: from,
    total,
    totalCapped: capped[p.tab],
    page,
    pageCount,
    pageClamped: page !== p.page,
    search: where.search ? { kind: where.search.kind, bounded: where.search.bounded } : null,
  };
}

/**
 * The trade types the shop's cached trades have, in code order: a loose index scan of
 * (shopId, type, status, created), one seek per distinct type (a shop has a handful), so it costs
 * the same at a million trades. Cached for the request (the filter bar and anything else asking).
 */
export const shopTradeTypes = cache(async (shopId: string): Promise<string[]> => {
  const sql = await syncSql();
  const next = (after: string) => `SELECT "type" FROM "Trade" WHERE "shopId" = ? AND "type" ${after} ORDER BY "type" LIMIT 1`;
  const rows = await sql.all<{ v: string | null }>(
    `WITH RECURSIVE types(v) AS (SELECT (${next("IS NOT NULL")}) UNION ALL SELECT (${next("> types.v")}) FROM types WHERE types.v IS NOT NULL) SELECT v FROM types WHERE v IS NOT NULL`,
    shopId,
    shopId,
  );
  return rows.map((r) => r.v!);
});

/** The filter bar's context for a shop: its provinces (from the maintained rollups), the trade types it has (known ones: the URL accepts no other) and whether its first sync finished. */
export async function listContext(viewer: Viewer, shop: string | null): Promise<{ shopId: string; provinces: string[]; types: KnownTradeType[]; backfillDone: boolean }> {
  const shopId = authorizeView(viewer, shop, "orders.read");
  const sql = await syncSql();
  const [provinces, state, types] = await Promise.all([
    sql.all<{ key: string }>(`SELECT DISTINCT "key" FROM "RollupDim" WHERE "shopId" = ? AND "dim" = 'province' AND "key" <> '' AND "trades" > 0`, shopId),
    sql.all<{ backfillDoneAt: number | null }>(`SELECT "backfillDoneAt" FROM "SyncState" WHERE "shopId" = ?`, shopId),
    shopTradeTypes(shopId),
  ]);
  const present = new Set(types);
  return {
    shopId,
    provinces: provinces.map((p) => p.key).sort((a, b) => a.localeCompare(b, "zh-CN")),
    types: TRADE_TYPES.filter((t) => present.has(t)),
    backfillDone: state[0]?.backfillDoneAt != null,
  };
}

/**
 * The count of one view's own tab, for a saved view's chip beside the tabs: what that tab would
 * show if the view were opened, with the same plans (rollups for unfiltered and creation-date-only
 * views, else the tab's cheapest index up to the cap; a common item-text term through its walk).
 */
export async function viewTabCount(sql: SqlDriver, shopId: string, p: OrderParams, now: Date, cap = COUNT_CAP): Promise<{ count: number; capped: boolean }> {
  let where = viewWhere(sql.dialect, shopId, p, now);
  if (where.rollupCountable) return { count: (await countsFromRollups(sql, shopId, dateRangeOf(p, now)))[p.tab], capped: false };
  const search = p.ids ? null : await planSearch(sql, where, cap);
  if (search) where = viewWhere(sql.dialect, shopId, p, now, search.plan);
  const { counts, capped } = await cappedCounts(sql, shopId, where, cap, [p.tab]);
  return { count: counts[p.tab], capped: capped[p.tab] };
}
