/**
 * Test helper: a shop's sync records as a backfill planned at `t0` leaves them (lib/sync/backfill.ts),
 * so that lib/reports/coverage.ts derives the coverage a test needs.
 */
import { db } from "@/lib/db";
import { shanghaiDayKey } from "@/lib/time";

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Backfill days `from` … t0's day: done, except `gaps` (never fillable) and `pending` (not fetched yet). Finished unless something is pending. */
export async function recordBackfill(shopId: string, opts: { from: string; t0: Date; gaps?: string[]; pending?: string[] }): Promise<void> {
  const last = shanghaiDayKey(opts.t0);
  const pending = new Set(opts.pending ?? []);
  const gaps = new Set(opts.gaps ?? []);
  const days: { shopId: string; day: string; done: boolean; gap: boolean }[] = [];
  for (let d = opts.from; d <= last; d = addDays(d, 1)) days.push({ shopId, day: d, done: !gaps.has(d) && !pending.has(d), gap: gaps.has(d) });
  await db().syncBackfillDay.deleteMany({ where: { shopId } });
  await db().syncBackfillDay.createMany({ data: days });
  const state = { backfillStartedAt: opts.t0, backfillDoneAt: pending.size ? null : opts.t0, backfillDaysTotal: days.length };
  await db().syncState.upsert({ where: { shopId }, create: { shopId, ...state }, update: state });
}
