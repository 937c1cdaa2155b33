/**
 * What an operator sees (issue 17 item 7), with real `npm run sync` processes where it matters:
 * - a run killed with SIGKILL: the next `npm run sync` on this host takes its lease over at once
 *   (the holder's process is gone), and the dead run is closed ABORTED with the calls and trades
 *   it made (SyncState's live counters), not zeros;
 * - `--json`: stdout holds the summary alone, log lines go to stderr;
 * - a lease held by a live process, or by another host: SKIPPED says who holds it and until when
 *   (the CLI adds how to wait), and a SKIPPED result tells the shop's real state (backfill
 *   complete, caught up);
 * - an unreachable gateway: a run that is not SUCCESS says why in `error`.
 *
 * The child processes use this machine's clock, so the sandbox runs in real time here.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { acquireLease, releaseLease } from "./lease";
import { runSync } from "./run";
import { closeSyncSql, syncSql } from "./sql";
import { startSyncSandbox, type SyncSandbox } from "./testing/sandbox";

let sbx: SyncSandbox;
const children = new Set<ChildProcess>();
const shops: { id: string; nick: string }[] = [];

beforeAll(async () => {
  sbx = await startSyncSandbox({ seed: 6611, orders: 900, shops: 3, arrivalRate: 0 });
  for (const a of sbx.sb.store.accounts.filter((x) => !x.nick.includes(":")).slice(0, 3)) shops.push({ id: await sbx.connect(a.nick), nick: a.nick });
});

afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  await sbx?.close();
  await closeSyncSql();
  await db().$disconnect();
});

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: inject("databaseUrl"), TOP_GATEWAY_URL: sbx.sb.gatewayUrl, TOP_OAUTH_BASE_URL: sbx.url, TOP_QPS: "1000", LOG_LEVEL: "silent", ...extra };
}

function start(args: string[], env: NodeJS.ProcessEnv = childEnv()) {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/sync.ts", ...args], { cwd: process.cwd(), env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return { child, exit, stdout: () => stdout, stderr: () => stderr };
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Starts `npm run sync` on the shop and SIGKILLs it once a few backfill pages are stored (default 60 s lease: it would hold it a minute). */
async function killMidBackfill(shopId: string): Promise<void> {
  const p = start(["--shop", shopId, "--json"], childEnv({ SYNC_BACKFILL_CONCURRENCY: "1", SYNC_DETAIL_CONCURRENCY: "1" }));
  let exited = false;
  void p.exit.then(() => (exited = true));
  await until("a few backfill pages", async () => {
    if (exited) throw new Error(`the sync finished before it was killed: ${p.stdout()} ${p.stderr()}`);
    const s = await db().syncState.findUnique({ where: { shopId } });
    return (s?.backfillPagesDone ?? 0) >= 5;
  });
  p.child.kill("SIGKILL");
  expect(await p.exit).toBeNull();
}

const fastSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 20)));

describe(`operators on ${inject("databaseProvider")}`, () => {
  it("after a SIGKILL, a plain `npm run sync` takes the dead process's lease over at once", async () => {
    const shop = shops[0]!;
    await killMidBackfill(shop.id);
    const held = await db().syncState.findUniqueOrThrow({ where: { shopId: shop.id } });
    // The dead run's lease would block everyone for another minute.
    expect(held.leaseOwner).toMatch(new RegExp(`^sync@${hostname()}:\\d+:[0-9a-f]+$`));
    expect(held.leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 30_000);
    const t0 = Date.now();
    const again = start(["--shop", shop.id, "--json"]);
    const code = await again.exit;
    expect(code, `${again.stdout()}\n${again.stderr()}`).toBe(0);
    expect(JSON.parse(again.stdout()).outcome).toBe("SUCCESS");
    expect(Date.now() - t0).toBeLessThan(30_000);
    const runs = await db().syncRun.findMany({ where: { shopId: shop.id }, orderBy: { startedAt: "asc" } });
    expect(runs.map((r) => r.outcome)).toEqual(["ABORTED", "SUCCESS"]);
  }, 120_000);

  it("a killed run is closed ABORTED with the calls and trades it made, and its last heartbeat", async () => {
    const shop = shops[1]!;
    await killMidBackfill(shop.id);
    const left = await db().syncState.findUniqueOrThrow({ where: { shopId: shop.id } });
    expect(left.runTrades).toBeGreaterThan(0);
    // The lease expires (as it would after its TTL), and an in-process run takes over.
    await db().syncState.update({ where: { shopId: shop.id }, data: { leaseExpiresAt: new Date(Date.now() - 1_000) } });
    const r = await runSync(shop.id, { client: sbx.client(), clock: sbx.clock });
    expect(r.outcome, r.error ?? "").toBe("SUCCESS");
    const aborted = await db().syncRun.findFirstOrThrow({ where: { shopId: shop.id, outcome: "ABORTED" } });
    expect(aborted.id).toBe(left.runId);
    expect(aborted.calls).toBeGreaterThanOrEqual(Math.max(5, left.runCalls));
    expect(aborted.tradesFetched).toBe(left.runTrades);
    expect(aborted.heartbeatAt!.getTime()).toBeGreaterThanOrEqual(left.heartbeatAt!.getTime());
    expect(aborted.endedAt).not.toBeNull();
  }, 120_000);

  it("`npm run sync -- --json` prints the summary alone on stdout; log lines go to stderr", async () => {
    const shop = shops[0]!;
    const p = start(["--shop", shop.id, "--json"], childEnv({ LOG_LEVEL: "info" }));
    expect(await p.exit, p.stderr()).toBe(0);
    const out = p.stdout().trim();
    expect(out.split("\n")).toHaveLength(1);
    const summary = JSON.parse(out) as { shop: string; outcome: string; error: string | null };
    expect(summary).toMatchObject({ shop: shop.nick, outcome: "SUCCESS", error: null });
    // The logs were written, to stderr.
    expect(p.stderr()).toContain('"msg":"sync run finished"');
  }, 60_000);

  it("a lease held by a live process or another host: SKIPPED says who holds it and until when", async () => {
    const shop = shops[1]!;
    const sql = await syncSql();
    // The vitest main process: alive, on this host, not this process.
    const alive = `worker@${hostname()}:${process.ppid}:0a1b2c3d`;
    expect(await acquireLease(sql, shop.id, alive, 60_000)).toBe(true);
    const r = await runSync(shop.id, { client: sbx.client(), clock: sbx.clock });
    expect(r.outcome).toBe("SKIPPED");
    expect(r.error).toContain(alive);
    expect(r.error).toMatch(new RegExp(`process ${process.ppid} on this host, running\\), until \\S+Z \\(in (59|60) s`));
    await releaseLease(sql, shop.id, alive);

    // Another host's process cannot be checked from here: it keeps its lease (even with a pid that is free here).
    const remote = "worker@elsewhere.example:999999:deadbeef";
    expect(await acquireLease(sql, shop.id, remote, 60_000)).toBe(true);
    const r2 = await runSync(shop.id, { client: sbx.client(), clock: sbx.clock });
    expect(r2.outcome).toBe("SKIPPED");
    expect(r2.error).toMatch(/worker@elsewhere\.example:999999:deadbeef \(on host elsewhere\.example; it cannot be checked from here\), until/);
    await releaseLease(sql, shop.id, remote);
  }, 60_000);

  it("a SKIPPED result tells the shop's real state: backfill complete, caught up", async () => {
    const shop = shops[1]!;
    const sql = await syncSql();
    const fresh = await runSync(shop.id, { client: sbx.client(), clock: sbx.clock });
    expect(fresh.outcome, fresh.error ?? "").toBe("SUCCESS");
    const other = "worker@elsewhere.example:4242:0badf00d";
    expect(await acquireLease(sql, shop.id, other, 60_000)).toBe(true);
    const r = await runSync(shop.id, { client: sbx.client(), clock: sbx.clock });
    await releaseLease(sql, shop.id, other);
    expect(r.outcome).toBe("SKIPPED");
    // SKIPPED does not mean "nothing is synced": the backfill is complete and the cache current.
    expect(r.backfillComplete).toBe(true);
    expect(r.caughtUp).toBe(true);
  }, 60_000);

  it("an unreachable gateway: the run says why in `error`", async () => {
    const shop = shops[2]!;
    const gatewayUrl = "http://127.0.0.1:1/router/rest";
    const r = await runSync(shop.id, { client: sbx.client({ gatewayUrl }), clock: sbx.clock, sleep: fastSleep });
    expect(r.outcome).not.toBe("SUCCESS");
    expect(r.error).toMatch(/^could not reach the TOP gateway at http:\/\/127\.0\.0\.1:1\/router\/rest: connection refused \(taobao\.[a-z.]+: connect ECONNREFUSED 127\.0\.0\.1:1\)$/);
    const row = await db().syncRun.findUniqueOrThrow({ where: { id: r.runId! } });
    expect(row.lastError).toBe(r.error);
  }, 60_000);

  it("`npm run sync` on a shop whose lease a live process holds: says who, until when, and how to wait; exit code 1", async () => {
    const shop = shops[1]!;
    const sql = await syncSql();
    const alive = `worker@${hostname()}:${process.ppid}:0a1b2c3d`;
    expect(await acquireLease(sql, shop.id, alive, 60_000)).toBe(true);
    try {
      const cli = start(["--shop", shop.id]);
      expect(await cli.exit).toBe(1);
      expect(cli.stderr().trim()).toMatch(
        new RegExp(`^The sync of ${shop.nick} ended SKIPPED: another worker holds the lease: ${alive} \\(process ${process.ppid} on this host, running\\), until \\S+ \\(in \\d+ s, unless it renews it\\): wait for it, or run again with --wait$`),
      );
    } finally {
      await releaseLease(sql, shop.id, alive);
    }
  }, 60_000);
});
