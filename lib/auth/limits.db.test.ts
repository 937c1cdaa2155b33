/**
 * Limits on sensitive actions (issue 18 item 5), on a real database: a sliding hour per user and
 * per shop in RateLimitEvent rows, holding across app instances (two drivers at once); the
 * data-access functions (reveal, phone look-up, refresh, export) refuse past a limit for every role
 * before Taobao is called, with a translated message that says when the limit frees up, audited as
 * limit.hit; the owner's overrides; exports one at a time per user and capped in rows; and the
 * audit page's alert on unusual volumes.
 */
import { createTranslator } from "next-intl";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { parseDatabaseUrl } from "@/lib/db/url";
import zh from "@/lib/i18n/messages/zh-CN.json";
import en from "@/lib/i18n/messages/en.json";
import { exportOrders } from "@/lib/orders/export";
import { parseOrderFilters } from "@/lib/orders/filters";
import { startDetailSandbox, type DetailSandbox } from "@/lib/orders/detail-testing";
import { genTrades, writeTrades } from "@/lib/orders/testing";
import { ensureOrderDetail, refreshOrder } from "@/lib/orders/refresh";
import { revealReceiver } from "@/lib/orders/reveal";
import { lookupByPhone } from "@/lib/orders/search";
import { closeSyncSql, createSqlDriver } from "@/lib/sync/sql";
import { AppError } from "./errors";
import { limitAlerts } from "./limit-alerts";
import { consumeLimit, DEFAULT_LIMITS, effectiveLimits, LIMIT_WINDOW_MS, shopLimits, updateShopLimits, type LimitActor, type LimitedAction } from "./limits";

let ds: DetailSandbox;
let tids: string[] = [];

beforeAll(async () => {
  ds = await startDetailSandbox({ seed: 7118, orders: 300 });
  tids = await ds.cacheTrades({ limit: 12 });
}, 120_000);
afterAll(async () => {
  await ds?.close();
  await closeSyncSql();
  await db().$disconnect();
});

const recording = () => ds.recording();
const failureOf = async (p: Promise<unknown>): Promise<AppError> => {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
};
/** The owner sets one action's limits (the form's whole object, as the settings page sends it). */
const setLimits = async (changes: Partial<Record<LimitedAction, { user: number; shop: number }>>, exportMaxRows?: number) => {
  const cur = await shopLimits(ds.shopId);
  await updateShopLimits(ds.owner, { actions: { ...cur.actions, ...changes }, exportMaxRows: exportMaxRows ?? cur.exportMaxRows });
};
const clearEvents = async () => {
  await db().rateLimitEvent.deleteMany({ where: { shopId: ds.shopId } });
};
async function user(nick: string): Promise<LimitActor> {
  const u = await db().user.create({ data: { taobaoUserId: `limits-${nick}-${Math.random()}`, nick } });
  return { shopId: ds.shopId, userId: u.id, nick };
}
const T0 = new Date("2030-01-01T02:00:00Z"); // 10:00 in Shanghai

describe(`limits on ${inject("databaseProvider")}`, () => {
  it("a sliding hour per user and per shop: refused past either, saying when it frees up, audited once", async () => {
    await setLimits({ phoneLookup: { user: 3, shop: 5 } });
    const [a, b] = [await user("限额甲"), await user("限额乙")];
    const at = (min: number) => new Date(T0.getTime() + min * 60_000);
    for (const m of [0, 10, 20]) await consumeLimit(a, "phoneLookup", { now: at(m) });
    const e = await failureOf(consumeLimit(a, "phoneLookup", { now: at(30) }));
    // Free again when the first of the three leaves the hour: 11:00 Shanghai.
    expect([e.code, e.values]).toEqual(["rateLimited", { reason: "limit", action: "phoneLookup", scope: "user", limit: 3, time: "2030-01-01 11:00" }]);
    await failureOf(consumeLimit(a, "phoneLookup", { now: at(31) }));
    const hits = await db().auditLog.findMany({ where: { shopId: ds.shopId, actorId: a.userId, action: "limit.hit" } });
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ targetType: "limit", targetId: "phoneLookup", newValue: { action: "phoneLookup", scope: "user", limit: 3 } });
    // The shop's allowance is shared: b gets the remaining two, then the shop's limit refuses b.
    await consumeLimit(b, "phoneLookup", { now: at(40) });
    await consumeLimit(b, "phoneLookup", { now: at(41) });
    expect((await failureOf(consumeLimit(b, "phoneLookup", { now: at(42) }))).values).toMatchObject({ scope: "shop", limit: 5, time: "2030-01-01 11:00" });
    // A refusal records nothing: once the first event is an hour old, one more fits.
    expect(await db().rateLimitEvent.count({ where: { shopId: ds.shopId, action: "phoneLookup" } })).toBe(5);
    await consumeLimit(a, "phoneLookup", { now: new Date(at(0).getTime() + LIMIT_WINDOW_MS + 1) });
    await failureOf(consumeLimit(a, "phoneLookup", { now: at(61) }));
    // Another action has its own allowance.
    await consumeLimit(a, "refresh", { now: at(61) });
    // Events older than a day are pruned as the shop's action is next used.
    await consumeLimit(a, "phoneLookup", { now: new Date(T0.getTime() + 26 * 3_600_000) });
    expect(await db().rateLimitEvent.count({ where: { shopId: ds.shopId, action: "phoneLookup" } })).toBe(1);
  });

  it("the message is translated and says when the limit frees up", () => {
    const values = { reason: "limit", action: "reveal", scope: "user", limit: 60, time: "2030-01-01 11:00" };
    expect(createTranslator({ locale: "zh-CN", messages: zh, namespace: "errors" })("rateLimited", values)).toBe("查看收件人信息太频繁了：每个账号每小时最多 60 次。请在 2030-01-01 11:00（北京时间）之后再试。");
    expect(createTranslator({ locale: "en", messages: en, namespace: "errors" })("rateLimited", { ...values, scope: "shop", action: "export" })).toBe("Too many exports: at most 60 an hour for the whole shop. Try again after 2030-01-01 11:00 (Beijing time).");
    expect(createTranslator({ locale: "zh-CN", messages: zh, namespace: "errors" })("rateLimited", { reason: "busy" })).toContain("一次只能进行一个导出");
  });

  it("holds across app instances: two drivers consuming at once never pass the limit", async () => {
    await setLimits({ refresh: { user: 7, shop: 600 } });
    const a = await user("并发");
    const target = parseDatabaseUrl(inject("databaseUrl"));
    const instances = [createSqlDriver(target), createSqlDriver(target)];
    try {
      const now = new Date(T0.getTime() + 3 * 24 * 3_600_000);
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => consumeLimit(a, "refresh", { now: new Date(now.getTime() + i), sql: instances[i % 2] })));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(7);
      expect(results.filter((r) => r.status === "rejected").every((r) => (r as PromiseRejectedResult).reason?.code === "rateLimited")).toBe(true);
      expect(await db().rateLimitEvent.count({ where: { userId: a.userId, action: "refresh" } })).toBe(7);
    } finally {
      for (const d of instances) await d.close();
    }
  });

  it("reveal, phone look-up and refresh refuse past the limit for every role, before Taobao is asked", async () => {
    await clearEvents();
    await setLimits({ reveal: { user: 2, shop: 300 }, phoneLookup: { user: 1, shop: 150 }, refresh: { user: 2, shop: 600 } });
    const tid = tids[0]!;
    const phone = (await ds.truth(tid)).receiver.mobile;
    for (const viewer of [ds.cs, ds.owner]) {
      const rec = recording();
      await revealReceiver(viewer, { tid, field: "name" }, { client: rec.client });
      await revealReceiver(viewer, { tid, field: "mobile" }, { client: rec.client });
      expect((await failureOf(revealReceiver(viewer, { tid, field: "address" }, { client: rec.client }))).values).toMatchObject({ action: "reveal", scope: "user", limit: 2 });
      await lookupByPhone(viewer, { phone, scene: "1002" }, { client: rec.client });
      expect((await failureOf(lookupByPhone(viewer, { phone, scene: "1002" }, { client: rec.client }))).values).toMatchObject({ action: "phoneLookup", limit: 1 });
      const calls = rec.calls.length;
      expect(rec.calls.filter((c) => c === "taobao.top.oaid.decrypt")).toHaveLength(2);
      expect(rec.calls.filter((c) => c === "taobao.trades.sold.query")).toHaveLength(1);
      expect(calls).toBeGreaterThanOrEqual(3);
    }
    for (const viewer of [ds.cs, ds.manager, ds.owner]) {
      const rec = recording();
      await refreshOrder(viewer, { tid: tids[1]! }, { client: rec.client });
      await refreshOrder(viewer, { tid: tids[1]! }, { client: rec.client });
      expect((await failureOf(refreshOrder(viewer, { tid: tids[1]! }, { client: rec.client }))).values).toMatchObject({ action: "refresh", limit: 2 });
      // The page's own fetch counts only when it asks Taobao: a trade whose detail is current costs nothing.
      expect((await ensureOrderDetail(viewer, { tid: tids[1]! }, { client: rec.client })).fetched).toBe(false);
      await db().trade.update({ where: { tid: tids[2]! }, data: { detailModified: null } });
      expect((await failureOf(ensureOrderDetail(viewer, { tid: tids[2]! }, { client: rec.client }))).code).toBe("rateLimited");
      expect(rec.calls.filter((c) => c === "taobao.trade.fullinfo.get")).toHaveLength(2);
    }
    const hits = await db().auditLog.findMany({ where: { shopId: ds.shopId, action: "limit.hit", actorId: { in: [ds.cs.userId, ds.manager.userId, ds.owner.userId] } } });
    expect(new Set(hits.map((h) => `${h.actorNick}:${h.targetId}`))).toEqual(
      new Set([`${ds.cs.nick}:reveal`, `${ds.owner.nick}:reveal`, `${ds.cs.nick}:phoneLookup`, `${ds.owner.nick}:phoneLookup`, `${ds.cs.nick}:refresh`, `${ds.manager.nick}:refresh`, `${ds.owner.nick}:refresh`]),
    );
  });

  it("the audit page's alert names members above 80 % of a limit in the last day and every limit hit", async () => {
    await clearEvents();
    await setLimits({ reveal: { user: 5, shop: 10 } });
    const [busy, calm] = [await user("忙碌客服"), await user("平静客服")];
    const now = new Date();
    const ago = (min: number) => new Date(now.getTime() - min * 60_000);
    // Busy: 4 of 5 within one hour, 20 hours ago. Calm: 4 spread over five hours (one an hour at most).
    for (const m of [1200, 1190, 1180, 1170]) await consumeLimit(busy, "reveal", { now: ago(m) });
    for (const m of [300, 200, 100, 5]) await consumeLimit(calm, "reveal", { now: ago(m) });
    const first = await limitAlerts(ds.manager, { now });
    expect(first.volumes.filter((v) => v.action === "reveal").map((v) => [v.scope, v.nick, v.peak, v.limit, v.peakAt.getTime()])).toEqual([["user", "忙碌客服", 4, 5, ago(1170).getTime()]]);
    // The limit hits of the tests above are listed with their members.
    expect(first.hits.map((h) => `${h.nick}:${h.action}`)).toEqual(expect.arrayContaining([`${ds.cs.nick}:reveal`, `${ds.manager.nick}:refresh`]));
    // The last hour: busy 4 more, calm 3 more (4 in the hour), the shop 8 of 10.
    for (const m of [33, 32, 31, 30]) await consumeLimit(busy, "reveal", { now: ago(m) });
    for (const m of [20, 19, 18]) await consumeLimit(calm, "reveal", { now: ago(m) });
    const second = (await limitAlerts(ds.owner, { now })).volumes.filter((v) => v.action === "reveal").map((v) => `${v.scope}:${v.nick}:${v.peak}/${v.limit}`);
    expect(second.sort()).toEqual(["shop:null:8/10", "user:平静客服:4/5", "user:忙碌客服:4/5"]);
    expect((await failureOf(limitAlerts(ds.cs))).code).toBe("forbidden");
  });

  it("the owner's overrides: only the owner may change them, within bounds, audited; bad stored values fall back to the defaults", async () => {
    await setLimits({ reveal: { user: 40, shop: 200 } }, 5_000);
    const l = await shopLimits(ds.shopId);
    expect([l.actions.reveal, l.exportMaxRows, l.actions.export]).toEqual([{ user: 40, shop: 200 }, 5_000, DEFAULT_LIMITS.actions.export]);
    const entry = await db().auditLog.findFirstOrThrow({ where: { shopId: ds.shopId, action: "shop.limits" }, orderBy: { createdAt: "desc" } });
    expect(entry.newValue).toMatchObject({ actions: { reveal: { user: 40, shop: 200 } }, exportMaxRows: 5_000 });
    expect((await failureOf(updateShopLimits(ds.manager, { ...l }))).code).toBe("forbidden");
    expect((await failureOf(updateShopLimits(ds.owner, { ...l, actions: { ...l.actions, reveal: { user: 0, shop: 10 } } }))).code).toBe("invalidInput");
    expect((await failureOf(updateShopLimits(ds.owner, { ...l, exportMaxRows: 10 }))).code).toBe("invalidInput");
    expect(effectiveLimits({ actions: { reveal: { user: "lots", shop: -1 }, refresh: { user: 5 } }, exportMaxRows: 1e12 })).toEqual({
      ...DEFAULT_LIMITS,
      actions: { ...DEFAULT_LIMITS.actions, refresh: { user: 5, shop: DEFAULT_LIMITS.actions.refresh.shop } },
    });
    expect(effectiveLimits("not json")).toEqual(DEFAULT_LIMITS);
  });
});

async function drain(stream: ReadableStream<Uint8Array>): Promise<number> {
  let n = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return n;
    n += value.byteLength;
  }
}

describe(`export limits on ${inject("databaseProvider")}`, () => {
  const all = () => parseOrderFilters({}).params;
  const opts = { format: "csv" as const, per: "trade" as const, locale: "zh-CN" as const };

  it("one export at a time per user, across instances; cancelling or finishing frees it", async () => {
    await clearEvents();
    await setLimits({ export: { user: 20, shop: 60 } }, 100_000);
    const first = await exportOrders(ds.manager, all(), opts);
    // The lock is in the database: whichever instance serves the second request refuses it.
    expect((await failureOf(exportOrders(ds.manager, all(), { ...opts, format: "xlsx" }))).values).toEqual({ reason: "busy" });
    expect(await db().actionLock.count({ where: { key: `export:${ds.manager.userId}` } })).toBe(1);
    // Another user exports meanwhile.
    expect(await drain((await exportOrders(ds.owner, all(), opts)).stream)).toBeGreaterThan(0);
    expect(await drain(first.stream)).toBeGreaterThan(0);
    const xlsx = await exportOrders(ds.manager, all(), { ...opts, format: "xlsx" });
    await failureOf(exportOrders(ds.manager, all(), opts));
    await xlsx.stream.cancel();
    const csv = await exportOrders(ds.manager, all(), opts);
    await csv.stream.cancel();
    expect(await drain((await exportOrders(ds.manager, all(), { ...opts, format: "xlsx" })).stream)).toBeGreaterThan(0);
    expect(await db().actionLock.count({ where: { key: `export:${ds.manager.userId}` } })).toBe(0);
  });

  it("a view over the row cap is refused before any file is written; exports per hour are limited", async () => {
    await clearEvents();
    await setLimits({ export: { user: 2, shop: 60 } }, 1_000);
    // 600 trades of about two lines each: per trade under the cap of 1,000 rows, per line over it.
    const trades = genTrades({ n: 600, seed: 91, end: new Date(), days: 20, tidPrefix: "91" });
    await writeTrades(ds.shopId, trades);
    const lines = trades.reduce((n, t) => n + t.orders.length, 0);
    expect(lines).toBeGreaterThan(1_000);
    const mine = parseOrderFilters({}).params;
    const before = await db().auditLog.count({ where: { shopId: ds.shopId, action: "orders.export" } });
    const e = await failureOf(exportOrders(ds.owner, mine, { ...opts, per: "line" }));
    expect([e.code, e.fields, e.values]).toEqual(["invalidInput", { rows: ["orders.export.tooMany"] }, { max: 1_000 }]);
    // Nothing exported or audited, the lock given back; the same view per trade fits.
    expect(await db().auditLog.count({ where: { shopId: ds.shopId, action: "orders.export" } })).toBe(before);
    const ok = await exportOrders(ds.owner, mine, opts);
    expect(ok.rows).toBe(await db().trade.count({ where: { shopId: ds.shopId } }));
    await drain(ok.stream);
    // The refused one counted (an attempt), the second is the last of the hour.
    const f = await failureOf(exportOrders(ds.owner, mine, opts));
    expect([f.code, f.values?.action, f.values?.limit]).toEqual(["rateLimited", "export", 2]);
    expect(await db().actionLock.count({ where: { key: `export:${ds.owner.userId}` } })).toBe(0);
  });
});
