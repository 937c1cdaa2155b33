/**
 * The run's write queue: batches handed over together share one transaction, each with its own
 * result and progress statements; a failing batch fails alone, and the later batches of its key
 * (a backfill day's pass) are refused so that day's cursor cannot pass the page that failed.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { normalizeTrade, parseLosslessJson } from "@/lib/top";
import { TRADE_LIST_ITEM } from "@/lib/top/testing/fixtures";
import { acquireLease } from "./lease";
import type { FetchedTrade } from "./rows";
import { closeSyncSql, run, syncSql, type SqlDriver } from "./sql";
import { BatchWriter, KeyFailedError } from "./writer";

let sql: SqlDriver;
beforeAll(async () => {
  sql = await syncSql();
});
afterAll(async () => {
  await closeSyncSql();
  await db().$disconnect();
});

let seq = 0;
/** A list trade with a fresh 19-digit tid (the fixture has a buyer message, so it needs a detail). */
function listTrade(): FetchedTrade {
  const tid = String(3_000_000_000_000_000_000n + BigInt(Date.now()) * 1000n + BigInt(seq++));
  const raw = parseLosslessJson(TRADE_LIST_ITEM) as Record<string, unknown> & { orders: { order: Record<string, unknown>[] } };
  raw.tid = tid;
  raw.tid_str = tid;
  raw.orders.order.forEach((o, i) => {
    o.oid = `${i + 4}${tid.slice(1)}`;
    delete o.oid_str;
  });
  return { trade: normalizeTrade(raw), rawJson: JSON.stringify(raw), source: "list" };
}

async function setup(): Promise<{ shopId: string; writer: BatchWriter }> {
  const shop = await db().shop.create({ data: { taobaoUserId: `writer-test-${Date.now()}-${seq++}`, nick: "写入测试店" } });
  expect(await acquireLease(sql, shop.id, "w1", 60_000)).toBe(true);
  return { shopId: shop.id, writer: new BatchWriter(sql, shop.id, "w1", { maxTrades: 1_000, lingerMs: 20 }) };
}

const stored = async (tids: string[]) =>
  Number((await sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Trade" WHERE ${sql.dialect.in(`"tid"`, tids).sql}`, ...sql.dialect.in(`"tid"`, tids).params))[0]!.n);

describe(`the batch writer on ${inject("databaseProvider")}`, () => {
  it("writes the batches handed over together in one transaction, each with its own result", async () => {
    const { writer } = await setup();
    const a = [listTrade(), listTrade()];
    const b = [listTrade()];
    const [ra, rb] = await Promise.all([writer.store(a), writer.store(b)]);
    expect(writer.transactions).toBe(1);
    expect(ra.inserted).toBe(2);
    expect(rb.inserted).toBe(1);
    // The fixture has a buyer message: both trades wait for their detail, reported with their modified.
    expect(ra.pendingDetail.map((p) => p.tid)).toEqual(a.map((f) => f.trade.tid));
    expect(ra.pendingDetail[0]!.modified).toBe(a[0]!.trade.modified.getTime());
    expect(await stored([...a, ...b].map((f) => f.trade.tid))).toBe(3);
  });

  it("an urgent batch does not wait for company", async () => {
    const { shopId } = await setup();
    const slow = new BatchWriter(sql, shopId, "w1", { maxTrades: 1_000, lingerMs: 60_000 });
    const t0 = Date.now();
    await slow.store([listTrade()], undefined, { urgent: true });
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it("fails only the batch that cannot be written, and refuses the later batches of its key", async () => {
    const { writer } = await setup();
    const ok1 = [listTrade()];
    const bad = [listTrade()];
    const sameKey = [listTrade()];
    const other = [listTrade()];
    const results = await Promise.allSettled([
      writer.store(ok1, undefined, { key: "day-a" }),
      writer.store(bad, () => [run(`UPDATE "NoSuchTable" SET "x" = 1`)], { key: "day-b" }),
      writer.store(sameKey, undefined, { key: "day-b" }),
      writer.store(other, undefined, { key: "day-c" }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(KeyFailedError);
    expect(await stored(ok1.map((f) => f.trade.tid))).toBe(1);
    expect(await stored(other.map((f) => f.trade.tid))).toBe(1);
    // The failed batch rolled back with its statements; the refused one was never written.
    expect(await stored([...bad, ...sameKey].map((f) => f.trade.tid))).toBe(0);
    // Later batches of that key stay refused.
    await expect(writer.store([listTrade()], undefined, { key: "day-b" })).rejects.toBeInstanceOf(KeyFailedError);
  });

  it("is fenced by the lease: a writer whose lease was taken writes nothing", async () => {
    const { shopId } = await setup();
    const stranger = new BatchWriter(sql, shopId, "someone-else", { maxTrades: 1_000, lingerMs: 0 });
    const t = [listTrade()];
    await expect(stranger.store(t)).rejects.toThrow(/lease/i);
    expect(await stored(t.map((f) => f.trade.tid))).toBe(0);
  });
});
