/**
 * Trade.refundMask, the set of a trade's line refund statuses behind the orders list's refund
 * filter: the writer keeps it on every write, and the migration that added the column computes the
 * same value from the stored lines (run here against trades whose mask was wiped).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { genTrades, newTestShop, writeTrades } from "@/lib/orders/testing";
import { closeSyncSql, syncSql } from "@/lib/sync/sql";
import type { TopTrade } from "@/lib/top";

const provider = inject("databaseProvider");

// Written out rather than imported from rows.ts: the stored values must never change.
const BIT: Record<string, number> = { NO_REFUND: 1, WAIT_SELLER_AGREE: 2, WAIT_BUYER_RETURN_GOODS: 4, WAIT_SELLER_CONFIRM_GOODS: 8, SELLER_REFUSE_BUYER: 16, CLOSED: 32, SUCCESS: 64 };
const expected = (t: TopTrade) => [...new Set(t.orders.map((o) => o.refundStatus))].reduce((m, s) => m + (BIT[s] ?? 0), 0);

let shopId: string;
let trades: TopTrade[];

beforeAll(async () => {
  shopId = await newTestShop("退款掩码店");
  trades = genTrades({ n: 300, seed: 41, end: new Date(Date.UTC(2026, 10, 28)), days: 30, tidPrefix: "41" });
  // Some trades with two lines in different refund states, and one whose lines all refunded.
  trades[0]!.orders = [{ ...trades[0]!.orders[0]!, refundStatus: "SUCCESS" }, { ...trades[0]!.orders[0]!, oid: `${trades[0]!.tid}9`, refundStatus: "WAIT_BUYER_RETURN_GOODS" }];
  trades[1]!.orders = trades[1]!.orders.map((o) => ({ ...o, refundStatus: "CLOSED" }));
  await writeTrades(shopId, trades);
}, 60_000);

afterAll(async () => {
  await closeSyncSql();
  await db().$disconnect();
});

async function stored(): Promise<Map<string, number>> {
  const sql = await syncSql();
  const rows = await sql.all<{ tid: string; refundMask: number }>(`SELECT "tid", "refundMask" FROM "Trade" WHERE "shopId" = ?`, shopId);
  return new Map(rows.map((r) => [r.tid, Number(r.refundMask)]));
}

describe(`Trade.refundMask on ${provider}`, () => {
  it("is the set of the lines' refund statuses after every write", async () => {
    const masks = await stored();
    for (const t of trades) expect(masks.get(t.tid), t.tid).toBe(expected(t));
    expect(masks.get(trades[0]!.tid)).toBe(64 + 4);
    expect(new Set(masks.values()).size).toBeGreaterThan(3);
    // A refund that completes later rewrites the mask.
    const later = { ...trades[2]!, modified: new Date(trades[2]!.modified.getTime() + 60_000), orders: trades[2]!.orders.map((o) => ({ ...o, refundStatus: "SUCCESS" as const })) };
    await writeTrades(shopId, [later]);
    expect((await stored()).get(later.tid)).toBe(64);
    trades[2] = later;
  });

  it("is what the migration that added it computes from the stored lines", async () => {
    const dir = path.join("prisma/migrations", provider);
    const folder = readdirSync(dir).find((f) => f.endsWith("_orders_refund_mask"));
    expect(folder).toBeDefined();
    const migration = readFileSync(path.join(dir, folder!, "migration.sql"), "utf8");
    const update = /UPDATE "Trade"[\s\S]*?;/.exec(migration.replace(/^--.*$/gm, ""))?.[0];
    expect(update).toBeDefined();
    const sql = await syncSql();
    await sql.run(`UPDATE "Trade" SET "refundMask" = 1 WHERE "shopId" = ?`, shopId);
    await sql.run(update!);
    const masks = await stored();
    for (const t of trades) expect(masks.get(t.tid), t.tid).toBe(expected(t));
  });
});
