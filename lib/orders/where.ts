/**
 * The WHERE clause of a filtered order view, shared by the list, the counts and the export so
 * that all three always mean the same set. Every condition starts with the shop: no query can
 * reach another shop's rows. Values are always bound parameters (`?`), never spliced into SQL.
 */
import "server-only";
import type { Dialect } from "@/lib/sync/sql";
import { statusesOfGroup, type OrderTab } from "./status";
import type { OrderParams } from "./filters";
import { dateRangeOf } from "./range";
import { classifySearch, type SearchKind } from "./search-kind";

export interface SqlPart {
  sql: string;
  params: unknown[];
}

/** Terms shorter than a trigram cannot use the trigram index: they scan only this many newest trades. */
export const SHORT_TERM_SCAN = 5000;

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Item title / SKU text / outer id substring: FTS5 trigram on SQLite, pg_trgm ILIKE on PostgreSQL. */
function textCondition(d: Dialect, shopId: string, term: string): SqlPart {
  if ([...term].length >= 3) {
    if (d.provider === "sqlite") return { sql: `t.rowid IN (SELECT rowid FROM "TradeSearch" WHERE "TradeSearch" MATCH ?)`, params: [`"${term.replace(/"/g, '""')}"`] };
    return { sql: `t."searchText" ILIKE ? ESCAPE '\\'`, params: [`%${likeEscape(term)}%`] };
  }
  // Bounded: the newest SHORT_TERM_SCAN trades of the shop (an index range), then a plain scan.
  const contains = d.provider === "sqlite" ? `instr(lower(t."searchText"), lower(?)) > 0` : `strpos(lower(t."searchText"), lower(?)) > 0`;
  return {
    sql: `(t."tid" IN (SELECT r."tid" FROM (SELECT "tid" FROM "Trade" WHERE "shopId" = ? ORDER BY "created" DESC, "tid" DESC LIMIT ${SHORT_TERM_SCAN}) r) AND ${contains})`,
    params: [shopId, term],
  };
}

/** Buyer nick: exact, or a prefix as an index range (byte order on both databases: SQLite BINARY, PostgreSQL C collation). */
function buyerCondition(term: string): SqlPart {
  return { sql: `(t."buyerNick" >= ? AND t."buyerNick" < ?)`, params: [term, `${term}\uffff`] };
}

export interface SearchPart extends SqlPart {
  kind: SearchKind;
  /** The short-term fallback applied (the page says the search was limited). */
  bounded: boolean;
}

/** The condition for a search term; null for a phone number (that needs Taobao: lib/orders/search.ts). */
export function searchCondition(d: Dialect, shopId: string, q: string): SearchPart | null {
  const c = classifySearch(q);
  if (!c) return null;
  switch (c.kind) {
    case "phone":
      return null;
    case "tid":
      return { kind: "tid", bounded: false, sql: `t."tid" = ?`, params: [c.term] };
    case "waybill": {
      const text = textCondition(d, shopId, c.term);
      return {
        kind: "waybill",
        bounded: false,
        sql: `(t."tid" IN (SELECT o."tid" FROM "TradeOrder" o WHERE o."invoiceNo" = ? AND o."shopId" = ?) OR ${text.sql})`,
        params: [c.term, shopId, ...text.params],
      };
    }
    case "buyer": {
      const b = buyerCondition(c.term);
      return { kind: "buyer", bounded: false, ...b };
    }
    case "text": {
      const b = buyerCondition(c.term);
      const text = textCondition(d, shopId, c.term);
      return { kind: "text", bounded: [...c.term].length < 3, sql: `(${b.sql} OR ${text.sql})`, params: [...b.params, ...text.params] };
    }
  }
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
  /** base AND the tab. */
  withTab: SqlPart;
  search: SearchPart | null;
  /** Only the date filter on `created` (or nothing) is set: the rollups can count it. */
  rollupCountable: boolean;
}

export function joinAnd(parts: (SqlPart | null)[]): SqlPart {
  const ps = parts.filter((p): p is SqlPart => p !== null);
  return { sql: ps.map((p) => p.sql).join(" AND "), params: ps.flatMap((p) => p.params) };
}

/** Builds the view's conditions. `search` is pre-resolved for phone look-ups (their tids arrive as `ids`). */
export function viewWhere(d: Dialect, shopId: string, p: OrderParams, now: Date): ViewWhere {
  const parts: SqlPart[] = [{ sql: `t."shopId" = ?`, params: [shopId] }];
  const range = dateRangeOf(p, now);
  if (range) {
    const col = p.df === "paid" ? `t."payTime"` : `t."created"`;
    parts.push({ sql: `${col} >= ? AND ${col} < ?`, params: [range.start, range.end] });
  }
  if (p.refund) parts.push({ sql: `EXISTS (SELECT 1 FROM "TradeOrder" o WHERE o."tid" = t."tid" AND o."refundStatus" = ?)`, params: [p.refund] });
  if (p.flag !== null) parts.push({ sql: `t."sellerFlag" = ?`, params: [p.flag] });
  if (p.msg !== null) parts.push({ sql: `t."hasBuyerMessage" = ?`, params: [p.msg] });
  if (p.type) parts.push({ sql: `t."type" = ?`, params: [p.type] });
  if (p.ship) parts.push({ sql: `t."shippingType" = ?`, params: [p.ship] });
  if (p.prov) parts.push({ sql: `t."receiverState" = ?`, params: [p.prov] });
  if (p.min !== null) parts.push({ sql: `t."paymentFen" >= ?`, params: [p.min] });
  if (p.max !== null) parts.push({ sql: `t."paymentFen" <= ?`, params: [p.max] });
  if (p.ids) parts.push({ sql: `t."tid" IN (${p.ids.map(() => "?").join(",")})`, params: p.ids });
  const search = p.q ? searchCondition(d, shopId, p.q) : null;
  if (search) parts.push(search);
  const base = joinAnd(parts);
  const withTab = joinAnd([base, tabCondition(d, p.tab)]);
  const onlyCreatedDate = !p.refund && p.flag === null && p.msg === null && !p.type && !p.ship && !p.prov && p.min === null && p.max === null && !p.ids && !p.q;
  return { base, withTab, search, rollupCountable: onlyCreatedDate && (!range || p.df === "created") };
}
