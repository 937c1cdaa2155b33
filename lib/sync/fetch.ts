/**
 * The sync engine's TOP calls for one shop: trades.sold.get pages, trades.sold.increment.get
 * pages and trade.fullinfo.get, each returning the normalized trades (lib/top's normalizeTrade)
 * together with the JSON of the object TOP sent (kept as Trade.rawJson).
 *
 * The calls go through `client.call` rather than the typed wrappers only to keep that raw
 * object; the parameters are those of the wrappers (TRADE_LIST_FIELDS, the full `type` list,
 * page size 100, use_has_next) and every trade passes the same schema (normalizeTrade).
 *
 * Sessions: `ShopSession` gets the session through `withShopSession` (which refreshes a token
 * about to expire) and, when TOP rejects it (codes 26/27), refreshes it exactly once for all the
 * calls in flight (single flight: parallel refreshes with one rotating refresh token would make
 * all but the first fail and flag the shop). A session rejected again after that refresh marks
 * the shop NEEDS_REAUTH (ShopNeedsReauthError), as withShopSession does.
 */
import "server-only";
import { z } from "zod";
import { markShopNeedsReauth, refreshShopSession, ShopNeedsReauthError, withShopSession } from "@/lib/shops/tokens";
import {
  ALL_TRADE_TYPES_QUERY,
  MAX_TRADE_PAGE_SIZE,
  normalizeTrade,
  TopSchemaError,
  TopSessionError,
  TRADE_FULLINFO_FIELDS,
  TRADE_FULLINFO_GET,
  TRADE_LIST_FIELDS,
  TRADES_SOLD_GET,
  TRADES_SOLD_INCREMENT_GET,
  type TopClient,
  type TopParams,
} from "@/lib/top";
import type { FetchedTrade, TradeSource } from "./rows";

export const PAGE_SIZE = MAX_TRADE_PAGE_SIZE;

export interface TradePage {
  trades: FetchedTrade[];
  /** With use_has_next. */
  hasNext: boolean | null;
  /** Without use_has_next. */
  total: number | null;
}

/** How long a loaded session is reused before it is read again (another process may have refreshed it). */
const SESSION_REUSE_MS = 60_000;

export class ShopSession {
  private current: { session: string; at: number } | null = null;
  private refreshing: Promise<string> | null = null;
  /** Token refreshes this object made. */
  refreshes = 0;

  constructor(readonly shopId: string) {}

  private async session(): Promise<string> {
    if (this.refreshing) return this.refreshing;
    if (this.current && Date.now() - this.current.at < SESSION_REUSE_MS) return this.current.session;
    const session = await withShopSession(this.shopId, async (s) => s);
    this.current = { session, at: Date.now() };
    return session;
  }

  private renew(failed: string): Promise<string> {
    if (this.current && this.current.session !== failed) return Promise.resolve(this.current.session);
    this.refreshing ??= (async () => {
      try {
        this.refreshes++;
        const session = await refreshShopSession(this.shopId);
        this.current = { session, at: Date.now() };
        return session;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** Runs one TOP call with the shop's session: one shared refresh on a session error, then re-authorisation. */
  async call<T>(fn: (session: string) => Promise<T>): Promise<T> {
    const first = await this.session();
    try {
      return await fn(first);
    } catch (e) {
      if (!TopSessionError.is(e)) throw e;
    }
    const fresh = await this.renew(first);
    try {
      return await fn(fresh);
    } catch (e) {
      if (TopSessionError.is(e)) {
        await markShopNeedsReauth(this.shopId, "session-rejected");
        throw new ShopNeedsReauthError(this.shopId, "session-rejected");
      }
      throw e;
    }
  }
}

const pageMeta = z.object({
  has_next: z.union([z.boolean(), z.enum(["true", "false"]).transform((s) => s === "true")]).optional(),
  total_results: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
});

function rawList(data: Record<string, unknown>, key: string, item: string): unknown[] {
  const v = data[key];
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  if (typeof v === "object") {
    const inner = (v as Record<string, unknown>)[item];
    if (inner === undefined || inner === null) return [];
    if (Array.isArray(inner)) return inner;
  }
  throw new TopSchemaError(null, [{ path: key, message: `expected {"${item}": [...]}` }]);
}

function toFetched(method: string, raw: unknown, path: string, source: TradeSource): FetchedTrade {
  try {
    return { trade: normalizeTrade(raw), rawJson: JSON.stringify(raw), source };
  } catch (e) {
    if (TopSchemaError.is(e)) throw new TopSchemaError(method, e.issues.map((i) => ({ path: i.path ? `${path}.${i.path}` : path, message: i.message })));
    throw e;
  }
}

function toPage(method: string, data: Record<string, unknown>): TradePage {
  const meta = pageMeta.safeParse(data);
  if (!meta.success) throw new TopSchemaError(method, [{ path: "has_next", message: "expected has_next / total_results" }]);
  const list = rawList(data, "trades", "trade");
  return {
    trades: list.map((raw, i) => toFetched(method, raw, `trades.trade[${i}]`, "list")),
    hasNext: meta.data.has_next ?? null,
    total: meta.data.total_results ?? null,
  };
}

const LIST_FIELDS = TRADE_LIST_FIELDS.join(",");
const DETAIL_FIELDS = TRADE_FULLINFO_FIELDS.join(",");
const TYPES = ALL_TRADE_TYPES_QUERY.join(",");

/** TOP calls for one shop, counted. */
export class ShopTop {
  calls = 0;
  readonly session: ShopSession;

  constructor(
    readonly shopId: string,
    readonly client: TopClient,
    readonly signal?: AbortSignal,
  ) {
    this.session = new ShopSession(shopId);
  }

  private async call(method: string, params: TopParams): Promise<Record<string, unknown>> {
    return this.session.call((session) => {
      this.calls++;
      return this.client.call(method, params, { session, signal: this.signal });
    });
  }

  /** One page of trades created in [start, end] (both inclusive), newest first, with has_next. */
  async soldGetPage(start: Date, end: Date, pageNo: number): Promise<TradePage> {
    const data = await this.call(TRADES_SOLD_GET, {
      fields: LIST_FIELDS,
      type: TYPES,
      start_created: start,
      end_created: end,
      page_no: pageNo,
      page_size: PAGE_SIZE,
      use_has_next: true,
    });
    return toPage(TRADES_SOLD_GET, data);
  }

  /** One page of trades modified in [start, end] (both inclusive), most recently modified first, with total_results. */
  async incrementPage(start: Date, end: Date, pageNo: number): Promise<TradePage> {
    const data = await this.call(TRADES_SOLD_INCREMENT_GET, {
      fields: LIST_FIELDS,
      type: TYPES,
      start_modified: start,
      end_modified: end,
      page_no: pageNo,
      page_size: PAGE_SIZE,
      use_has_next: false,
    });
    return toPage(TRADES_SOLD_INCREMENT_GET, data);
  }

  /** One trade with its detail-only fields. */
  async fullinfo(tid: string): Promise<FetchedTrade> {
    const data = await this.call(TRADE_FULLINFO_GET, { tid, fields: DETAIL_FIELDS });
    if (!data.trade || typeof data.trade !== "object") throw new TopSchemaError(TRADE_FULLINFO_GET, [{ path: "trade", message: "expected an object" }]);
    return toFetched(TRADE_FULLINFO_GET, data.trade, "trade", "detail");
  }
}
