/**
 * Which days the cache holds completely, per shop, so that a report never passes a hole in the
 * data off as a figure (an empty last year as ¥0.00, a comparison against a period the sync never
 * reached as +22762.83 %).
 *
 * Derived from the sync's own records (lib/sync/backfill.ts): the backfill lists every trade
 * *created* on each Asia/Shanghai day of the three months before it was planned (SyncBackfillDay,
 * up to SyncState.backfillStartedAt = t0), and the incremental sync stores every trade modified
 * since t0, which includes every trade created since. So a creation day is covered when
 * - it is on or after the first backfill day that is fully stored (`done`), and
 * - it is a done backfill day, or after t0's day (the incremental sync's).
 * A backfill day at or after that start that is not done is a hole: a gap (it left the API's
 * window before it was stored, lib/sync/backfill-days.ts: never fillable) or a day a running
 * backfill has not finished yet (coverage is still growing). No backfill plan: nothing is covered.
 *
 * Reports by pay time (GMV, orders, buyers, refunds, shipping): a trade paid on day D may have been
 * created days before D, before coverage starts, and the cache has it only if it was modified after
 * t0. We count pay day D as covered when creation days D − PAY_WINDOW_DAYS … D all are: Taobao
 * closes an ordinary unpaid trade within three days (the sandbox after one, sandbox/README.md), so
 * every trade paid on D was created in that window. The exception is a presale (step) trade's
 * balance paid later than that; README "Sales reports" says so.
 */
import "server-only";
import { syncSql } from "@/lib/sync/sql";
import { shanghaiDayKey } from "@/lib/time";

/** Days before a pay day whose creations must be covered for the pay day to be (see above). */
export const PAY_WINDOW_DAYS = 3;

export type CoverageBasis = "created" | "paid";

export interface ShopCoverage {
  shopId: string;
  /** First creation day stored completely; null: nothing is (no backfill plan, or none of its days stored yet). */
  createdFrom: string | null;
  /** Last backfill day (t0's day): later days are the incremental sync's. Null without a plan. */
  planEnd: string | null;
  /** Creation days from createdFrom to planEnd that are not stored: gaps and days not fetched yet, in order. */
  holes: string[];
  /** Days that can never be stored (SyncBackfillDay.gap), in order. */
  gaps: string[];
  /** The backfill is still running: holes may still fill and createdFrom move earlier. */
  growing: boolean;
}

export type CoverageStatus = "full" | "partial" | "none";

export interface PeriodCoverage {
  status: CoverageStatus;
  /** The first day from which every shop of the report is covered (the latest shop's start); null if some shop has none. */
  from: string | null;
  /** Days of the period that some shop does not cover, after `from` (holes), in order. */
  holes: string[];
  /** Some shop's backfill is still running. */
  growing: boolean;
}

const DAY_MS = 86_400_000;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Each shop's coverage from SyncState and SyncBackfillDay: two indexed reads of at most a few hundred rows. */
export async function loadCoverage(shopIds: string[]): Promise<ShopCoverage[]> {
  if (shopIds.length === 0) return [];
  const sql = await syncSql();
  const shops = sql.dialect.in(`"shopId"`, shopIds);
  const [states, days] = await Promise.all([
    sql.all<{ shopId: string; backfillStartedAt: unknown; backfillDoneAt: unknown }>(`SELECT "shopId", "backfillStartedAt", "backfillDoneAt" FROM "SyncState" WHERE ${shops.sql}`, ...shops.params),
    sql.all<{ shopId: string; day: string; done: unknown; gap: unknown }>(`SELECT "shopId", "day", "done", "gap" FROM "SyncBackfillDay" WHERE ${shops.sql} ORDER BY "day"`, ...shops.params),
  ]);
  return shopIds.map((shopId) => {
    const state = states.find((s) => s.shopId === shopId);
    const started = state?.backfillStartedAt == null ? null : new Date(Number(state.backfillStartedAt));
    const own = days.filter((d) => d.shopId === shopId).map((d) => ({ day: String(d.day), done: Boolean(Number(d.done)), gap: Boolean(Number(d.gap)) }));
    const gaps = own.filter((d) => d.gap).map((d) => d.day);
    const none: ShopCoverage = { shopId, createdFrom: null, planEnd: null, holes: [], gaps, growing: started !== null && state?.backfillDoneAt == null };
    if (!started) return none;
    const planEnd = shanghaiDayKey(started);
    const createdFrom = own.find((d) => d.done)?.day ?? null;
    if (!createdFrom) return { ...none, planEnd };
    const done = new Set(own.filter((d) => d.done).map((d) => d.day));
    const holes: string[] = [];
    for (let d = createdFrom; d <= planEnd; d = addDays(d, 1)) if (!done.has(d)) holes.push(d);
    return { ...none, planEnd, createdFrom, holes };
  });
}

/** Is creation (or pay) day `day` covered for this shop? */
export function dayCovered(c: ShopCoverage, day: string, basis: CoverageBasis): boolean {
  if (!c.createdFrom) return false;
  if (basis === "paid") {
    for (let k = PAY_WINDOW_DAYS; k >= 0; k--) if (!dayCovered(c, addDays(day, -k), "created")) return false;
    return true;
  }
  return day >= c.createdFrom && (c.planEnd === null || day > c.planEnd || !c.holes.includes(day));
}

/** The day from which a shop's `basis` figures are complete (holes aside), or null. */
export function coveredFrom(c: ShopCoverage, basis: CoverageBasis): string | null {
  return c.createdFrom && (basis === "paid" ? addDays(c.createdFrom, PAY_WINDOW_DAYS) : c.createdFrom);
}

/**
 * How completely the shops cover [from, to] (inclusive days): full when every shop covers every
 * day, none when no shop covers any day, else partial.
 */
export function periodCoverage(shops: ShopCoverage[], p: { from: string; to: string }, basis: CoverageBasis): PeriodCoverage {
  const starts = shops.map((s) => coveredFrom(s, basis));
  const from = starts.some((s) => s === null) || starts.length === 0 ? null : starts.reduce((a, b) => (a! > b! ? a : b));
  const growing = shops.some((s) => s.growing);
  let covered = 0;
  let total = 0;
  const holes = new Set<string>();
  for (let d = p.from; d <= p.to; d = addDays(d, 1)) {
    for (const s of shops) {
      total++;
      if (dayCovered(s, d, basis)) covered++;
      else if (from !== null && d >= from) holes.add(d);
    }
  }
  const status: CoverageStatus = total > 0 && covered === total ? "full" : covered === 0 ? "none" : "partial";
  return { status, from, holes: [...holes].sort(), growing };
}
