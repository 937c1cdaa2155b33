/**
 * Acceptance: a session that expires mid-sync costs exactly one token refresh and the run goes on;
 * a revoked grant (refresh rejected) flags the shop NEEDS_REAUTH, pauses its sync without losing
 * anything stored, and the sync resumes where it stopped once the owner signs in again.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { db } from "@/lib/db";
import { verifyRollups } from "./rollups";
import { runSync } from "./run";
import { closeSyncSql, syncSql } from "./sql";
import { startSyncSandbox, withCallHook, type SyncSandbox } from "./testing/sandbox";
import { expectCacheEqualsTruth } from "./testing/truth";

let sbx: SyncSandbox;

beforeAll(async () => {
  // Access tokens live one hour of sandbox time.
  sbx = await startSyncSandbox({ seed: 6303, orders: 900, shops: 2, frozen: true, tokenTtl: 3_600 });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await sbx?.close();
  await closeSyncSql();
  await db().$disconnect();
});

/** Counts requests to the OAuth token endpoint made by this process (refreshes). */
function countTokenRequests(): () => number {
  const real = globalThis.fetch;
  let n = 0;
  vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(sbx.url) && new URL(url).pathname === "/token") n++;
    return real(input, init);
  });
  return () => n;
}

const config = { windowLagMs: 0, backfillConcurrency: 3, detailConcurrency: 4 };

describe(`sessions during sync on ${inject("databaseProvider")}`, () => {
  it("refreshes an access token that expires mid-sync exactly once and carries on", async () => {
    const nick = sbx.sb.store.accounts[0]!.nick;
    const shopId = await sbx.connect(nick);
    const tokenRequests = countTokenRequests();
    // After 20 calls, two hours pass: the access token (1 h) is now expired for every call made
    // from then on. The jump waits until the calls already signed have been answered (a real
    // clock never jumps under a signed request: those would fail with code 31, bad timestamp),
    // and holds the calls that arrive meanwhile, so they all meet the expired token at once.
    let calls = 0;
    let inFlight = 0;
    let gate: Promise<void> | null = null;
    const base = sbx.client();
    const counted = { ...base, call: async (...a: Parameters<typeof base.call>) => {
      inFlight++;
      try {
        return await base.call(...a);
      } finally {
        inFlight--;
      }
    } };
    const client = withCallHook(counted, async () => {
      calls++;
      if (calls === 20) {
        gate = (async () => {
          // A timer first: calls whose hook already returned enter base.call in a microtask.
          do await new Promise((r) => setTimeout(r, 5));
          while (inFlight > 0);
          await sbx.advance("2h");
        })();
      }
      if (gate) await gate;
    });
    const r = await runSync(shopId, { client, clock: sbx.clock, config });
    vi.restoreAllMocks();
    expect(r.outcome, `${r.error} ${JSON.stringify(r.stats.errors)}`).toBe("SUCCESS");
    expect(r.refreshes).toBe(1);
    expect(tokenRequests()).toBe(1);
    const shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
    expect(shop.status).toBe("ACTIVE");
    expect(shop.tokenRefreshedAt).not.toBeNull();
    await expectCacheEqualsTruth(sbx, shopId, nick);
  }, 60_000);

  it("pauses a shop whose grant was revoked, keeps what it stored, and resumes after re-authorisation", async () => {
    const nick = sbx.sb.store.accounts[1]!.nick;
    const shopId = await sbx.connect(nick);
    let calls = 0;
    const client = withCallHook(sbx.client(), async () => {
      calls++;
      // The seller revokes the app's authorisation in the middle of the backfill.
      if (calls === 30) await sbx.admin("/_sandbox/revoke", { nick });
    });
    const paused = await runSync(shopId, { client, clock: sbx.clock, config });
    expect(paused.outcome).toBe("PAUSED");
    const shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
    expect(shop).toMatchObject({ status: "NEEDS_REAUTH", reauthReason: "refresh-rejected" });
    const state = await db().syncState.findUniqueOrThrow({ where: { shopId } });
    expect(state.phase).toBe("PAUSED");
    expect(state.leaseOwner).toBeNull();
    const stored = await db().trade.count({ where: { shopId } });
    expect(stored).toBeGreaterThan(0);
    expect(state.tradesStored).toBe(stored);
    const run = await db().syncRun.findUniqueOrThrow({ where: { id: paused.runId! } });
    expect(run.outcome).toBe("PAUSED");
    expect(run.lastError).toMatch(/re-authorisation/);

    // While paused, runs do nothing and nothing is lost.
    const skipped = await runSync(shopId, { client: sbx.client(), clock: sbx.clock, config });
    expect(skipped.outcome).toBe("SKIPPED");
    expect(await db().trade.count({ where: { shopId } })).toBe(stored);
    expect(await verifyRollups(await syncSql(), shopId)).toEqual([]);

    // The owner signs in again: the same shop, ACTIVE, and the sync resumes at the day and page it stopped.
    const totalDays = await db().syncBackfillDay.count({ where: { shopId } });
    const pendingDays = totalDays - (await db().syncBackfillDay.count({ where: { shopId, done: true } }));
    expect(pendingDays).toBeGreaterThan(0);
    expect(pendingDays).toBeLessThan(totalDays);
    expect(await sbx.connect(nick)).toBe(shopId);
    const resumed = await runSync(shopId, { client: sbx.client(), clock: sbx.clock, config });
    expect(resumed.outcome, `${resumed.error} ${JSON.stringify(resumed.stats.errors)}`).toBe("SUCCESS");
    // Only the days left were fetched (about one page each for this small shop), not the whole backfill again.
    expect(resumed.stats.pages).toBeLessThanOrEqual(pendingDays + 3);
    await expectCacheEqualsTruth(sbx, shopId, nick);
  }, 60_000);
});
