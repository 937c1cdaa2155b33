/**
 * An export with full receivers, against the sandbox on both databases: names, mobiles and streets
 * come from oaid.decrypt (each field with its own scene, as 查看 asks), the export takes three
 * reveals per order from the account's allowance all at once before anything is written, is
 * audited with the row count and the reveals, and an export over the allowance is refused whole.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { updateShopLimits, shopLimits } from "@/lib/auth/limits";
import { closeSyncSql } from "@/lib/sync/sql";
import { withCallHook } from "@/lib/sync/testing/sandbox";
import { csvText, excelReads, parseCsv } from "@/test/csv";
import { startDetailSandbox, type DetailSandbox } from "./detail-testing";
import { exportOrders } from "./export";
import { parseOrderFilters } from "./filters";

let ds: DetailSandbox;
let tids: string[] = [];

beforeAll(async () => {
  ds = await startDetailSandbox({ seed: 7131, orders: 200 });
  tids = await ds.cacheTrades({ limit: 4 });
}, 120_000);
afterAll(async () => {
  await ds?.close();
  await closeSyncSql();
  await db().$disconnect();
});


const reveals = () => db().rateLimitEvent.count({ where: { userId: ds.owner.userId, action: "reveal" } });
const setRevealLimit = async (user: number) => {
  const cur = await shopLimits(ds.shopId);
  await updateShopLimits(ds.owner, { actions: { ...cur.actions, reveal: { user, shop: 300 } }, exportMaxRows: cur.exportMaxRows });
};

describe(`export with full receivers on ${inject("databaseProvider")}`, () => {
  it("the owner gets each order's real name, mobile and street (one scene per field), taking 3 reveals an order, audited", async () => {
    const calls: { method: string; params: Record<string, unknown> }[] = [];
    const client = withCallHook(ds.client, (method, _n, params) => void calls.push({ method, params: { ...params } }));
    const view = parseOrderFilters({ ids: tids.join(",") }).params;
    const before = await reveals();
    const r = await exportOrders(ds.owner, view, { format: "csv", per: "trade", locale: "zh-CN", receiver: "full", deps: { client } });
    const [header, ...body] = parseCsv(await csvText(r.stream));
    expect(body).toHaveLength(tids.length);
    expect(await reveals()).toBe(before + 3 * tids.length);
    const col = (name: string) => header!.indexOf(name);
    for (const row of body) {
      const tid = excelReads(row[0]!).text;
      const truth = await ds.truth(tid);
      expect([row[col("收件人")], excelReads(row[col("收件人手机")]!).text], tid).toEqual([truth.receiver.name, truth.receiver.mobile]);
      // The street as Taobao holds it (the region is in its own columns), never masked.
      expect(row[col("详细地址")]!.endsWith(String(truth.receiver.address))).toBe(true);
      expect(row[col("详细地址")]).not.toContain("**");
    }
    const decrypts = calls.filter((c) => c.method === "taobao.top.oaid.decrypt");
    expect(decrypts.length).toBeGreaterThan(0);
    const scenes = decrypts.flatMap((c) => (typeof c.params.query_list === "string" ? JSON.parse(c.params.query_list) : c.params.query_list) as { scene: string }[]).map((q) => q.scene);
    expect(new Set(scenes)).toEqual(new Set(["1008", "1009", "2001"]));
    expect(scenes).toHaveLength(3 * tids.length);
    const entry = await db().auditLog.findFirstOrThrow({ where: { shopId: ds.shopId, action: "orders.export" }, orderBy: { createdAt: "desc" } });
    expect(entry.newValue).toMatchObject({ receiver: "full", rows: tids.length, reveals: 3 * tids.length });
    // The audit names counts, never a value.
    expect(JSON.stringify(entry.newValue)).not.toContain((await ds.truth(tids[0]!)).receiver.mobile);
  });

  it("an export over the hour's whole allowance is refused as such; one over what is left is refused with when it frees up; neither takes any", async () => {
    const view = parseOrderFilters({ ids: tids.join(",") }).params;
    try {
      // 4 orders = 12 reveals: more than an allowance of 11 could ever grant.
      await setRevealLimit(11);
      const before = await reveals();
      const tooMany = await exportOrders(ds.owner, view, { format: "csv", per: "trade", locale: "zh-CN", receiver: "full" }).then(() => null, (x: unknown) => x);
      expect(tooMany).toMatchObject({ code: "invalidInput", fields: { receiver: ["orders.export.receiverTooMany"] }, values: { max: 3 } });
      // The previous test took 12 within the hour: 12 more do not fit under 20.
      await setRevealLimit(20);
      const limited = await exportOrders(ds.owner, view, { format: "csv", per: "trade", locale: "zh-CN", receiver: "full" }).then(() => null, (x: unknown) => x);
      expect(limited).toMatchObject({ code: "rateLimited", values: { action: "reveal", scope: "user", limit: 20 } });
      expect(await reveals()).toBe(before);
      // Masked needs no reveal and still works.
      const masked = await exportOrders(ds.owner, view, { format: "csv", per: "trade", locale: "zh-CN", receiver: "masked" });
      expect(parseCsv(await csvText(masked.stream))).toHaveLength(tids.length + 1);
      expect(await reveals()).toBe(before);
    } finally {
      await setRevealLimit(60);
    }
  });
});
