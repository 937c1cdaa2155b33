/**
 * The deep digest catches what the shallow one cannot (issue 17): after a clean sync, a buyer
 * message lost from the cache (NULL, as when a detail fetch is given up), a line's refund status
 * or a waybill changed behind the sync's back leave the shallow digest, the rollups and the
 * detail queue all green — the deep digest differs, and the test helper names the trade and
 * the field. Also: the cache's deep lines equal the sandbox's line for line, and cacheHoles
 * reports the cache's known holes (pending details, backfill gaps).
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { cacheDigest, cacheHoles, deepCacheDigest } from "./digest";
import { verifyRollups } from "./rollups";
import { runSync } from "./run";
import { closeSyncSql, syncSql } from "./sql";
import { startSyncSandbox, type SyncSandbox } from "./testing/sandbox";
import { expectCacheEqualsTruth } from "./testing/truth";

let sbx: SyncSandbox;
let nick: string;
let shopId: string;

beforeAll(async () => {
  sbx = await startSyncSandbox({ seed: 6505, orders: 400, shops: 1, frozen: true });
  nick = sbx.sb.store.accounts[0]!.nick;
  shopId = await sbx.connect(nick);
  const r = await runSync(shopId, { client: sbx.client(), clock: sbx.clock, config: { windowLagMs: 0 } });
  expect(r.outcome, `${r.error} ${JSON.stringify(r.stats.errors)}`).toBe("SUCCESS");
});

afterAll(async () => {
  await sbx?.close();
  await closeSyncSql();
  await db().$disconnect();
});

/** What the reliability tests checked before the deep digest: all of it stays green after a silent loss. */
async function shallowChecksPass(): Promise<void> {
  expect(await cacheDigest(shopId)).toEqual(await sbx.truth(nick));
  expect(await verifyRollups(await syncSql(), shopId)).toEqual([]);
  expect(await db().trade.count({ where: { shopId, detailPending: true } })).toBe(0);
}

/** The helper's failure message (it must fail). */
async function helperFailure(): Promise<string> {
  try {
    await expectCacheEqualsTruth(sbx, shopId, nick);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error("expectCacheEqualsTruth passed on a corrupted cache");
}

describe(`the deep digest on ${inject("databaseProvider")}`, () => {
  it("after a clean sync: the cache's deep lines are the sandbox's, and the helper passes", async () => {
    await expectCacheEqualsTruth(sbx, shopId, nick);
    const truth = await sbx.deepTruth(nick, { lines: true });
    const cache = await deepCacheDigest(shopId, { lines: true });
    expect(cache.lines).toEqual(truth.deep.lines);
    expect(cache.trades).toBe(truth.trades);
    // Streaming (no lines kept) and collecting give the same digest, the documented one.
    expect(await deepCacheDigest(shopId)).toEqual({ trades: truth.trades, digest: truth.deep.digest });
    expect(createHash("sha256").update(cache.lines!.join("\n"), "utf8").digest("hex")).toBe(truth.deep.digest);
    expect(await cacheHoles(shopId)).toEqual({ detailMissing: 0, backfill: { complete: true, gaps: [] } });
  });

  it("npm run db:digest -- --deep --lines prints the truth, the deep lines and no hole", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/digest.ts", "--shop", shopId, "--deep", "--lines"], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: inject("databaseUrl"), LOG_LEVEL: "silent" },
      maxBuffer: 64 * 1024 * 1024,
    });
    const truth = await sbx.deepTruth(nick, { lines: true });
    expect(JSON.parse(stdout.trim())).toEqual({ ...truth, detailMissing: 0, backfill: { complete: true, gaps: [] } });
  }, 60_000);

  it("catches a buyer message lost from the cache, which the shallow checks miss", async () => {
    const sql = await syncSql();
    const t = await db().trade.findFirstOrThrow({ where: { shopId, hasBuyerMessage: true, buyerMessage: { not: null } }, orderBy: { tid: "asc" } });
    await sql.run(`UPDATE "Trade" SET "buyerMessage" = NULL WHERE "tid" = ?`, t.tid);
    await shallowChecksPass();
    expect((await deepCacheDigest(shopId)).digest).not.toBe((await sbx.deepTruth(nick)).deep.digest);
    const msg = await helperFailure();
    expect(msg).toContain(`trade ${t.tid}: buyer_message: cache "" ≠ platform ${JSON.stringify(t.buyerMessage)}`);
    expect(msg).toContain("differs from the platform in 1 of");
    await sql.run(`UPDATE "Trade" SET "buyerMessage" = ? WHERE "tid" = ?`, t.buyerMessage, t.tid);
    await expectCacheEqualsTruth(sbx, shopId, nick);
  });

  it("catches a line's refund status and a waybill changed behind the sync's back", async () => {
    const sql = await syncSql();
    const line = await db().tradeOrder.findFirstOrThrow({ where: { shopId, refundStatus: "NO_REFUND", position: 0 }, orderBy: { oid: "asc" } });
    await sql.run(`UPDATE "TradeOrder" SET "refundStatus" = 'CLOSED' WHERE "oid" = ?`, line.oid);
    const shipped = await db().tradeOrder.findFirstOrThrow({ where: { shopId, invoiceNo: { not: null }, tid: { not: line.tid } }, orderBy: { oid: "desc" } });
    await sql.run(`UPDATE "TradeOrder" SET "invoiceNo" = ? WHERE "oid" = ?`, `${shipped.invoiceNo}9`, shipped.oid);
    await shallowChecksPass();
    const msg = await helperFailure();
    expect(msg).toContain("differs from the platform in 2 of");
    expect(msg).toContain(`trade ${line.tid}: orders[0] (oid ${line.oid}).refund_status: cache "CLOSED" ≠ platform "NO_REFUND"`);
    expect(msg).toContain(`trade ${shipped.tid}: orders[${shipped.position}] (oid ${shipped.oid}).invoice_no: cache ${JSON.stringify(`${shipped.invoiceNo}9`)} ≠ platform ${JSON.stringify(shipped.invoiceNo)}`);
    await sql.run(`UPDATE "TradeOrder" SET "refundStatus" = 'NO_REFUND' WHERE "oid" = ?`, line.oid);
    await sql.run(`UPDATE "TradeOrder" SET "invoiceNo" = ? WHERE "oid" = ?`, shipped.invoiceNo, shipped.oid);
    await expectCacheEqualsTruth(sbx, shopId, nick);
  });

  it("reports the cache's known holes: pending details and backfill gaps", async () => {
    const sql = await syncSql();
    const [a, b] = await db().trade.findMany({ where: { shopId }, orderBy: { tid: "asc" }, take: 2, select: { tid: true } });
    await db().trade.updateMany({ where: { tid: { in: [a!.tid, b!.tid] } }, data: { detailPending: true } });
    const days = await db().syncBackfillDay.findMany({ where: { shopId }, orderBy: { day: "asc" }, take: 2 });
    await db().syncBackfillDay.update({ where: { shopId_day: { shopId, day: days[1]!.day } }, data: { gap: true, done: false, lastError: "left the three-month window at page 3" } });
    await db().syncBackfillDay.update({ where: { shopId_day: { shopId, day: days[0]!.day } }, data: { gap: true, done: false, lastError: null } });
    expect(await cacheHoles(shopId)).toEqual({
      detailMissing: 2,
      backfill: { complete: false, gaps: [{ day: days[0]!.day, reason: null }, { day: days[1]!.day, reason: "left the three-month window at page 3" }] },
    });
    // Pending details fail the helper too (the deep lines themselves are still equal here).
    await expect(expectCacheEqualsTruth(sbx, shopId, nick)).rejects.toThrow(/trades left with detailPending/);
    await sql.run(`UPDATE "SyncBackfillDay" SET "gap" = ? WHERE "shopId" = ?`, false, shopId);
    await sql.run(`UPDATE "SyncState" SET "backfillDoneAt" = NULL WHERE "shopId" = ?`, shopId);
    expect((await cacheHoles(shopId)).backfill).toEqual({ complete: false, gaps: [] });
  });
});
