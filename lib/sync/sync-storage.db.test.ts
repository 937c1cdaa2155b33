/**
 * A database that cannot store anything (issue 17 item 4), simulated for real:
 * - disk full: SQLite `PRAGMA max_page_count` just above the file's size on the sync's own
 *   connection (the writer's: syncSql()) gives a genuine SQLITE_FULL; on PostgreSQL a trigger on
 *   the shop's Trade / TradeOrder inserts raises SQLSTATE 53100 disk_full;
 * - every write refused: SQLite `PRAGMA query_only` (SQLITE_READONLY); PostgreSQL a trigger on
 *   SyncState raising disk_full;
 * - the end-of-run bookkeeping refused.
 *
 * A run must end FAILED with a message that says so, its SyncRun row FAILED, the lease released;
 * the scheduler must back off (a bounded, small number of attempts), never loop.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { releaseLease } from "./lease";
import { runSync } from "./run";
import { startScheduler } from "./scheduler";
import { closeSyncSql, syncSql, type SqlDriver } from "./sql";
import { startSyncSandbox, type SyncSandbox } from "./testing/sandbox";

const provider = inject("databaseProvider");
let sbx: SyncSandbox;
let shopId: string;
let sql: SqlDriver;

const fastSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 20)));

beforeAll(async () => {
  sbx = await startSyncSandbox({ seed: 6511, orders: 200, shops: 1, frozen: true });
  shopId = await sbx.connect(sbx.sb.store.accounts[0]!.nick);
  // The scheduler below must only see this file's shop (the test database is shared).
  process.env.SYNC_ONLY_SHOPS = shopId;
  sql = await syncSql();
});

afterEach(async () => {
  await clearFaults();
  const state = await db().syncState.findUnique({ where: { shopId } });
  if (state?.leaseOwner) await releaseLease(sql, shopId, state.leaseOwner);
  await db().syncState.update({ where: { shopId }, data: { nextRunAt: null, failStreak: 0 } });
});

afterAll(async () => {
  await sbx?.close();
  await closeSyncSql();
  await db().$disconnect();
});

/** The disk fills up: the sync connection can add no page (SQLite), the shop's trade rows cannot be inserted (PostgreSQL). */
async function fillDisk(): Promise<void> {
  if (provider === "sqlite") {
    const [pc] = await sql.all<{ page_count: number }>("PRAGMA page_count");
    await sql.all(`PRAGMA max_page_count = ${Number(pc!.page_count) + 2}`);
  } else {
    await sql.run(
      `CREATE OR REPLACE FUNCTION od_test_disk_full() RETURNS trigger AS $$ BEGIN
         IF NEW."shopId" = '${shopId}' THEN RAISE EXCEPTION 'could not extend file "base/16384/16402": No space left on device' USING ERRCODE = 'disk_full'; END IF;
         RETURN NEW; END $$ LANGUAGE plpgsql`,
    );
    await sql.run(`CREATE TRIGGER od_test_disk_full BEFORE INSERT ON "Trade" FOR EACH ROW EXECUTE FUNCTION od_test_disk_full()`);
    await sql.run(`CREATE TRIGGER od_test_disk_full BEFORE INSERT ON "TradeOrder" FOR EACH ROW EXECUTE FUNCTION od_test_disk_full()`);
  }
}

/** Every write of the sync connection is refused: read-only (SQLite), disk full on SyncState (PostgreSQL). */
async function refuseWrites(): Promise<void> {
  if (provider === "sqlite") await sql.all("PRAGMA query_only = 1");
  else {
    await sql.run(
      `CREATE OR REPLACE FUNCTION od_test_refuse() RETURNS trigger AS $$ BEGIN
         IF NEW."shopId" = '${shopId}' THEN RAISE EXCEPTION 'could not extend file "base/16384/16410": No space left on device' USING ERRCODE = 'disk_full'; END IF;
         RETURN NEW; END $$ LANGUAGE plpgsql`,
    );
    await sql.run(`CREATE TRIGGER od_test_refuse BEFORE INSERT OR UPDATE ON "SyncState" FOR EACH ROW EXECUTE FUNCTION od_test_refuse()`);
  }
}

async function clearFaults(): Promise<void> {
  if (provider === "sqlite") {
    await sql.all("PRAGMA query_only = 0");
    await sql.all("PRAGMA max_page_count = 2147483646");
  } else {
    for (const [table, trigger] of [
      ["Trade", "od_test_disk_full"],
      ["TradeOrder", "od_test_disk_full"],
      ["SyncState", "od_test_refuse"],
      ["SyncState", "od_test_bookkeeping"],
    ])
      await sql.run(`DROP TRIGGER IF EXISTS ${trigger} ON "${table}"`);
  }
}

const DISK_FULL = /the disk is full/;
const run = () => runSync(shopId, { client: sbx.client(), clock: sbx.clock, sleep: fastSleep, config: { windowLagMs: 0 } });

describe(`a database that cannot store anything, on ${provider}`, () => {
  it("a full disk ends the run FAILED at once, records it and releases the lease", async () => {
    await fillDisk();
    const r = await run();
    expect(r.outcome, JSON.stringify(r.stats.errors.slice(0, 3))).toBe("FAILED");
    expect(r.error).toMatch(DISK_FULL);
    expect(r.error).toMatch(provider === "sqlite" ? /SQLITE_FULL: database or disk is full/ : /53100 disk_full: could not extend file/);
    // It stopped at the first failure instead of fetching every day and failing each.
    expect(r.stats.failedUnits).toBeLessThanOrEqual(3);
    const row = await db().syncRun.findUniqueOrThrow({ where: { id: r.runId! } });
    expect(row.outcome).toBe("FAILED");
    expect(row.lastError).toMatch(DISK_FULL);
    expect(row.endedAt).not.toBeNull();
    const state = await db().syncState.findUniqueOrThrow({ where: { shopId } });
    expect(state.leaseOwner).toBeNull();
    expect(state.failStreak).toBe(1);
    expect(state.lastError).toMatch(DISK_FULL);
    // The first retry waits the backoff's base (15 s), not a tight loop.
    expect(state.nextRunAt!.getTime() - row.endedAt!.getTime()).toBe(15_000);
  });

  it("the scheduler backs off a shop whose runs end FAILED: a few attempts in 3 s, each waiting twice as long", async () => {
    await fillDisk();
    const results: { outcome: string; error: string | null; at: number }[] = [];
    const scheduler = startScheduler({
      intervalMs: 200,
      tickMs: 100,
      client: sbx.client(),
      clock: sbx.clock,
      failBackoff: { baseMs: 300, capMs: 5_000 },
      // Only this file's shop: other test files' shops share the database.
      onlyShops: [shopId],
      onRun: (r) => results.push({ outcome: r.outcome, error: r.error, at: Date.now() }),
    });
    await new Promise((r) => setTimeout(r, 3_000));
    // Stop between runs (a run stopped midway would end ABORTED).
    while (scheduler.running().length > 0) await new Promise((r) => setTimeout(r, 10));
    await scheduler.stop();
    console.log(`${provider}: ${results.length} scheduled attempts in 3 s: ${results.map((r) => r.outcome).join(", ")}`);
    // 0, +0.3, +0.6, +1.2 s (+ the runs themselves): at most 5, never hundreds.
    expect(results.length).toBeGreaterThanOrEqual(2);
    expect(results.length).toBeLessThanOrEqual(5);
    expect(results.every((r) => r.outcome === "FAILED" && DISK_FULL.test(r.error ?? ""))).toBe(true);
    const state = await db().syncState.findUniqueOrThrow({ where: { shopId } });
    // Persisted, so every process sees it: nextRunAt = end + min(cap, base·2^(streak−1)).
    expect(state.failStreak).toBe(results.length);
    const last = await db().syncRun.findFirstOrThrow({ where: { shopId }, orderBy: { startedAt: "desc" } });
    expect(state.nextRunAt!.getTime() - last.endedAt!.getTime()).toBe(Math.min(5_000, 300 * 2 ** (results.length - 1)));
    expect(await db().syncRun.count({ where: { shopId, outcome: "RUNNING" } })).toBe(0);
  });

  it("a database that refuses every write: the scheduler backs off in memory instead of looping", async () => {
    await refuseWrites();
    // Attempts = lease acquisitions tried (each starts with the SyncState insert).
    let attempts = 0;
    const original = sql.run.bind(sql);
    sql.run = (text: string, ...params: unknown[]) => {
      if (text.startsWith(`INSERT INTO "SyncState"`)) attempts++;
      return original(text, ...params);
    };
    try {
      const scheduler = startScheduler({ intervalMs: 200, tickMs: 100, client: sbx.client(), clock: sbx.clock, failBackoff: { baseMs: 300, capMs: 5_000 }, onlyShops: [shopId] });
      await new Promise((r) => setTimeout(r, 3_000));
      await scheduler.stop();
    } finally {
      sql.run = original;
    }
    console.log(`${provider}: ${attempts} attempts in 3 s with every write refused`);
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(5);
    // And runSync says what is wrong.
    await expect(run()).rejects.toThrow(provider === "sqlite" ? /the database is read-only: SQLite cannot write to .* \(SQLITE_READONLY/ : DISK_FULL);
  });

  it("end-of-run bookkeeping the database refuses: runSync still returns, FAILED, and says so", async () => {
    if (provider === "sqlite") {
      // From the first stored batch on, the sync connection may not write: the run stops, and its end cannot be recorded in SyncState.
      let done = false;
      const r = await runSync(shopId, {
        client: sbx.client(),
        clock: sbx.clock,
        sleep: fastSleep,
        config: { windowLagMs: 0, backfillConcurrency: 1 },
        onProgress: () => {
          if (!done) void sql.all("PRAGMA query_only = 1");
          done = true;
        },
      });
      expect(r.outcome).toBe("FAILED");
      expect(r.error).toMatch(/the database is read-only: SQLite cannot write to .*\(SQLITE_READONLY.*could not be recorded/);
      expect(r.runId).not.toBeNull();
    } else {
      // The run goes well, but the end-of-run SyncState update is refused (disk full).
      await sql.run(
        `CREATE OR REPLACE FUNCTION od_test_bookkeeping() RETURNS trigger AS $$ BEGIN
           IF NEW."shopId" = '${shopId}' AND OLD."runId" IS NOT NULL AND NEW."runId" IS NULL THEN RAISE EXCEPTION 'could not extend file' USING ERRCODE = 'disk_full'; END IF;
           RETURN NEW; END $$ LANGUAGE plpgsql`,
      );
      await sql.run(`CREATE TRIGGER od_test_bookkeeping BEFORE UPDATE ON "SyncState" FOR EACH ROW EXECUTE FUNCTION od_test_bookkeeping()`);
      const r = await run();
      expect(r.outcome).toBe("FAILED");
      expect(r.error).toMatch(/the disk is full: .*53100 disk_full.*could not be recorded/);
    }
  });
});
