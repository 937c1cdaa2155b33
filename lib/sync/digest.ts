/**
 * The cache's digest, computed exactly as the sandbox's /_sandbox/truth (sandbox/README.md):
 * one line `tid|status|modified|payment` per trade (modified as TOP's GMT+8 `yyyy-MM-dd HH:mm:ss`,
 * payment in yuan with two decimals), lines sorted, joined with "\n", SHA-256 in hex. Equal
 * digests prove the cache holds every trade of the shop, each in its current state.
 *
 * The deep digest (`deepCacheDigest`, sandbox/README.md "The deep truth digest") is the same
 * proof for every field the cache keeps: one JSON line per trade with the trade's columns, its
 * detail-only fields where the sync must hold them, and its lines. `cacheHoles` lists what the
 * cache itself knows it is missing (details never fetched, backfill days that became gaps).
 */
import "server-only";
import { createHash } from "node:crypto";
import { fenToYuan } from "@/lib/money";
import { formatTopTime } from "@/lib/time";
import { DEEP_ORDER_FIELDS, DEEP_TRADE_FIELDS } from "./digest-format";
import type { SqlDriver } from "./sql";
import { syncSql } from "./sql";
import { needsDetail } from "./rows";

export interface CacheDigest {
  nick: string;
  trades: number;
  digest: string;
}

/** The digest lines of a list of trades (exported for tests). */
export function digestOf(lines: string[]): string {
  lines.sort();
  return createHash("sha256").update(lines.join("\n"), "utf8").digest("hex");
}

export function digestLine(tid: string, status: string, modifiedMs: number, paymentFen: number): string {
  return `${tid}|${status}|${formatTopTime(new Date(modifiedMs))}|${fenToYuan(paymentFen)}`;
}

const PAGE = 20_000;

export async function cacheDigest(shopId: string, sql?: SqlDriver): Promise<CacheDigest> {
  const driver = sql ?? (await syncSql());
  const [shop] = await driver.all<{ nick: string }>(`SELECT "nick" FROM "Shop" WHERE "id" = ?`, shopId);
  if (!shop) throw new Error(`No shop ${shopId}`);
  const lines: string[] = [];
  let after = "";
  for (;;) {
    const rows = await driver.all<{ tid: string; status: string; modified: number; paymentFen: number }>(
      `SELECT "tid", "status", "modified", "paymentFen" FROM "Trade" WHERE "shopId" = ? AND "tid" > ? ORDER BY "tid" LIMIT ${PAGE}`,
      shopId,
      after,
    );
    for (const r of rows) lines.push(digestLine(r.tid, r.status, Number(r.modified), Number(r.paymentFen)));
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.tid;
  }
  return { nick: shop.nick, trades: lines.length, digest: digestOf(lines) };
}

/* ------------------------------------------------------------------ the deep digest */

export { DEEP_ORDER_FIELDS, DEEP_TRADE_FIELDS };

/** Trade columns read for a deep line, in DEEP_TRADE_FIELDS order (the detail-only ones last). */
const DEEP_TRADE_COLS = [
  "tid",
  "status",
  "type",
  "created",
  "modified",
  "payTime",
  "consignTime",
  "endTime",
  "buyerNick",
  "buyerOpenUid",
  "sellerNick",
  "paymentFen",
  "totalFeeFen",
  "postFeeFen",
  "discountFeeFen",
  "adjustFeeFen",
  "receivedPaymentFen",
  "receiverName",
  "receiverMobile",
  "receiverPhone",
  "receiverAddress",
  "receiverState",
  "receiverCity",
  "receiverDistrict",
  "receiverTown",
  "receiverZip",
  "oaid",
  "hasBuyerMessage",
  "sellerFlag",
  "shippingType",
  "stepTradeStatus",
  "stepPaidFeeFen",
  "isPartConsign",
  "buyerMessage",
  "buyerMemo",
  "sellerMemo",
] as const;

const DEEP_ORDER_COLS = [
  "oid",
  "numIid",
  "skuId",
  "title",
  "picPath",
  "skuPropertiesName",
  "outerIid",
  "outerSkuId",
  "priceFen",
  "num",
  "totalFeeFen",
  "paymentFen",
  "discountFeeFen",
  "adjustFeeFen",
  "divideOrderFeeFen",
  "status",
  "refundStatus",
  "refundId",
  "logisticsCompany",
  "invoiceNo",
  "consignTime",
  "endTime",
] as const;

type DeepTradeRow = Record<(typeof DEEP_TRADE_COLS)[number], unknown>;
type DeepOrderRow = Record<(typeof DEEP_ORDER_COLS)[number] | "tid", unknown>;

const yuanCache = new Map<number, string>();
/** Integer fen → TOP's yuan string (cached: a shop repeats the same few thousand amounts). */
function yuan(fen: unknown): string {
  const n = Number(fen);
  let s = yuanCache.get(n);
  if (s === undefined) {
    s = fenToYuan(n);
    if (yuanCache.size > 100_000) yuanCache.clear();
    yuanCache.set(n, s);
  }
  return s;
}

/** Normalisations of sandbox/README.md: null ≡ "" (the cache stores TOP's empty strings as null). */
const text = (v: unknown): string => (v === null || v === undefined ? "" : String(v));
const time = (v: unknown): string => (v === null || v === undefined ? "" : formatTopTime(new Date(Number(v))));
const money = (v: unknown): string => (v === null || v === undefined ? "" : yuan(v));
/** SQLite returns booleans as 0/1, PostgreSQL as true/false. */
const bool = (v: unknown): string => (v === null || v === undefined ? "" : v === true || v === 1 || v === "1" || v === "t" ? "true" : "false");

function deepOrderValues(o: DeepOrderRow): string[] {
  return [
    text(o.oid),
    text(o.numIid),
    text(o.skuId),
    text(o.title),
    text(o.picPath),
    text(o.skuPropertiesName),
    text(o.outerIid),
    text(o.outerSkuId),
    money(o.priceFen),
    text(o.num),
    money(o.totalFeeFen),
    money(o.paymentFen),
    money(o.discountFeeFen),
    money(o.adjustFeeFen),
    money(o.divideOrderFeeFen),
    text(o.status),
    text(o.refundStatus),
    text(o.refundId),
    text(o.logisticsCompany),
    text(o.invoiceNo),
    time(o.consignTime),
    time(o.endTime),
  ];
}

/**
 * One trade's deep line from its cache rows (lines in position order), per sandbox/README.md
 * "The deep truth digest". The detail-only fields are in the line (else null) exactly when the
 * sync must hold them: a trade with a buyer message or a memo flag (rows.ts needsDetail).
 */
export function deepLineOfRows(t: DeepTradeRow, orders: readonly DeepOrderRow[]): string {
  const hasBuyerMessage = bool(t.hasBuyerMessage) === "true";
  const sellerFlag = Number(t.sellerFlag ?? 0);
  const detail = needsDetail({ hasBuyerMessage, sellerFlag });
  return JSON.stringify([
    text(t.tid),
    text(t.status),
    text(t.type),
    time(t.created),
    time(t.modified),
    time(t.payTime),
    time(t.consignTime),
    time(t.endTime),
    text(t.buyerNick),
    text(t.buyerOpenUid),
    text(t.sellerNick),
    money(t.paymentFen),
    money(t.totalFeeFen),
    money(t.postFeeFen),
    money(t.discountFeeFen),
    money(t.adjustFeeFen),
    money(t.receivedPaymentFen),
    text(t.receiverName),
    text(t.receiverMobile),
    text(t.receiverPhone),
    text(t.receiverAddress),
    text(t.receiverState),
    text(t.receiverCity),
    text(t.receiverDistrict),
    text(t.receiverTown),
    text(t.receiverZip),
    text(t.oaid),
    hasBuyerMessage ? "true" : "false",
    String(sellerFlag),
    text(t.shippingType),
    text(t.stepTradeStatus),
    money(t.stepPaidFeeFen),
    bool(t.isPartConsign),
    detail ? text(t.buyerMessage) : null,
    detail ? text(t.buyerMemo) : null,
    detail ? text(t.sellerMemo) : null,
    orders.map(deepOrderValues),
  ]);
}

export interface DeepDigest {
  trades: number;
  digest: string;
  /** The sorted lines, when asked for. */
  lines?: string[];
}

const DEEP_PAGE = 2_000;

/**
 * Calls `onLine` with the deep line of every cached trade of the shop, in tid order: a page of
 * trades by primary key, then their lines in one query.
 */
async function forEachDeepLine(driver: SqlDriver, shopId: string, onLine: (line: string) => boolean): Promise<void> {
  const cols = DEEP_TRADE_COLS.map((c) => `"${c}"`).join(", ");
  const orderCols = ["tid", ...DEEP_ORDER_COLS].map((c) => `"${c}"`).join(", ");
  let after = "";
  for (;;) {
    const trades = await driver.all<DeepTradeRow>(`SELECT ${cols} FROM "Trade" WHERE "shopId" = ? AND "tid" > ? ORDER BY "tid" LIMIT ${DEEP_PAGE}`, shopId, after);
    if (trades.length === 0) return;
    const inTids = driver.dialect.in(`"tid"`, trades.map((t) => String(t.tid)));
    const lines = await driver.all<DeepOrderRow>(`SELECT ${orderCols} FROM "TradeOrder" WHERE ${inTids.sql} ORDER BY "tid", "position"`, ...inTids.params);
    const byTid = new Map<string, DeepOrderRow[]>();
    for (const o of lines) {
      const tid = String(o.tid);
      const list = byTid.get(tid);
      if (list) list.push(o);
      else byTid.set(tid, [o]);
    }
    for (const t of trades) if (!onLine(deepLineOfRows(t, byTid.get(String(t.tid)) ?? []))) return;
    if (trades.length < DEEP_PAGE) return;
    after = String(trades.at(-1)!.tid);
  }
}

/**
 * The cache's deep digest, as the sandbox's `/_sandbox/truth?deep=1` computes it from the
 * platform (sandbox/README.md, "The deep truth digest"): SHA-256 of the sorted deep lines joined
 * with "\n". Streams over the cache in tid order, hashing as it goes; the database's tid order is
 * the lines' sort order (every line starts with `["<tid>"`, and tids are digits), which is
 * checked line by line — should it ever not hold, the lines are collected and sorted instead.
 */
export async function deepCacheDigest(shopId: string, opts: { lines?: boolean; sql?: SqlDriver } = {}): Promise<DeepDigest> {
  const driver = opts.sql ?? (await syncSql());
  if (!opts.lines) {
    const hash = createHash("sha256");
    let prev: string | null = null;
    let trades = 0;
    let ordered = true;
    await forEachDeepLine(driver, shopId, (line) => {
      if (prev !== null && !(prev < line)) {
        ordered = false;
        return false;
      }
      hash.update(prev === null ? line : `\n${line}`, "utf8");
      prev = line;
      trades++;
      return true;
    });
    if (ordered) return { trades, digest: hash.digest("hex") };
  }
  const lines: string[] = [];
  await forEachDeepLine(driver, shopId, (line) => {
    lines.push(line);
    return true;
  });
  const digest = digestOf(lines);
  return opts.lines ? { trades: lines.length, digest, lines } : { trades: lines.length, digest };
}

/* ------------------------------------------------------------------ the cache's known holes */

export interface CacheHoles {
  /** Trades waiting for a detail (Trade.detailPending): their detail-only fields are missing or stale. */
  detailMissing: number;
  backfill: {
    /** The backfill finished (SyncState.backfillDoneAt) and no day became a gap. */
    complete: boolean;
    /** Backfill days whose trades could not all be listed before they left the three-month window. */
    gaps: { day: string; reason: string | null }[];
  };
}

export async function cacheHoles(shopId: string, sql?: SqlDriver): Promise<CacheHoles> {
  const driver = sql ?? (await syncSql());
  const t = driver.dialect.true;
  const [pending] = await driver.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Trade" WHERE "shopId" = ? AND "detailPending" = ${t}`, shopId);
  const gaps = await driver.all<{ day: string; lastError: string | null }>(
    `SELECT "day", "lastError" FROM "SyncBackfillDay" WHERE "shopId" = ? AND "gap" = ${t} ORDER BY "day"`,
    shopId,
  );
  const [state] = await driver.all<{ backfillDoneAt: unknown }>(`SELECT "backfillDoneAt" FROM "SyncState" WHERE "shopId" = ?`, shopId);
  const done = state !== undefined && state.backfillDoneAt !== null && state.backfillDoneAt !== undefined;
  return {
    detailMissing: Number(pending?.n ?? 0),
    backfill: { complete: done && gaps.length === 0, gaps: gaps.map((g) => ({ day: g.day, reason: g.lastError })) },
  };
}
