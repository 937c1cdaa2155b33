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
 * SQLite: the index whose entries are (shopId, rowid) (migration orders_search_shop_index), so
 * "is this FTS5 match one of the shop's trades" is one seek in a narrow index, never a read of the
 * trade row. Its expression keeps it out of every plan that does not name it.
 */
export const SEARCH_SHOP_INDEX = "Trade_search_shop_idx";

const ftsPhrase = (term: string) => `"${term.replace(/"/g, '""')}"`;

/** SQLite: the rowids (`k`) of the shop's trades whose buyer nick starts with the term (the nick index, index-only). */
function nickRowids(shopId: string, term: string): SqlPart {
  const r = buyerRange("b", term);
  return { sql: `SELECT b.rowid AS k FROM "Trade" b WHERE b."shopId" = ? AND ${r.sql}`, params: [shopId, ...r.params] };
}

/**
 * SQLite: the rowids (`k`) of the shop's trades whose item text contains the term. The FTS5 index
 * spans every shop; each posting (in rowid order, streamed) is kept only when SEARCH_SHOP_INDEX has
 * (shop, rowid). Another shop's matches cost a seek each and decide nothing.
 */
function textRowidsInShop(shopId: string, term: string): SqlPart {
  return {
    sql: `SELECT s.rowid AS k FROM "TradeSearch" s CROSS JOIN "Trade" b INDEXED BY "${SEARCH_SHOP_INDEX}" WHERE s."TradeSearch" MATCH ? AND (b."shopId" || '') = ? AND b.rowid = s.rowid`,
    params: [ftsPhrase(term), shopId],
  };
}

/**
 * SQLite, terms of 3+ characters: buyer nick OR item text as a set of Trade rowids, both read
 * index-only (rowid is in every index, and TradeSearch is keyed by Trade's rowid), so a common
 * product word matching tens of thousands of orders costs a few milliseconds to collect instead of
 * a Trade row per match just to read its tid. The text part is the shop's matches only, except in
 * the plan for a term the probe found common in the shop (`walk`): its statements walk the shop's
 * own indexes and test each entry against the set, and every statement keeps only the shop's rows
 * (t."shopId"), so there the set may hold every shop's matches — collecting it then costs no seek
 * per match — without changing one row, count or decision.
 */
function nickOrTextRowids(shopId: string, term: string, walk: boolean): SqlPart {
  const nick = nickRowids(shopId, term);
  const text = walk ? { sql: `SELECT rowid FROM "TradeSearch" WHERE "TradeSearch" MATCH ?`, params: [ftsPhrase(term)] } : textRowidsInShop(shopId, term);
  return { sql: `t.rowid IN (${nick.sql} UNION ${text.sql})`, params: [...nick.params, ...text.params] };
}

/** SQLite: a match set the probe already collected (at most the cap), read through the rowid. */
function rowidsIn(keys: readonly unknown[]): SqlPart {
  return keys.length === 0 ? { sql: `0 = 1`, params: [] } : { sql: `t.rowid IN (${keys.map(() => "?").join(",")})`, params: [...keys] };
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
   * Item-text terms of 3+ characters: the keys (`k`) of at most `cap + 1` of the shop's matches,
   * to tell a common product word (tens of thousands of orders) from a rare one before choosing a
   * plan — the only decision a search makes, so it reads the viewer's shop alone (issue 18: a
   * probe over every shop told shop B whether a term matched over 1,000 orders anywhere). On
   * SQLite the keys are rowids: when they are at most the cap they are the whole match set, and
   * the view uses them as its search condition (`viewWhere`'s `matchKeys`).
   */
  probe?: (cap: number) => SqlPart;
  /** The probe reads exactly this condition within the shop, so with no other filter a probe over the cap proves the view is over it. */
  probeExact?: boolean;
}

/**
 * SQLite: the union of the nick range's first cap + 1 rowids and the shop's first cap + 1 FTS5
 * matches (textRowidsInShop): distinct, so at most the cap means exactly the match set, and more
 * means more. A rare term costs its postings (another shop's common term: one index seek per
 * posting, ~0.2 µs in a synthetic in-memory test, ~10 ms for 45,000 of them); a term common in the shop stops after
 * cap + 1 of its matches. PostgreSQL: the shop's condition, cap + 1 tids.
 */
function textProbe(d: Dialect, shopId: string, term: string): (cap: number) => SqlPart {
  if (d.provider === "sqlite") {
    const nick = nickRowids(shopId, term);
    const text = textRowidsInShop(shopId, term);
    return (cap) => ({
      sql: `SELECT k FROM (${nick.sql} LIMIT ${cap + 1}) UNION SELECT k FROM (${text.sql} LIMIT ${cap + 1})`,
      params: [...nick.params, ...text.params],
    });
  }
  const r = buyerRange("b", term);
  return (cap) => ({
    sql: `SELECT b."tid" AS k FROM "Trade" b WHERE b."shopId" = ? AND (${r.sql} OR b."searchText" LIKE ? ESCAPE '\\') LIMIT ${cap + 1}`,
    params: [shopId, ...r.params, containsPattern(term)],
  });
}

/** How a view's search condition is built once the probe has spoken (listOrders). */
export interface SearchPlan {
  /** SQLite: the probe's rowids, the whole match set (at most the cap): the search is `t.rowid IN (…)`. */
  matchKeys?: readonly unknown[];
  /** The probe found more than the cap: the statements walk the shop's index (see nickOrTextRowids). */
  walk?: boolean;
}

/** The condition for a search term; null for a phone number (that needs Taobao: lib/orders/search.ts). */
export function searchCondition(d: Dialect, shopId: string, q: string, plan: SearchPlan = {}): SearchPart | null {
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
        if (d.provider === "sqlite") {
          const set = plan.matchKeys ? rowidsIn(plan.matchKeys) : nickOrTextRowids(shopId, c.term, plan.walk === true);
          return { kind: "text", bounded: false, bySet: true, probe, probeExact: true, ...set };
        }
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

/** Builds the view's conditions (`plan`: the search's, once its probe has run). Phone look-ups arrive as `ids`. */
export function viewWhere(d: Dialect, shopId: string, p: OrderParams, now: Date, plan: SearchPlan = {}): ViewWhere {
  // A search or a list of tids is a small set reached through the primary key. Without table
  // statistics SQLite would rather walk the shop's index (every trade of the shop) and test each
  // row against the set: the unary + keeps the shop check but takes its index out of the plan.
  const search = p.q ? searchCondition(d, shopId, p.q, plan) : null;
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
  // A phone look-up Taobao answered with no order: the view is empty (not the shop's every order).
  else if (p.phone) parts.push({ sql: `0 = 1`, params: [] });
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
  const onlyCreatedDate = !p.refund && p.flag === null && p.msg === null && !p.type && !p.ship && !p.prov && p.min === null && p.max === null && !p.ids && !p.phone && !p.q;
  const statusIndexed = p.flag !== null || p.msg !== null || !!p.type || !!p.ship || !!p.prov;
  const refundIndexed = !!p.refund && p.refund !== "NO_REFUND";
  const statusIndexCovers = !statusIndexed && !p.refund && !p.ids && !p.phone && !p.q;
  const searchOnly = !!search && parts.length === 2;
  return { base, baseShopIndexed, withTab, forTab, search, rollupCountable: onlyCreatedDate && (!range || p.df === "created"), statusIndexed, refundFiltered: !!p.refund, refundIndexed, statusIndexCovers, searchOnly };
}
