/**
 * "Select all matching" against the sandbox: the count the bar states equals the filter's set in
 * the cache; a flag run walks that set chunk by chunk (resolved from the filter on the server) and
 * changes exactly those trades on Taobao and in the cache, audited once per order; the cap refuses
 * a bigger set before anything is sent; permissions and the shop are checked on every chunk.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";

// Every role may edit memos; to prove the check happens on each chunk, a test can revoke it.
const deny = vi.hoisted(() => ({ memo: false }));
vi.mock("@/lib/auth/permissions", async (real) => (await import("@/lib/auth/testing/deny-permission")).permissionsDenying(await real(), () => (deny.memo ? "orders.memo" : null)));

const { db } = await import("@/lib/db");
const { closeSyncSql } = await import("@/lib/sync/sql");
const { AppError } = await import("@/lib/auth/errors");
const { statusesOfGroup } = await import("./status");
const { startDetailSandbox } = await import("./detail-testing");
const { BULK_ALL_CHUNK, BULK_ALL_MAX, bulkAllInput, bulkMemoAll, countMatching } = await import("./bulk-all");

let ds: Awaited<ReturnType<typeof startDetailSandbox>>;
let cached: string[] = [];

beforeAll(async () => {
  ds = await startDetailSandbox({ seed: 7301, orders: 300 });
  // More than one chunk of the shop's trades in the cache.
  cached = await ds.cacheTrades({ limit: BULK_ALL_CHUNK + 4 });
}, 120_000);
afterAll(async () => {
  await ds?.close();
  await closeSyncSql();
  await db().$disconnect();
});

const recording = () => ds.recording();
const refused = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(AppError.is(e), String(e)).toBe(true);
  return e as InstanceType<typeof AppError>;
};
const shopTids = async (where: Record<string, unknown> = {}) => (await db().trade.findMany({ where: { shopId: ds.shopId, ...where }, select: { tid: true } })).map((t) => t.tid).sort();

/** Runs every chunk of an all-matching flag run, as the dialog does. */
async function runAll(viewer: typeof ds.owner, query: string, flag: number, client = ds.client) {
  const rows = [];
  let after: { created: number; tid: string } | null = null;
  let chunks = 0;
  do {
    const r = await bulkMemoAll(viewer, bulkAllInput.parse({ query, after, flag }), { deps: { client } });
    rows.push(...r.rows);
    after = r.next;
    chunks++;
  } while (after && chunks < 100);
  return { rows, chunks };
}

describe(`select all matching on ${inject("databaseProvider")}`, () => {
  it("states the count of the filter's set against both caps", async () => {
    const all = await shopTids();
    expect(all.length).toBeGreaterThan(BULK_ALL_CHUNK);
    const c = await countMatching(ds.cs, { query: "" });
    expect(c.memo).toEqual({ total: all.length, over: false, limit: BULK_ALL_MAX });
    expect(c.export).toMatchObject({ total: all.length, over: false });
    const waitShip = await shopTids({ status: { in: [...statusesOfGroup("waitShip")] } });
    expect((await countMatching(ds.cs, { query: "tab=waitShip&page=3" })).memo.total).toBe(waitShip.length);
  });

  it("flags every matching order, chunk by chunk from the filter, each audited once; nothing outside the filter changes", async () => {
    const all = await shopTids();
    const before = new Map((await db().trade.findMany({ where: { shopId: ds.shopId } })).map((t) => [t.tid, t.sellerFlag]));
    const otherShopBefore = await db().trade.findMany({ where: { shopId: ds.otherOwner.shopId }, select: { tid: true, sellerFlag: true }, orderBy: { tid: "asc" } });
    const { rows, chunks } = await runAll(ds.manager, "sort=payment&dir=asc", 5);
    expect(chunks).toBe(Math.ceil(all.length / BULK_ALL_CHUNK));
    expect(rows.map((r) => r.tid).sort()).toEqual(all);
    expect(rows.every((r) => r.ok)).toBe(true);
    for (const tid of cached) expect((await ds.truth(tid)).seller_flag, tid).toBe(5);
    const after = await db().trade.findMany({ where: { shopId: ds.shopId } });
    expect(after.every((t) => t.sellerFlag === 5)).toBe(true);
    // One order.flag entry per order whose flag changed, by the manager.
    const audits = await db().auditLog.findMany({ where: { shopId: ds.shopId, action: "order.flag", actorId: ds.manager.userId } });
    const changed = all.filter((tid) => before.get(tid) !== 5);
    expect(audits.map((a) => a.targetId).sort()).toEqual(changed);
    expect(await db().trade.findMany({ where: { shopId: ds.otherOwner.shopId }, select: { tid: true, sellerFlag: true }, orderBy: { tid: "asc" } })).toEqual(otherShopBefore);
  });

  it("a run whose change takes orders out of its own filter (flag=5 → flag 3) still reaches every one of them", async () => {
    const all = await shopTids({ sellerFlag: 5 });
    expect(all.length).toBeGreaterThan(BULK_ALL_CHUNK);
    const { rows } = await runAll(ds.owner, "flag=5", 3);
    expect(rows.map((r) => r.tid).sort()).toEqual(all);
    expect(await shopTids({ sellerFlag: 5 })).toEqual([]);
    expect((await countMatching(ds.owner, { query: "flag=3" })).memo.total).toBe(all.length);
  });

  it("a set over the cap is refused with the cap stated, before anything is sent to Taobao", async () => {
    const rec = recording();
    const e = await refused(bulkMemoAll(ds.owner, bulkAllInput.parse({ query: "", flag: 2 }), { deps: { client: rec.client }, max: BULK_ALL_CHUNK }));
    expect(e.code).toBe("invalidInput");
    expect(e.fields?.all).toEqual(["orderViews.bulkAll.tooMany"]);
    expect(e.values).toEqual({ max: BULK_ALL_CHUNK });
    expect(rec.calls).toEqual([]);
  });

  it("re-checks the permission and the shop on every chunk; another shop's owner reaches none of these trades", async () => {
    const rec = recording();
    deny.memo = true;
    try {
      expect((await refused(bulkMemoAll(ds.cs, bulkAllInput.parse({ query: "", flag: 1 }), { deps: { client: rec.client } }))).code).toBe("forbidden");
    } finally {
      deny.memo = false;
    }
    // A shop the viewer is not in is a bad filter; the other shop's own run sees only its own cache.
    expect((await refused(bulkMemoAll(ds.otherOwner, bulkAllInput.parse({ query: `shop=${ds.shopId}`, flag: 1 }), { deps: { client: rec.client } }))).code).toBe("invalidInput");
    expect((await refused(countMatching(ds.otherOwner, { query: `shop=${ds.shopId}` }))).code).toBe("invalidInput");
    // A member of both shops runs bulk changes in the active one only (memo.update uses its session).
    const both = { ...ds.owner, shops: [...ds.owner.shops, { id: ds.otherOwner.shopId, nick: ds.otherOwner.shopNick, role: "OWNER" as const }] };
    expect((await refused(bulkMemoAll(both, bulkAllInput.parse({ query: `shop=${ds.otherOwner.shopId}`, flag: 1 }), { deps: { client: rec.client } }))).fields?.shop).toEqual(["orderViews.bulkAll.otherShop"]);
    const other = await bulkMemoAll(ds.otherOwner, bulkAllInput.parse({ query: "", flag: 1 }), { deps: { client: rec.client } });
    expect(other.rows.filter((r) => cached.includes(r.tid))).toEqual([]);
    expect(rec.calls.filter((m) => m.includes("memo"))).toEqual([]);
    // Input: a malformed cursor or nothing to do is refused by the schema.
    expect(bulkAllInput.safeParse({ query: "", after: { created: 1, tid: "x; DROP" }, flag: 1 }).success).toBe(false);
    expect(bulkAllInput.safeParse({ query: "" }).success).toBe(false);
  });
});
