/**
 * The data migration 20261206213500_rollup_sku fills the "sku" rollup for trades cached before the
 * writer kept it: exactly the rows the writer itself writes (lib/sync/rollups.ts), and a second
 * run changes nothing.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { genTrades, newTestShop, writeTrades } from "@/lib/orders/testing";
import { closeSyncSql, syncSql } from "@/lib/sync/sql";

afterAll(async () => {
  await closeSyncSql();
  await db().$disconnect();
});

const provider = inject("databaseProvider");
const MIGRATION = readFileSync(path.join(process.cwd(), "prisma", "migrations", provider, "20261206213500_rollup_sku", "migration.sql"), "utf8");

describe(`the sku rollup migration on ${provider}`, () => {
  it("writes the writer's sku rows for an existing cache, once", async () => {
    const shop = await newTestShop("规格迁移店");
    const trades = genTrades({ n: 80, seed: 71, end: new Date(Date.UTC(2026, 10, 28)), days: 10, tidPrefix: "39" });
    trades.forEach((t, i) => t.orders.forEach((o, k) => (o.skuId = (i + k) % 3 === 0 ? null : `8${(i + k) % 3}`)));
    await writeTrades(shop, trades);
    const read = () => db().rollupDim.findMany({ where: { shopId: shop, dim: "sku" }, orderBy: [{ day: "asc" }, { key: "asc" }], select: { day: true, key: true, trades: true, quantity: true, gmvFen: true } });
    const written = await read();
    expect(written.length).toBeGreaterThan(10);
    expect(written.some((r) => r.key.endsWith(":"))).toBe(true);
    await db().rollupDim.deleteMany({ where: { shopId: shop, dim: "sku" } });
    const sql = await syncSql();
    await sql.run(MIGRATION);
    expect(await read()).toEqual(written);
    await sql.run(MIGRATION);
    expect(await read()).toEqual(written);
  });
});
