/**
 * Issue 18, item 7, on both databases: whatever the URL holds, /orders and its export answer with
 * a notice, never a database error. A NUL byte in the search crashed SQLite's FTS5 query and is
 * refused by PostgreSQL in any text; lone surrogates cannot be searched either. Property: every
 * view parseOrderFilters accepts runs as a list query and as an export.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { closeSyncSql } from "@/lib/sync/sql";
import { REFUND_STATUSES, SHIPPING_TYPES, TRADE_TYPES } from "@/lib/top/types";
import { rawParams } from "@/test/fuzz";
import { exportOrders } from "./export";
import { ORDER_DATE_FIELDS, ORDER_RANGES, ORDER_SORTS, parseOrderFilters } from "./filters";
import { listOrders } from "./list";
import { ORDER_TABS } from "./status";
import { genTrades, newTestShop, TEST_PROVINCES, TEST_TITLES, testViewer, writeTrades } from "./testing";

const NOW = new Date(Date.UTC(2026, 10, 28, 4, 0, 0));
let shop: string;
let tids: string[];
let userId: string;
const viewerOf = () => ({ ...testViewer(shop), userId });

beforeAll(async () => {
  shop = await newTestShop("坏输入测试店");
  const trades = genTrades({ n: 120, seed: 18, end: NOW, days: 20, tidPrefix: "38" });
  tids = trades.map((t) => t.tid);
  userId = (await db().user.create({ data: { taobaoUserId: `bad-input-${Date.now()}`, nick: "店主" } })).id;
  await writeTrades(shop, trades);
}, 120_000);

afterAll(async () => {
  await closeSyncSql();
  await db().$disconnect();
});

async function drain(stream: ReadableStream<Uint8Array> | NodeJS.ReadableStream): Promise<number> {
  let n = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) n += chunk.length;
  return n;
}

describe(`bad URL input on the orders list on ${inject("databaseProvider")}`, () => {
  it("a NUL byte or a lone surrogate in the search is dropped with a notice; the list and the export still answer", async () => {
    const viewer = viewerOf();
    for (const [q, notice] of [["abc\u0000def", "qChars"], ["梳子\u0000", "qChars"], ["abc\u001fdef", "qChars"], ["\u0000", "qChars"]] as const) {
      const { params, notices } = parseOrderFilters({ q }, [shop]);
      expect(notices, JSON.stringify(q)).toEqual([notice]);
      expect(params.q).toBe("");
      const r = await listOrders(viewer, params, { now: NOW });
      expect(r.total).toBeGreaterThan(0);
    }
    const { params, notices } = parseOrderFilters({ prov: "浙江\u0000省" }, [shop]);
    expect(notices).toEqual(["provChars"]);
    expect((await listOrders(viewer, params, { now: NOW })).total).toBeGreaterThan(0);
    // Tabs, newlines and emoji are text like any other; a lone surrogate never reaches a query.
    expect(parseOrderFilters({ q: "梳子\t😀" }, [shop]).notices).toEqual([]);
    const lone = parseOrderFilters({ q: "\ud800abc" }, [shop]).params;
    expect(lone.q).not.toMatch(/[\ud800-\udfff]/);
    await listOrders(viewer, lone, { now: NOW });
  });

  it("property: every view the URL parser accepts runs as a list query and as an export", async () => {
    const viewer = viewerOf();
    // 30 exports in a few seconds are over the default hourly export limit (lib/auth/limits.ts): the owner's override lifts it here.
    await db().shop.update({ where: { id: shop }, data: { rateLimits: { actions: { export: { user: 10_000, shop: 10_000 } } } } });
    const fields = {
      tab: ORDER_TABS,
      q: ["梳子", "木梳", "t**", "3800000000000000001", "YT1234567890", "绿檀", "a"],
      df: ORDER_DATE_FIELDS,
      range: ORDER_RANGES,
      from: ["2026-11-01", "2026-11-20"],
      to: ["2026-11-28", "2026-11-10"],
      refund: REFUND_STATUSES,
      flag: ["0", "1", "5"],
      msg: ["true", "false"],
      type: TRADE_TYPES,
      ship: SHIPPING_TYPES,
      prov: TEST_PROVINCES,
      min: ["0", "99.9", "100"],
      max: ["300", "0.01"],
      shop: [shop],
      ids: [tids.slice(0, 3).join(",")],
      phone: ["138****5678"],
      sort: ORDER_SORTS,
      dir: ["asc", "desc"],
      page: ["1", "2", "999"],
      size: ["20", "50", "100"],
    };
    await fc.assert(
      fc.asyncProperty(rawParams(fields), async (raw) => {
        const { params } = parseOrderFilters(raw, [shop]);
        await listOrders(viewer, params, { now: NOW });
      }),
      { numRuns: 150, seed: 18_07 },
    );
    await fc.assert(
      fc.asyncProperty(rawParams({ q: [...fields.q, TEST_TITLES[0]!], prov: TEST_PROVINCES, range: ORDER_RANGES, from: fields.from }), async (raw) => {
        const { params } = parseOrderFilters(raw, [shop]);
        const r = await exportOrders(viewer, params, { format: "csv", per: "trade", locale: "zh-CN", now: NOW });
        expect(await drain(r.stream)).toBeGreaterThan(0);
      }),
      { numRuns: 30, seed: 18_07 },
    );
  });
});
