/**
 * The WHERE clause of a filtered order view, shared by the list, the counts and the export so
 * that all three always mean the same set. Every condition starts with the shop: no query can
 * reach another shop's rows. Values are always bound parameters (`?`), never spliced into SQL.
 */
import "server-only";
import { NO_REFUND_MASK, OPEN_REFUND_MASK, REFUND_BITS } from "@/lib/sync/rows";
import type { Dialect } from "@/lib/sync/sql";
import type { RefundStatus } from "@/lib/top/types";
import { statusesOfGroup, type OrderTab } from "./status";
import type { OrderParams } from "./filters";
import { dateRangeOf } from "./range";
import { classifySearch, type SearchKind } from "./search-kind";

/**
 * SQLite's unary + on a column keeps the comparison but takes that column's indexes out of the
 * plan. Without table statistics (the app never runs ANALYZE) SQLite would answer
 * `shopId = ? AND tid IN (…)` by walking every trade of the shop; with the + it goes through the
 * primary key. PostgreSQL has statistics and needs no hint.
 */
export function unindexed(d: Dialect): string {
  return d.provider === "sqlite" ? "+" : "";
}

export interface SqlPart {
  sql: string;
  params: unknown[];
}

/** Terms shorter than a trigram cannot use the trigram index: they scan only this many newest trades. */
export const SHORT_TERM_SCAN = 5000;

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern for "contains `term`" against the lower-cased searchText (lib/sync/rows.ts searchTextOf). */
function containsPattern(term: string): string {
  return `%${likeEscape(term.toLowerCase())}%`;
}

/**
 * The tids whose item title / SKU text / outer id contain `term`: FTS5 trigram on SQLite, pg_trgm
 * LIKE on PostgreSQL (a SELECT of tids, to be used as `t."tid" IN (...)`).
 */
function textTids(d: Dialect, shopId: string, term: string): SqlPart {
  if ([...term].length >= 3) {
    if (d.provider === "sqlite") return { sql: `SELECT s."tid" FROM "Trade" s WHERE s.rowid IN (SELECT rowid FROM "TradeSearch" WHERE "TradeSearch" MATCH ?) AND +s."shopId" = ?`, params: [`"${term.replace(/"/g, '""')}"`, shopId] };
    return { sql: `SELECT s."tid" FROM "Trade" s WHERE s."searchText" LIKE ? ESCAPE '\\' AND s."shopId" = ?`, params: [containsPattern(term), shopId] };
  }
  // Bounded: the newest SHORT_TERM_SCAN trades of the shop (an index range), then a plain scan.
  const contains = d.provider === "sqlite" ? `instr(lower(s."searchText"), lower(?)) > 0` : `strpos(lower(s."searchText"), lower(?)) > 0`;
  return {
    sql: `SELECT s."tid" FROM "Trade" s WHERE s."tid" IN (SELECT r."tid" FROM (SELECT "tid" FROM "Trade" WHERE "shopId" = ? ORDER BY "created" DESC, "tid" DESC LIMIT ${SHORT_TERM_SCAN}) r) AND ${contains}`,
    params: [shopId, term],
  };
}

/** Buyer nick: exact, or a prefix as a range on the (shopId, buyerNick, status, created) index (byte order on both databases: SQLite BINARY, PostgreSQL C collation). */
function buyerRange(alias: string, term: string): SqlPart {
  return { sql: `${alias}."buyerNick" >= ? AND ${alias}."buyerNick" < ?`, params: [term, `${term}\uffff`] };
}

function buyerTids(shopId: string, term: string): SqlPart {
  const r = buyerRange("b", term);
  return { sql: `SELECT b."tid" FROM "Trade" b WHERE b."shopId" = ? AND ${r.sql}`, params: [shopId, ...r.params] };
}

/**
 * SQLite, terms of 3+ characters: buyer nick OR item text as a set of Trade rowids, both read
 * index-only (rowid is in every index, and TradeSearch is keyed by Trade's rowid), so a common
 * product word matching tens of thousands of orders costs a few milliseconds to collect instead of
 * a Trade row per match just to read its tid.
 */
function nickOrTextRowids(shopId: string, term: string): SqlPart {
  const r = buyerRange("b", term);
  return {
    sql: `t.rowid IN (SELECT b.rowid FROM "Trade" b WHERE b."shopId" = ? AND ${r.sql} UNION SELECT rowid FROM "TradeSearch" WHERE "TradeSearch" MATCH ?)`,
    params: [shopId, ...r.params, `"${term.replace(/"/g, '""')}"`],
  };
}

/** Each kind is a set of tids, so the planner drives the page from the (small) match set through the primary key. */
function tidsIn(parts: SqlPart[]): SqlPart {
  return { sql: `t."tid" IN (${parts.map((p) => p.sql).join(" UNION ")})`, params: parts.flatMap((p) => p.params) };
}

export interface SearchPart extends SqlPart {
  kind: SearchKind;
  /** The short-term fallback applied (the page says the search was limited). */
  bounded: boolean;
  /** A set of tids (`t."tid" IN (…)`), reached through the primary key; else a condition on the trade's own row. */
  bySet: boolean;
  /**
   * Item-text terms of 3+ characters: a cheap count of the matches up to `cap + 1`, to tell a
   * common product word (tens of thousands of orders) from a rare one before choosing a plan.
   */
  probe?: (cap: number) => SqlPart;
  /**
   * The probe counts exactly this condition within the shop (PostgreSQL), so with no other filter
   * a count over the cap proves the view is over it. SQLite's trigram probe spans every shop.
   */
  probeExact?: boolean;
}

/**
 * SQLite: FTS5 stops after cap + 1 postings, the nick range after cap + 1 index entries — well
 * under a millisecond either way. The trigram index spans every shop, so another shop's matches
 * can call a term common; that only picks the walking plan, which is right for any term.
 */
function textProbe(d: Dialect, shopId: string, term: string): (cap: number) => SqlPart {
  if (d.provider === "sqlite") {
    const nick = buyerTids(shopId, term);
    return (cap) => ({
      sql: `SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM "TradeSearch" WHERE "TradeSearch" MATCH ? LIMIT ${cap + 1})) + (SELECT COUNT(*) FROM (${nick.sql} LIMIT ${cap + 1})) AS n`,
      params: [`"${term.replace(/"/g, '""')}"`, ...nick.params],
    });
  }
  const r = buyerRange("b", term);
  return (cap) => ({
    sql: `SELECT COUNT(*) AS n FROM (SELECT 1 FROM "Trade" b WHERE b."shopId" = ? AND (${r.sql} OR b."searchText" LIKE ? ESCAPE '\\') LIMIT ${cap + 1}) AS x`,
    params: [shopId, ...r.params, containsPattern(term)],
  });
}

/** The condition for a search term; null for a phone number (that needs Taobao: lib/orders/search.ts). */
export function searchCondition(d: Dialect, shopId: string, q: string): SearchPart | null {
  const c = classifySearch(q);
  if (!c) return null;
  switch (c.kind) {
    case "phone":
      return null;
    case "tid":
      return { kind: "tid", bounded: false, bySet: true, sql: `t."tid" = ?`, params: [c.term] };
    case "waybill": {
      // An exact waybill is what the agent means; only when no parcel has it is the term an outer
      // id's text (outer ids can look like waybills). The NOT EXISTS is uncorrelated: both planners
      // evaluate it once, so a found waybill costs one index seek and never the text search.
      const text = textTids(d, shopId, c.term);
      const waybill = `SELECT o."tid" FROM "TradeOrder" o WHERE o."invoiceNo" = ?`;
      return {
        kind: "waybill",
        bounded: false,
        bySet: true,
        ...tidsIn([
          { sql: waybill, params: [c.term] },
          { sql: `${text.sql} AND NOT EXISTS (SELECT 1 FROM "TradeOrder" w WHERE w."invoiceNo" = ? AND w."shopId" = ?)`, params: [...text.params, c.term, shopId] },
        ]),
      };
    }
    case "buyer":
      // A masked nick ("t**6") is shared by thousands of buyers: a range on the (shopId, buyerNick)
      // index, so a broad one is counted and paged like any broad filter rather than materialised.
      return { kind: "buyer", bounded: false, bySet: false, ...buyerRange("t", c.term) };
    case "text":
      if ([...c.term].length >= 3) {
        const probe = textProbe(d, shopId, c.term);
        if (d.provider === "sqlite") return { kind: "text", bounded: false, bySet: true, probe, ...nickOrTextRowids(shopId, c.term) };
        // PostgreSQL has statistics: a condition on the row lets it pick the trigram and nick indexes
        // for a rare term, or walk the sort order for a common one, instead of materialising the set.
        const r = buyerRange("t", c.term);
        return { kind: "text", bounded: false, bySet: false, probe, probeExact: true, sql: `(${r.sql} OR t."searchText" LIKE ? ESCAPE '\\')`, params: [...r.params, containsPattern(c.term)] };
      }
      return { kind: "text", bounded: [...c.term].length < 3, bySet: true, ...tidsIn([buyerTids(shopId, c.term), textTids(d, shopId, c.term)]) };
  }
}

/** Every value a refundMask can take (seven statuses, one bit each). */
const ALL_MASKS = Array.from({ length: 1 << Object.keys(REFUND_BITS).length }, (_, m) => m);

/** The partial index of trades with some refund (refundMask <> NO_REFUND_MASK): see the migration. */
export const REFUND_INDEX = "Trade_refundMask_status_created_idx";
/** The same trades in creation order (shopId, created, tid, refundMask, status): a refund-filtered page walks it. */
export const REFUND_WALK_INDEX = "Trade_refund_created_idx";

/**
 * "Some line has refund status `status`" as the masks holding its bit — a seek per mask on the
 * refund index; with `openOnly`, only the masks that also hold an open refund (退款中 under the
 * filter: `refunding` is exactly "the mask holds an open bit"). Unless the status is NO_REFUND
 * (most trades), the set excludes the all-NO_REFUND mask, and the query repeats the index's
 * predicate so that both planners may use it.
 */
function refundMaskCondition(status: RefundStatus, openOnly: boolean): SqlPart {
  const bit = REFUND_BITS[status];
  const masks = ALL_MASKS.filter((m) => (m & bit) !== 0 && (!openOnly || (m & OPEN_REFUND_MASK) !== 0));
  const partial = masks.includes(NO_REFUND_MASK) ? "" : ` AND t."refundMask" <> ${NO_REFUND_MASK}`;
  return { sql: `t."refundMask" IN (${masks.map(() => "?").join(",")})${partial}`, params: masks };
}

export function tabCondition(d: Dialect, tab: OrderTab): SqlPart | null {
  if (tab === "all") return null;
  if (tab === "refunding") return { sql: `t."refunding" = ${d.true}`, params: [] };
  const statuses = statusesOfGroup(tab);
  return { sql: `t."status" IN (${statuses.map(() => "?").join(",")})`, params: statuses };
}

export interface ViewWhere {
  /** Everything but the tab (the counts group this by status). */
  base: SqlPart;
  /** `base` with the shop condition indexable (for a query told which index to walk). */
  baseShopIndexed: SqlPart;
  /** base AND the tab. */
  withTab: SqlPart;
  search: SearchPart | null;
  /** Only the date filter on `created` (or nothing) is set: the rollups can count it. */
  rollupCountable: boolean;
  /**
   * The view's conditions with a tab's (`shopIndexed`: as `baseShopIndexed`). Under a refund
   * filter 退款中 replaces the filter's mask set by the masks that also hold an open refund, so
   * the refund index seeks just those (two mask sets would make it scan the first).
   */
  forTab: (tab: OrderTab) => { where: SqlPart; shopIndexed: SqlPart };
  /** A filter with a (shopId, column, status, created) index is set: a status tab's count is an index-only seek. */
  statusIndexed: boolean;
  /** A refund filter is set: 退款中 is a set of refund masks, a seek on REFUND_INDEX. */
  refundFiltered: boolean;
  /** A refund filter other than NO_REFUND: every tab's count is a seek on REFUND_INDEX. */
  refundIndexed: boolean;
  /** Only dates and amounts are filtered: the status index carries them, so walking it reads no rows. */
  statusIndexCovers: boolean;
  /** The view is the shop and the search, nothing else: a search probe's count is the view's. */
  searchOnly: boolean;
}

export function joinAnd(parts: (SqlPart | null)[]): SqlPart {
  const ps = parts.filter((p): p is SqlPart => p !== null);
  return { sql: ps.map((p) => p.sql).join(" AND "), params: ps.flatMap((p) => p.params) };
}

/** Builds the view's conditions. `search` is pre-resolved for phone look-ups (their tids arrive as `ids`). */
export function viewWhere(d: Dialect, shopId: string, p: OrderParams, now: Date): ViewWhere {
  // A search or a list of tids is a small set reached through the primary key. Without table
  // statistics SQLite would rather walk the shop's index (every trade of the shop) and test each
  // row against the set: the unary + keeps the shop check but takes its index out of the plan.
  const search = p.q ? searchCondition(d, shopId, p.q) : null;
  const bySet = Boolean(p.ids || search?.bySet);
  const shop: SqlPart = { sql: `t."shopId" = ?`, params: [shopId] };
  const parts: SqlPart[] = [bySet && d.provider === "sqlite" ? { ...shop, sql: `+${shop.sql}` } : shop];
  const range = dateRangeOf(p, now);
  if (range) {
    const col = p.df === "paid" ? `t."payTime"` : `t."created"`;
    parts.push({ sql: `${col} >= ? AND ${col} < ?`, params: [range.start, range.end] });
  }
  const refundPart = p.refund ? refundMaskCondition(p.refund, false) : null;
  if (refundPart) parts.push(refundPart);
  if (p.flag !== null) parts.push({ sql: `t."sellerFlag" = ?`, params: [p.flag] });
  if (p.msg !== null) parts.push({ sql: `t."hasBuyerMessage" = ?`, params: [p.msg] });
  if (p.type) parts.push({ sql: `t."type" = ?`, params: [p.type] });
  if (p.ship) parts.push({ sql: `t."shippingType" = ?`, params: [p.ship] });
  if (p.prov) parts.push({ sql: `t."receiverState" = ?`, params: [p.prov] });
  if (p.min !== null) parts.push({ sql: `t."paymentFen" >= ?`, params: [p.min] });
  if (p.max !== null) parts.push({ sql: `t."paymentFen" <= ?`, params: [p.max] });
  if (p.ids) parts.push({ sql: `t."tid" IN (${p.ids.map(() => "?").join(",")})`, params: p.ids });
  if (search) parts.push(search);
  const base = joinAnd(parts);
  const baseShopIndexed = joinAnd([shop, ...parts.slice(1)]);
  const forTab = (t: OrderTab) => {
    if (t === "refunding" && p.refund) {
      const ps = parts.map((x) => (x === refundPart ? refundMaskCondition(p.refund!, true) : x));
      return { where: joinAnd(ps), shopIndexed: joinAnd([shop, ...ps.slice(1)]) };
    }
    const c = tabCondition(d, t);
    return { where: joinAnd([base, c]), shopIndexed: joinAnd([baseShopIndexed, c]) };
  };
  const withTab = forTab(p.tab).where;
  const onlyCreatedDate = !p.refund && p.flag === null && p.msg === null && !p.type && !p.ship && !p.prov && p.min === null && p.max === null && !p.ids && !p.q;
  const statusIndexed = p.flag !== null || p.msg !== null || !!p.type || !!p.ship || !!p.prov;
  const refundIndexed = !!p.refund && p.refund !== "NO_REFUND";
  const statusIndexCovers = !statusIndexed && !p.refund && !p.ids && !p.q;
  const searchOnly = !!search && parts.length === 2;
  return { base, baseShopIndexed, withTab, forTab, search, rollupCountable: onlyCreatedDate && (!range || p.df === "created"), statusIndexed, refundFiltered: !!p.refund, refundIndexed, statusIndexCovers, searchOnly };
}
