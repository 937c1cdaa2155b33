/**
 * The phone look-up against the sandbox: trades.sold.query with the shop's session, refused for
 * roles without orders.lookupByPhone, audited with the number masked, and a trade the cache
 * lacks is fetched (fullinfo.get) so the list can show it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { runSync } from "@/lib/sync/run";
import { closeSyncSql, syncSql } from "@/lib/sync/sql";
import { startSyncSandbox, type SyncSandbox } from "@/lib/sync/testing/sandbox";
import { parseOrderFilters } from "./filters";
import { listOrders } from "./list";
import { bulkMemo } from "./bulk";
import { lookupByPhone } from "./search";
import { testViewer } from "./testing";

let sbx: SyncSandbox;
let shopId: string;
let userId: string;

beforeAll(async () => {
  sbx = await startSyncSandbox({ seed: 7107, orders: 600, shops: 1, frozen: true });
  shopId = await sbx.connect(sbx.sb.store.accounts[0]!.nick);
  const r = await runSync(shopId, { client: sbx.client(), clock: sbx.clock, config: { windowLagMs: 0 } });
  expect(r.outcome).toBe("SUCCESS");
  userId = (await db().membership.findFirstOrThrow({ where: { shopId } })).userId;
}, 120_000);

afterAll(async () => {
  await sbx?.close();
  await closeSyncSql();
  await db().$disconnect();
});

describe(`look-up by phone on ${inject("databaseProvider")}`, () => {
  it("finds the buyer's trades through Taobao, fetches a missing one, audits a masked number", async () => {
    const nick = sbx.sb.store.accounts[0]!.nick;
    const [recent] = (await sbx.admin<{ trades: { tid: string }[] }>(`/_sandbox/trades?shop=${encodeURIComponent(nick)}&limit=1`)).trades;
    const real = await sbx.admin<{ receiver: { mobile: string } }>(`/_sandbox/trade?shop=${encodeURIComponent(nick)}&tid=${recent!.tid}`);
    const phone = real.receiver.mobile;
    // The cache lacks it (e.g. created after the last sync).
    await db().trade.delete({ where: { tid: recent!.tid } });
    const viewer = { ...testViewer(shopId, "CUSTOMER_SERVICE"), userId };
    const found = await lookupByPhone(viewer, { phone, scene: "1002" }, { client: sbx.client() });
    expect(found.tids).toContain(recent!.tid);
    expect(found.failed).toBe(0);
    expect(await db().trade.count({ where: { tid: recent!.tid, shopId } })).toBe(1);

    const entry = await db().auditLog.findFirstOrThrow({ where: { shopId, action: "order.lookupByPhone" }, orderBy: { createdAt: "desc" } });
    expect(JSON.stringify(entry)).not.toContain(phone);
    expect(entry.targetId).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);

    // The list shows exactly those trades.
    const list = await listOrders(viewer, parseOrderFilters({ ids: found.tids.join(",") }).params);
    expect(list.rows.map((r) => r.tid).sort()).toEqual([...found.tids].sort());
    const sql = await syncSql();
    expect(sql.provider).toBe(inject("databaseProvider"));
  });

  it("refuses roles without orders.lookupByPhone and malformed numbers, without calling Taobao", async () => {
    const manager = { ...testViewer(shopId, "MANAGER"), userId };
    await expect(lookupByPhone(manager, { phone: "13812345678", scene: "1001" }, { client: sbx.client() })).rejects.toMatchObject({ code: "forbidden" });
    const cs = { ...testViewer(shopId, "CUSTOMER_SERVICE"), userId };
    await expect(lookupByPhone(cs, { phone: "1381234567", scene: "1001" }, { client: sbx.client() })).rejects.toMatchObject({ code: "invalidInput" });
  });
});

describe(`bulk flag and memo on ${inject("databaseProvider")}`, () => {
  it("flags and appends a memo per trade through memo.update, with a result per row", async () => {
    const viewer = { ...testViewer(shopId, "CUSTOMER_SERVICE"), userId };
    const rows = await db().trade.findMany({ where: { shopId }, orderBy: { created: "desc" }, take: 4, select: { tid: true } });
    const tids = rows.map((r) => r.tid);
    const flagged = await bulkMemo(viewer, { tids: [...tids, "3999999999999999999"], flag: 1 }, { client: sbx.client() });
    expect(flagged.slice(0, 4).every((r) => r.ok)).toBe(true);
    expect(flagged[4]).toMatchObject({ tid: "3999999999999999999", ok: false, code: "notFound" });
    expect(await db().trade.count({ where: { tid: { in: tids }, sellerFlag: 1 } })).toBe(4);
    // The sandbox clock is frozen: move it so the memo change gets a newer `modified` than the flag change.
    await sbx.advance("1m");
    const memo = await bulkMemo(viewer, { tids: tids.slice(0, 2), memo: "批量备注" }, { client: sbx.client() });
    expect(memo, JSON.stringify(memo)).toHaveLength(2);
    expect(memo.every((r) => r.ok), JSON.stringify(memo)).toBe(true);
    for (const t of await db().trade.findMany({ where: { tid: { in: tids.slice(0, 2) } } })) expect(t.sellerMemo, JSON.stringify({ tid: t.tid, memo: t.sellerMemo, flag: t.sellerFlag, src: t.source })).toContain("批量备注");
    expect(await db().auditLog.count({ where: { shopId, action: "order.flag", targetId: { in: tids } } })).toBeGreaterThanOrEqual(1);
    // The list shows the new flags.
    const list = await listOrders(viewer, parseOrderFilters({ flag: "1", ids: tids.join(",") }).params);
    expect(list.rows.map((r) => r.tid).sort()).toEqual([...tids].sort());
  });
});
