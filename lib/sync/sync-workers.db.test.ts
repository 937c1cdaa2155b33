/**
 * Acceptance, with real processes (`npm run sync`, `npm run worker`) on the test database:
 * - the sync process is killed with SIGKILL at five random points of a backfill and restarted
 *   each time: it resumes where it stopped and converges to the platform;
 * - two workers started at once: one holds a shop's lease at a time, the result equals the
 *   platform and the rollups are not double-counted.
 *
 * The child processes use this machine's clock, so the sandbox runs in real time here; it is
 * frozen only for the final check, after one last in-process incremental sync.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { runSync } from "./run";
import { closeSyncSql } from "./sql";
import { startSyncSandbox, type SyncSandbox } from "./testing/sandbox";
import { expectCacheEqualsTruth } from "./testing/truth";

let sbx: SyncSandbox;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  sbx = await startSyncSandbox({ seed: 6404, orders: 1_000, shops: 2, arrivalRate: 0 });
});

afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  await sbx?.close();
  await closeSyncSql();
  await db().$disconnect();
});

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: inject("databaseUrl"),
    TOP_GATEWAY_URL: sbx.sb.gatewayUrl,
    TOP_OAUTH_BASE_URL: sbx.url,
    TOP_QPS: "1000",
    LOG_LEVEL: "silent",
    // A killed worker's lease expires after 3 s, and a live one renews it every second.
    SYNC_LEASE_TTL_SECONDS: "3",
    ...extra,
  };
}

function start(script: string, args: string[], env: NodeJS.ProcessEnv = childEnv()): { child: ChildProcess; exit: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script, ...args], { cwd: process.cwd(), env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return { child, exit, output: () => out };
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Progress of a shop's first sync, in units: backfill pages stored + trades whose detail is stored. */
async function progress(shopId: string): Promise<number> {
  const state = await db().syncState.findUnique({ where: { shopId }, select: { backfillPagesDone: true } });
  const details = await db().trade.count({ where: { shopId, detailFetchedAt: { not: null } } });
  return (state?.backfillPagesDone ?? 0) + details;
}

/** Freezes the clock, syncs to it in-process, and checks the cache against the platform. */
async function expectConverged(shopId: string, nick: string, withClis = false): Promise<void> {
  await sbx.admin("/_sandbox/clock", { freeze: true });
  const last = await runSync(shopId, { client: sbx.client(), clock: sbx.clock, config: { windowLagMs: 0 } });
  expect(last.outcome, `${last.error} ${JSON.stringify(last.stats.errors)}`).toBe("SUCCESS");
  await expectCacheEqualsTruth(sbx, shopId, nick);
  if (withClis) {
    // The operators' proofs: `npm run db:digest -- --deep` prints the sandbox's truth, deep digest
    // included, and no hole; `rollups:rebuild --check` finds nothing to fix.
    const digest = start("scripts/digest.ts", ["--shop", shopId, "--deep"]);
    expect(await digest.exit, digest.output()).toBe(0);
    const truth = await sbx.deepTruth(nick);
    expect(JSON.parse(digest.output().trim())).toEqual({ ...truth, detailMissing: 0, backfill: { complete: true, gaps: [] } });
    const check = start("scripts/rollups-rebuild.ts", ["--shop", shopId, "--check"]);
    expect(await check.exit, check.output()).toBe(0);
    expect(check.output()).toContain("rollups equal the direct aggregation");
  }
  await sbx.admin("/_sandbox/clock", { freeze: false });
}

describe(`sync processes on ${inject("databaseProvider")}`, () => {
  it("resumes a backfill killed with SIGKILL at five random points and converges", async () => {
    const nick = sbx.sb.store.accounts[0]!.nick;
    const shopId = await sbx.connect(nick);
    // The first sync's units: one page per day (a small shop) and one detail per trade with a message or a memo flag.
    const shop = sbx.sb.store.shops[0]!;
    const T = sbx.sb.clock.nowSec();
    let needDetail = 0;
    for (let idx = 0; idx < shop.n; idx++) {
      if (!shop.existsAt(idx, T)) continue;
      const v = shop.view(idx, T);
      if (v.doc.buyerMessage !== null || v.state.flag > 0) needDetail++;
    }
    const total = 93 + needDetail;
    const seed = Number(process.env.SYNC_TEST_SEED ?? Date.now() % 100_000);
    let x = seed;
    const rand = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) % 10_000) / 10_000;
    const reached: number[] = [];
    // One page or one detail at a time, so a kill lands close to the point chosen for it.
    const env = childEnv({ SYNC_BACKFILL_CONCURRENCY: "1", SYNC_DETAIL_CONCURRENCY: "1" });
    for (let kill = 0; kill < 5; kill++) {
      // A random point in the next slice of the work left, after some progress of this process's own.
      const from = (reached.at(-1) ?? 0) + 1;
      const point = from + Math.floor(rand() * Math.max(1, (total - from) / (5 - kill + 1)));
      const p = start("scripts/sync.ts", ["--shop", shopId, "--wait", "--json"], env);
      let exited = false;
      void p.exit.then(() => (exited = true));
      const at = await until(
        `progress ${point} of ${total} (seed ${seed})`,
        async () => {
          if (exited) throw new Error(`the sync finished before progress ${point} of ${total} (seed ${seed}): ${p.output()}`);
          const n = await progress(shopId);
          return n >= point ? n : null;
        },
        60_000,
        10,
      );
      p.child.kill("SIGKILL");
      expect(await p.exit).toBeNull();
      // Commits in flight when the signal landed may have added a little: measure after the death.
      await new Promise((r) => setTimeout(r, 100));
      const after = await progress(shopId);
      expect(after).toBeGreaterThanOrEqual(at);
      reached.push(after);
    }
    // Progress survives every kill: it never goes back.
    expect([...reached].sort((a, b) => a - b)).toEqual(reached);
    // The kills fell inside the first sync (the last one may land on its very last unit).
    expect(reached[3]!).toBeLessThan(total);
    const last = start("scripts/sync.ts", ["--shop", shopId, "--wait", "--json"]);
    const code = await last.exit;
    expect(code, last.output()).toBe(0);
    const summary = JSON.parse(last.output().trim().split("\n").at(-1)!) as { outcome: string; pages: number };
    expect(summary.outcome).toBe("SUCCESS");

    const runs = await db().syncRun.findMany({ where: { shopId }, orderBy: { startedAt: "asc" } });
    // The five killed runs were found RUNNING by their successors and closed as ABORTED.
    expect(runs.filter((r) => r.outcome === "ABORTED")).toHaveLength(5);
    expect(runs.at(-1)!.outcome).toBe("SUCCESS");
    const days = await db().syncBackfillDay.findMany({ where: { shopId } });
    expect(days.every((d) => d.done && d.pagesDone >= 1)).toBe(true);
    await expectConverged(shopId, nick, true);
  }, 120_000);

  it("lets two workers started at once take turns on a shop, one lease holder at a time", async () => {
    const nick = sbx.sb.store.accounts[1]!.nick;
    const shopId = await sbx.connect(nick);
    const env = childEnv({ SYNC_ONLY_SHOPS: shopId, SYNC_INTERVAL_SECONDS: "5" });
    const workers = [start("scripts/worker.ts", [], env), start("scripts/worker.ts", [], env)];
    // The backfill, then at least one incremental run after it.
    await until(
      "a backfill and an incremental run",
      async () => {
        const state = await db().syncState.findUnique({ where: { shopId } });
        const ok = await db().syncRun.count({ where: { shopId, outcome: "SUCCESS" } });
        return state?.backfillDoneAt && ok >= 2 ? true : null;
      },
      90_000,
      200,
    );
    for (const w of workers) w.child.kill("SIGTERM");
    const codes = await Promise.all(workers.map((w) => w.exit));
    expect(codes, workers.map((w) => w.output()).join("\n")).toEqual([0, 0]);

    const runs = await db().syncRun.findMany({ where: { shopId }, orderBy: { startedAt: "asc" } });
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < runs.length; i++) {
      // Runs never overlap: each starts after the previous one ended.
      expect(runs[i]!.startedAt.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.endedAt!.getTime());
    }
    // Every run succeeded, but the last one may have been stopped by the SIGTERM.
    expect(runs.slice(0, -1).every((r) => r.outcome === "SUCCESS")).toBe(true);
    expect(["SUCCESS", "ABORTED"]).toContain(runs.at(-1)!.outcome);
    const state = await db().syncState.findUniqueOrThrow({ where: { shopId } });
    expect(state.leaseOwner).toBeNull();
    expect(state.tradesStored).toBe(await db().trade.count({ where: { shopId } }));
    await expectConverged(shopId, nick);
  }, 120_000);
});
