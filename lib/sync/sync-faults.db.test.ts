/**
 * Acceptance: the backfill and three incremental rounds (the sandbox clock advanced in between)
 * under the heavy fault profile (≥ 20 % of calls failing: code 7 bans, isp.* errors, 502/503,
 * resets, timeouts, truncated bodies) end with digest = truth and deep digest = deep truth (every
 * field the cache keeps), no duplicate rows, rollups equal to a direct aggregation and no detail
 * left pending (lib/sync/testing/truth.ts).
 *
 * Faults are the sandbox's "heavy" rates; only their durations are shortened (slow 0.2–0.6 s,
 * hangs 2.5 s against a 1.5 s client timeout, bans of 1 s) to keep the suite short.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { runSync, type RunSyncResult } from "./run";
import { closeSyncSql } from "./sql";
import { startSyncSandbox, type SyncSandbox } from "./testing/sandbox";
import { expectCacheEqualsTruth } from "./testing/truth";

let sbx: SyncSandbox;
let nick: string;
let shopId: string;

beforeAll(async () => {
  sbx = await startSyncSandbox({ seed: 6101, orders: 1000, shops: 1, frozen: true, faultSeed: 77 });
  nick = sbx.sb.store.accounts[0]!.nick;
  shopId = await sbx.connect(nick);
});

afterAll(async () => {
  await sbx?.close();
  await closeSyncSql();
  await db().$disconnect();
});

/** Runs until a run ends SUCCESS (a failed unit is retried by the next run, as the scheduler would). */
async function syncUntilDone(max = 8): Promise<RunSyncResult[]> {
  const runs: RunSyncResult[] = [];
  for (let i = 0; i < max; i++) {
    const r = await runSync(shopId, {
      client: sbx.client({ timeoutMs: 1_500 }),
      clock: sbx.clock,
      // The engine's backoff between unit retries, shortened (a ban is waited out by lib/top itself).
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 200))),
      // The sandbox clock is frozen between advances: windows may end at its now (no lag).
      config: { backfillConcurrency: 4, detailConcurrency: 6, windowLagMs: 0 },
    });
    runs.push(r);
    if (r.outcome === "SUCCESS") {
      console.log(`${new Date().toISOString()} ${runs.length} run(s): ${runs.map((x) => `${x.outcome} ${x.calls} calls ${x.stats.errorCount} errors`).join(", ")}`);
      return runs;
    }
    expect(["PARTIAL"]).toContain(r.outcome);
  }
  throw new Error(`no successful run in ${max}: ${runs.map((r) => `${r.outcome} ${r.error ?? ""}`).join("; ")}`);
}

describe(`sync under heavy faults on ${inject("databaseProvider")}`, () => {
  it("backfill + three incremental rounds end equal to the platform", async () => {
    const faults = await sbx.admin<{ failureRate: number }>("/_sandbox/faults", { profile: "heavy", slowMs: [200, 600], hangMs: 2_500, banSeconds: [1, 1] });
    expect(faults.failureRate).toBeGreaterThanOrEqual(0.2);

    const backfill = await syncUntilDone();
    const errors = backfill.reduce((s, r) => s + r.stats.errorCount, 0);
    // The faults were real: some units needed the engine's own retries too.
    expect(errors).toBeGreaterThan(0);
    expect(backfill.at(-1)!.backfillComplete).toBe(true);
    await expectCacheEqualsTruth(sbx, shopId, nick);

    for (const advance of ["2h", "9h", "1d"]) {
      await sbx.advance(advance);
      const runs = await syncUntilDone();
      expect(runs.at(-1)!.caughtUp).toBe(true);
      await expectCacheEqualsTruth(sbx, shopId, nick);
    }
    const draws = await sbx.admin<{ draws: number }>("/_sandbox/faults");
    expect(draws.draws).toBeGreaterThan(500);
    // Every run is recorded with its counts and errors.
    const recorded = await db().syncRun.findMany({ where: { shopId } });
    expect(recorded.every((r) => r.outcome !== "RUNNING" && r.endedAt !== null)).toBe(true);
    expect(recorded.reduce((s, r) => s + r.errorCount, 0)).toBeGreaterThan(0);
  }, 170_000);
});
