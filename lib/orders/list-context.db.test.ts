/**
 * The filter bar's context (issue 19 item 10): the trade types offered are the ones the viewed
 * shop's cache has (a loose index scan), never another shop's nor the full API list; and a phone
 * look-up that found nothing is an empty view, not the shop's every order (item 6).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { closeSyncSql } from "@/lib/sync/sql";
import type { TopTrade } from "@/lib/top";
import { TRADE_TYPES } from "@/lib/top/types";
import { parseOrderFilters } from "./filters";
import { listContext, listOrders, shopTradeTypes } from "./list";
import { genTrades, newTestShop, testViewer, writeTrades } from "./testing";

const NOW = new Date(Date.UTC(2026, 10, 28, 4, 0, 0));

let shopA: string;
let shopB: string;
let empty: string;

/** genTrades' types are fixed / step / cod; shop B's are rewritten to others so the two shops differ. */
function retype(trades: TopTrade[], types: string[]): TopTrade[] {
  return trades.map((t, i) => ({ ...t, type: types[i % types.length]! }));
}

beforeAll(async () => {
  shopA = await newTestShop();
  shopB = await newTestShop("另一店");
  empty = await newTestShop("空店");
  await writeTrades(shopA, genTrades({ n: 120, seed: 21, end: NOW, days: 20, tidPrefix: "471" }));
  // B: two known types A lacks and a type Taobao may add one day (no filter can name it).
  await writeTrades(shopB, retype(genTrades({ n: 60, seed: 22, end: NOW, days: 20, tidPrefix: "472" }), ["waimai", "tmall_i18n", "brand_new_type"]));
}, 120_000);

afterAll(async () => {
  await closeSyncSql();
  await db().$disconnect();
});

describe(`the filter bar's context on ${inject("databaseProvider")}`, () => {
  it("lists the distinct trade types each shop's cache holds, and no other shop's", async () => {
    expect(await shopTradeTypes(shopA)).toEqual(["cod", "fixed", "step"]);
    expect((await shopTradeTypes(shopB)).sort()).toEqual(["brand_new_type", "tmall_i18n", "waimai"]);
    expect(await shopTradeTypes(empty)).toEqual([]);
  });

  it("offers only known types (the URL takes no other), in the platform's order", async () => {
    const a = await listContext(testViewer(shopA), null);
    expect(a.types).toEqual(TRADE_TYPES.filter((t) => ["fixed", "step", "cod"].includes(t)));
    const b = await listContext(testViewer(shopB), null);
    expect(b.types).toEqual(TRADE_TYPES.filter((t) => t === "waimai" || t === "tmall_i18n"));
    // A viewer of both shops gets the viewed shop's types.
    const both = testViewer(shopA, "OWNER", [{ id: shopB, role: "MANAGER" }]);
    expect((await listContext(both, shopB)).types).toEqual(b.types);
    expect((await listContext(testViewer(empty), null)).types).toEqual([]);
  });

  it("a phone look-up that found nothing is an empty view; with its tids it is those orders", async () => {
    const viewer = testViewer(shopA);
    const none = parseOrderFilters({ phone: "138****5678" }).params;
    const r = await listOrders(viewer, none, { now: NOW });
    expect(r.rows).toEqual([]);
    expect(r.counts.all).toBe(0);
    const some = await listOrders(viewer, parseOrderFilters({ size: "20" }).params, { now: NOW });
    const tids = some.rows.slice(0, 2).map((x) => x.tid);
    const found = await listOrders(viewer, parseOrderFilters({ phone: "138****5678", ids: tids.join(",") }).params, { now: NOW });
    expect(found.rows.map((x) => x.tid).sort()).toEqual([...tids].sort());
  });
});
