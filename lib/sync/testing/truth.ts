/**
 * The reliability tests' proof that the cache equals the platform: `expectCacheEqualsTruth`
 * checks the shallow digest (every trade, in its current status/modified/payment), the deep
 * digest (every field the cache keeps, sandbox/README.md "The deep truth digest"), the rollups,
 * the lines, and that no trade still waits for its detail. A deep mismatch fails with the first
 * differing trades, field by field, so that a failure says what is wrong.
 */
import { expect } from "vitest";
import { db } from "@/lib/db";
import { cacheDigest, DEEP_ORDER_FIELDS, DEEP_TRADE_FIELDS, deepCacheDigest } from "../digest";
import { verifyRollups } from "../rollups";
import { syncSql } from "../sql";
import type { SyncSandbox } from "./sandbox";

type DeepValue = string | null | string[][];

const show = (v: string | null | undefined): string => (v === null ? "(not held: no detail required)" : v === undefined ? "(absent)" : JSON.stringify(v));

/** The differences of one trade's deep lines, field by field (`orders[k].field` for a line's field). */
function tradeDiff(cache: DeepValue[], truth: DeepValue[]): string[] {
  const out: string[] = [];
  const ordersAt = DEEP_TRADE_FIELDS.length;
  DEEP_TRADE_FIELDS.forEach((f, i) => {
    const a = cache[i] as string | null;
    const b = truth[i] as string | null;
    if (a !== b) out.push(`${f}: cache ${show(a)} ≠ platform ${show(b)}`);
  });
  const co = (cache[ordersAt] ?? []) as string[][];
  const to = (truth[ordersAt] ?? []) as string[][];
  if (co.length !== to.length) out.push(`orders: cache has ${co.length} line(s) ≠ platform ${to.length}`);
  for (let k = 0; k < Math.max(co.length, to.length); k++) {
    const a = co[k];
    const b = to[k];
    if (!a || !b) {
      out.push(`orders[${k}]: ${a ? `only in the cache (oid ${a[0]})` : `missing from the cache (oid ${b![0]})`}`);
      continue;
    }
    DEEP_ORDER_FIELDS.forEach((f, i) => {
      if (a[i] !== b[i]) out.push(`orders[${k}] (oid ${b[0]}).${f}: cache ${show(a[i])} ≠ platform ${show(b[i])}`);
    });
  }
  return out;
}

/**
 * Compares the cache's deep lines with the platform's: "" when equal, else a message naming the
 * first `max` differing trades and their differing fields.
 */
export function diffDeepLines(cacheLines: readonly string[], truthLines: readonly string[], max = 5): string {
  const parse = (lines: readonly string[]) => new Map(lines.map((l) => [(JSON.parse(l) as DeepValue[])[0] as string, l]));
  const cache = parse(cacheLines);
  const truth = parse(truthLines);
  const tids = [...new Set([...cache.keys(), ...truth.keys()])].sort();
  const bad: string[] = [];
  let differing = 0;
  for (const tid of tids) {
    const a = cache.get(tid);
    const b = truth.get(tid);
    if (a === b) continue;
    differing++;
    if (bad.length >= max) continue;
    if (a === undefined) bad.push(`  trade ${tid}: missing from the cache`);
    else if (b === undefined) bad.push(`  trade ${tid}: in the cache only (not on the platform)`);
    else bad.push(`  trade ${tid}: ${tradeDiff(JSON.parse(a) as DeepValue[], JSON.parse(b) as DeepValue[]).join("; ")}`);
  }
  if (differing === 0) return "";
  return `the cache differs from the platform in ${differing} of ${truth.size} trade(s) (cache holds ${cache.size}); the first ${bad.length}:\n${bad.join("\n")}`;
}

/**
 * Asserts that the shop's cache equals the platform (the sandbox's truth at its clock):
 * - the shallow digest (`tid|status|modified|payment`) equals the truth;
 * - the deep digest equals the deep truth (on a mismatch: the first ~5 differing trades, field by field);
 * - the rollups equal a direct aggregation (verifyRollups), no oid is stored twice, and the
 *   TradeOrder rows are exactly Σ lineCount;
 * - no trade is left waiting for its detail (detailPending).
 * The sandbox clock must not move while it runs (freeze it first when it runs in real time).
 */
export async function expectCacheEqualsTruth(sbx: SyncSandbox, shopId: string, nick: string): Promise<void> {
  const truth = await sbx.deepTruth(nick);
  const deep = await deepCacheDigest(shopId);
  if (deep.digest !== truth.deep.digest) {
    const [truthLines, cacheLines] = await Promise.all([sbx.deepTruth(nick, { lines: true }), deepCacheDigest(shopId, { lines: true })]);
    const diff = diffDeepLines(cacheLines.lines!, truthLines.deep.lines!);
    expect(deep.digest, `deep digest: ${diff || "the lines are equal but the digests are not (digest rule?)"}`).toBe(truth.deep.digest);
  }
  expect(await cacheDigest(shopId), "shallow digest").toEqual({ nick: truth.nick, trades: truth.trades, digest: truth.digest });
  const sql = await syncSql();
  expect(await verifyRollups(sql, shopId), "rollups = direct aggregation").toEqual([]);
  const [dups] = await sql.all<{ n: number }>(`SELECT COUNT(*) - COUNT(DISTINCT "oid") AS "n" FROM "TradeOrder" WHERE "shopId" = ?`, shopId);
  expect(Number(dups?.n), "oids stored twice").toBe(0);
  const lines = await db().trade.aggregate({ where: { shopId }, _sum: { lineCount: true } });
  expect(await db().tradeOrder.count({ where: { shopId } }), "TradeOrder rows = Σ Trade.lineCount").toBe(lines._sum.lineCount ?? 0);
  // Every trade that needs its detail has it, for its current modified.
  expect(await db().trade.count({ where: { shopId, detailPending: true } }), "trades left with detailPending").toBe(0);
}
