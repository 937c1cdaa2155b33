/**
 * The orders list's URL state: ONE set of nuqs parsers, used by the server page (createLoader)
 * and the client filter bar (useQueryStates), so the URL means the same thing on both sides.
 *
 * nuqs turns an unparseable value into null/default silently; a seller who pasted a broken link
 * must be told, so `parseOrderFilters` also compares the raw values with what was parsed and
 * returns one notice per rejected field (messages `orders.notice.*`). Per field:
 * - unknown enum values (tab, status, refund, flag, type, ...), malformed or impossible dates,
 *   from after to, bad amounts, unknown shops → ignored, with a notice;
 * - a search longer than SEARCH_MAX, or holding control characters (NUL …) or a lone UTF-16
 *   surrogate, which no database can search (SQLite's FTS5 fails on NUL, PostgreSQL refuses it
 *   in any text) → ignored, with a notice (no query runs on it); the same for the province;
 * - page < 1 or not a number → page 1, with a notice; a page past the end is clamped to the last
 *   page by the list query (lib/orders/list.ts), which reports it.
 * The filter bar checks the same pairs (amountRangeError, dayRangeError) as the seller types, so
 * an inverted range is refused in the form and never reaches the URL; these notices remain for
 * links edited by hand.
 * Safe on the client (no server imports).
 */
import {
  createLoader,
  createParser,
  createSerializer,
  parseAsArrayOf,
  parseAsBoolean,
  parseAsInteger,
  parseAsNumberLiteral,
  parseAsString,
  parseAsStringLiteral,
  type inferParserType,
} from "nuqs/server";
import { fenToYuan, parseYuan } from "@/lib/money";
import { REFUND_STATUSES, SELLER_FLAGS, SHIPPING_TYPES, TRADE_TYPES } from "@/lib/top/types";
import { isMaskedPhone } from "./search-kind";
import { ORDER_TABS } from "./status";

export const ORDER_DATE_FIELDS = ["created", "paid"] as const;
export const ORDER_RANGES = ["today", "yesterday", "last7", "last30", "last3Months", "custom"] as const;
export type OrderRange = (typeof ORDER_RANGES)[number];
export const ORDER_SORTS = ["created", "paid", "payment", "modified"] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];
export const SORT_DIRS = ["desc", "asc"] as const;
export const PAGE_SIZES = [20, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
/** Longest accepted search: a title fragment or an id never needs more. */
export const SEARCH_MAX = 100;
export const PROVINCE_MAX = 20;
/** trades.sold.query answers at most 100 tids. */
export const MAX_IDS = 100;
/** Amounts above ¥10,000,000 are no order anyone sells; beyond it a typo, not a filter. */
const AMOUNT_MAX_FEN = 1_000_000_000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Control characters other than tab, newline and carriage return, and lone UTF-16 surrogates. */
const UNSEARCHABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when a search or filter text can go to a query (see UNSEARCHABLE). */
export function isSearchableText(s: string): boolean {
  return !UNSEARCHABLE.test(s);
}

function isRealDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const [y, m, d] = s.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d && y >= 2000 && y <= 2100;
}

/** An Asia/Shanghai calendar day `yyyy-MM-dd` (the string is the value: no zone conversion in the browser). */
export const parseAsShanghaiDay = createParser({
  parse: (v: string) => (isRealDay(v) ? v : null),
  serialize: (v: string) => v,
});

/** Yuan in the URL (`199.99`), fen in code. */
export const parseAsYuan = createParser({
  parse: (v: string) => {
    try {
      const fen = parseYuan(v);
      return fen >= 0 && fen <= AMOUNT_MAX_FEN ? fen : null;
    } catch {
      return null;
    }
  },
  serialize: (fen: number) => {
    const s = fenToYuan(fen);
    return s.endsWith(".00") ? s.slice(0, -3) : s;
  },
});

/** The parsers; keys are the URL's names. Defaults are left out of the URL (clearOnDefault). */
export const orderParsers = {
  tab: parseAsStringLiteral(ORDER_TABS).withDefault("all"),
  q: parseAsString.withDefault(""),
  df: parseAsStringLiteral(ORDER_DATE_FIELDS).withDefault("created"),
  range: parseAsStringLiteral(ORDER_RANGES),
  from: parseAsShanghaiDay,
  to: parseAsShanghaiDay,
  refund: parseAsStringLiteral(REFUND_STATUSES),
  flag: parseAsNumberLiteral(SELLER_FLAGS),
  msg: parseAsBoolean,
  type: parseAsStringLiteral(TRADE_TYPES),
  ship: parseAsStringLiteral(SHIPPING_TYPES),
  prov: parseAsString,
  min: parseAsYuan,
  max: parseAsYuan,
  shop: parseAsString,
  /** Tids a phone look-up found (the search box's server action puts them here: no phone number in the URL). */
  ids: parseAsArrayOf(parseAsString),
  /**
   * The masked number of that look-up (138****5678, as the audit log keeps it): the list says whose
   * orders these are, and without `ids` that Taobao found none (an empty list, not the previous rows).
   */
  phone: parseAsString,
  sort: parseAsStringLiteral(ORDER_SORTS).withDefault("created"),
  dir: parseAsStringLiteral(SORT_DIRS).withDefault("desc"),
  page: parseAsInteger.withDefault(1),
  /** The saved view the list was opened from (lib/orders/views.ts); not part of the view's own query. */
  view: parseAsString,
  size: parseAsNumberLiteral(PAGE_SIZES).withDefault(20),
};

export type OrderParams = inferParserType<typeof orderParsers>;
export type OrderParamKey = keyof typeof orderParsers;
/** Keys that are filters: changing one resets the page. */
export const FILTER_KEYS = ["tab", "q", "df", "range", "from", "to", "refund", "flag", "msg", "type", "ship", "prov", "min", "max", "shop", "ids", "phone", "sort", "dir", "size"] as const satisfies readonly OrderParamKey[];

export const loadOrderParams = createLoader(orderParsers);
export const serializeOrderParams = createSerializer(orderParsers, { clearOnDefault: true });

export type FilterNotice =
  | "tab"
  | "q"
  | "qChars"
  | "df"
  | "range"
  | "from"
  | "to"
  | "fromAfterTo"
  | "customNeedsDays"
  | "refund"
  | "flag"
  | "msg"
  | "type"
  | "ship"
  | "prov"
  | "provChars"
  | "min"
  | "max"
  | "minAboveMax"
  | "shop"
  | "ids"
  | "phone"
  | "sort"
  | "dir"
  | "page"
  | "size";

type RawParams = Record<string, string | string[] | undefined>;

/** Why a pair of amounts (fen) cannot be a filter, or null: the least above the most. Shared by the form and the URL. */
export function amountRangeError(min: number | null, max: number | null): "minAboveMax" | null {
  return min !== null && max !== null && min > max ? "minAboveMax" : null;
}

/** Why a pair of days (yyyy-MM-dd) cannot be a filter, or null: the start after the end. Shared by the form and the URL. */
export function dayRangeError(from: string | null, to: string | null): "fromAfterTo" | null {
  return from && to && from > to ? "fromAfterTo" : null;
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The URL's params, cleaned: every rejected value is dropped (back to its default) and named in
 * `notices`. `shopIds` are the shops the viewer belongs to (a `shop` outside them is rejected).
 */
export function parseOrderFilters(raw: RawParams, shopIds: readonly string[] = []): { params: OrderParams; notices: FilterNotice[] } {
  const flat: Record<string, string> = {};
  for (const k of Object.keys(orderParsers)) {
    const v = first(raw[k]);
    if (v !== undefined) flat[k] = v;
  }
  const params = { ...loadOrderParams(flat) } as OrderParams;
  const notices: FilterNotice[] = [];
  // A value that was given but did not parse (or parsed to its default from something else).
  for (const key of Object.keys(orderParsers) as OrderParamKey[]) {
    // The view marker is checked against the saved views (lib/orders/views.ts), which say when it is unknown.
    if (key === "view") continue;
    const given = flat[key];
    if (given === undefined || given === "") continue;
    const parsed = params[key];
    if (parsed === null) notices.push(key);
  }
  // Literal-with-default parsers give the default for junk: compare with the raw text.
  const literalDefaults: [FilterNotice & OrderParamKey, string][] = [
    ["tab", params.tab],
    ["df", params.df],
    ["sort", params.sort],
    ["dir", params.dir],
    ["size", String(params.size)],
  ];
  for (const [key, value] of literalDefaults) if (flat[key] !== undefined && flat[key] !== "" && flat[key] !== value) notices.push(key);

  if (params.q.length > SEARCH_MAX) {
    notices.push("q");
    params.q = "";
  } else if (!isSearchableText(params.q)) {
    notices.push("qChars");
    params.q = "";
  }
  params.q = params.q.trim();
  if (flat.page !== undefined && (!/^\d{1,12}$/.test(flat.page) || params.page < 1)) {
    notices.push("page");
    params.page = 1;
  }
  if (params.prov !== null) {
    params.prov = params.prov.trim();
    if (params.prov.length === 0) params.prov = null;
    else if (params.prov.length > PROVINCE_MAX) {
      notices.push("prov");
      params.prov = null;
    } else if (!isSearchableText(params.prov)) {
      notices.push("provChars");
      params.prov = null;
    }
  }
  if (params.range === "custom") {
    if (!params.from && !params.to) {
      notices.push("customNeedsDays");
      params.range = null;
    } else if (dayRangeError(params.from, params.to)) {
      notices.push("fromAfterTo");
      params.from = null;
      params.to = null;
      params.range = null;
    }
  } else {
    // Days only mean something with 自定义.
    params.from = null;
    params.to = null;
  }
  if (amountRangeError(params.min, params.max)) {
    notices.push("minAboveMax");
    params.min = null;
    params.max = null;
  }
  if (params.ids !== null) {
    const ids = [...new Set(params.ids)];
    if (ids.length === 0 || ids.length > MAX_IDS || ids.some((id) => !/^\d{6,20}$/.test(id))) {
      notices.push("ids");
      params.ids = null;
    } else params.ids = ids;
  }
  if (params.phone !== null && !isMaskedPhone(params.phone)) {
    notices.push("phone");
    params.phone = null;
  }
  // Rejected tids are no look-up's answer: without them the number would read "Taobao found none".
  if (notices.includes("ids")) params.phone = null;
  if (params.shop !== null && !shopIds.includes(params.shop)) {
    notices.push("shop");
    params.shop = null;
  }
  return { params, notices: [...new Set(notices)] };
}

/** How many of the filter bar's less-used filters (behind 更多筛选) are set; the amount range counts once, the shop only for a viewer of several. */
export function secondaryCount(p: OrderParams, multiShop: boolean): number {
  return [p.refund, p.flag !== null, p.msg !== null, p.type, p.ship, p.prov, p.min !== null || p.max !== null, multiShop && p.shop].filter(Boolean).length;
}

/** True when any filter other than tab/sort/paging is set (the "clear filters" link shows). */
export function hasFilters(p: OrderParams): boolean {
  return Boolean(p.q || p.ids || p.phone || p.range || p.refund || p.flag !== null || p.msg !== null || p.type || p.ship || p.prov || p.min !== null || p.max !== null);
}

