/**
 * Saved views on a real database: create, list, update and delete; personal vs shared and who may
 * change which (orders.views.share: owner, manager); another shop's ids and someone else's
 * personal views refused as notFound; a removed member sees nothing; names and queries validated;
 * the per-user limit; live counts equal to what the list's own tab shows.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AppError } from "@/lib/auth/errors";
import type { Role } from "@/lib/auth/permissions";
import { viewerOf, type Viewer } from "@/lib/auth/viewer";
import { db } from "@/lib/db";
import { closeSyncSql } from "@/lib/sync/sql";
import { parseOrderFilters } from "./filters";
import { listOrders } from "./list";
import { genTrades, newTestShop, writeTrades } from "./testing";
import { VIEWS_PER_USER } from "./view-query";
import { createView, createViewInput, deleteView, getView, listViews, savedViewsOfList, updateView, viewCounts } from "./views";

const NOW = new Date(Date.UTC(2026, 10, 28, 4, 0, 0));
let shopA: string;
let shopB: string;
let owner: Viewer;
let manager: Viewer;
let cs: Viewer;
let cs2: Viewer;
let otherOwner: Viewer;

async function member(shopId: string, nick: string, role: Role): Promise<Viewer> {
  const user = await db().user.create({ data: { taobaoUserId: `views-${nick}-${Math.random().toString(36).slice(2)}`, nick, activeShopId: shopId } });
  await db().membership.create({ data: { shopId, userId: user.id, role, status: "ACTIVE" } });
  return (await viewerOf(user))!;
}

const refused = async (p: Promise<unknown>): Promise<AppError> => {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(AppError.is(e), String(e)).toBe(true);
  return e as AppError;
};
const create = (v: Viewer, input: { name: string; query: string; shared?: boolean }) => createView(v, createViewInput.parse(input));

beforeAll(async () => {
  shopA = await newTestShop("视图测试店");
  shopB = await newTestShop("另一视图店");
  owner = await member(shopA, "店主", "OWNER");
  manager = await member(shopA, "店长", "MANAGER");
  cs = await member(shopA, "客服甲", "CUSTOMER_SERVICE");
  cs2 = await member(shopA, "客服乙", "CUSTOMER_SERVICE");
  otherOwner = await member(shopB, "别家店主", "OWNER");
  await writeTrades(shopA, genTrades({ n: 300, seed: 41, end: NOW, days: 30, tidPrefix: "61" }));
}, 120_000);

afterAll(async () => {
  await closeSyncSql();
  await db().$disconnect();
});

describe(`saved views on ${inject("databaseProvider")}`, () => {
  it("a member keeps personal views: stored canonically, listed for them alone, renamed, updated and deleted", async () => {
    const v = await create(cs, { name: "  浙江待发货  ", query: "?prov=浙江省&tab=waitShip&page=3&shop=" + shopA });
    // The list's own serialisation, without shop and page; the name trimmed.
    expect(v).toMatchObject({ name: "浙江待发货", shared: false, mine: true, editable: true, query: "tab=waitShip&prov=浙江省" });
    expect((await listViews(cs)).map((x) => x.id)).toContain(v.id);
    for (const other of [cs2, manager, owner]) expect((await listViews(other)).map((x) => x.id)).not.toContain(v.id);
    // Someone else's personal view does not exist for them, whatever their role.
    for (const other of [cs2, owner]) {
      expect((await refused(getView(other, v.id))).code).toBe("notFound");
      expect((await refused(updateView(other, { id: v.id, name: "偷改" }))).code).toBe("notFound");
      expect((await refused(deleteView(other, { id: v.id }))).code).toBe("notFound");
    }
    const renamed = await updateView(cs, { id: v.id, name: "浙江 · 待发货", query: "tab=waitShip&prov=浙江省&sort=payment&dir=asc" });
    expect(renamed).toMatchObject({ name: "浙江 · 待发货", query: "tab=waitShip&prov=浙江省&sort=payment&dir=asc" });
    await deleteView(cs, { id: v.id });
    expect((await refused(getView(cs, v.id))).code).toBe("notFound");
  });

  it("shared views: created, edited and deleted by owner and manager only; everyone in the shop sees them", async () => {
    expect((await refused(create(cs, { name: "全店大额", query: "min=500", shared: true }))).code).toBe("forbidden");
    const v = await create(manager, { name: "全店大额", query: "min=500", shared: true });
    for (const who of [owner, manager, cs, cs2]) {
      const seen = (await listViews(who)).find((x) => x.id === v.id);
      expect(seen, who.nick).toMatchObject({ shared: true, editable: who.role !== "CUSTOMER_SERVICE" });
    }
    // Customer service may open it but not change it.
    expect((await getView(cs, v.id)).name).toBe("全店大额");
    expect((await refused(updateView(cs, { id: v.id, name: "改名" }))).code).toBe("forbidden");
    expect((await refused(deleteView(cs, { id: v.id }))).code).toBe("forbidden");
    // The owner edits the manager's shared view; unsharing returns it to its creator alone.
    await updateView(owner, { id: v.id, name: "大额订单" });
    await updateView(owner, { id: v.id, shared: false });
    expect((await listViews(cs)).map((x) => x.id)).not.toContain(v.id);
    expect((await listViews(manager)).find((x) => x.id === v.id)).toMatchObject({ name: "大额订单", shared: false, mine: true });
    // A personal view is shared only by a role with the permission.
    const mine = await create(cs, { name: "我的", query: "msg=true" });
    expect((await refused(updateView(cs, { id: mine.id, shared: true }))).code).toBe("forbidden");
    await updateView(manager, { id: v.id, shared: true });
    await deleteView(owner, { id: v.id });
    expect((await listViews(manager)).map((x) => x.id)).not.toContain(v.id);
  });

  it("views of another shop are never visible: listing, opening, editing and deleting by id are refused", async () => {
    const v = await create(owner, { name: "本店共享", query: "tab=refunding", shared: true });
    expect((await listViews(otherOwner)).map((x) => x.id)).not.toContain(v.id);
    expect((await refused(getView(otherOwner, v.id))).code).toBe("notFound");
    expect((await refused(updateView(otherOwner, { id: v.id, name: "x" }))).code).toBe("notFound");
    expect((await refused(deleteView(otherOwner, { id: v.id }))).code).toBe("notFound");
    expect(await savedViewsOfList(otherOwner, v.id)).toMatchObject({ active: null, unknown: true });
    expect((await savedViewsOfList(cs, v.id)).active?.id).toBe(v.id);
    // A shop filter in the query naming a shop the member is not in is refused like a bad filter.
    expect((await refused(create(owner, { name: "别家", query: `shop=${shopB}` }))).fields?.query).toEqual(["orderViews.errors.queryInvalid"]);
  });

  it("a member removed from the shop loses every view of it, shared ones included", async () => {
    const user = await db().user.create({ data: { taobaoUserId: `views-leaver-${Date.now()}`, nick: "离职客服", activeShopId: shopA } });
    await db().membership.create({ data: { shopId: shopA, userId: user.id, role: "CUSTOMER_SERVICE", status: "ACTIVE" } });
    const before = (await viewerOf(user))!;
    const own = await create(before, { name: "我的退款", query: "tab=refunding" });
    expect((await listViews(before)).length).toBeGreaterThan(1);
    await db().membership.update({ where: { shopId_userId: { shopId: shopA, userId: user.id } }, data: { status: "REMOVED", removedAt: new Date() } });
    // No active membership: no Viewer, so no data-access function runs for them at all.
    expect(await viewerOf(user)).toBeNull();
    // A stale Viewer of another shop they still belong to sees none of shop A's views.
    await db().membership.create({ data: { shopId: shopB, userId: user.id, role: "CUSTOMER_SERVICE", status: "ACTIVE" } });
    const elsewhere = (await viewerOf(user))!;
    expect(elsewhere.shopId).toBe(shopB);
    expect(await listViews(elsewhere)).toEqual([]);
    expect((await refused(getView(elsewhere, own.id))).code).toBe("notFound");
  });

  it("validates names (1–30 characters, unique per member, no markup) and queries (what the list accepts), and caps views per member", async () => {
    expect(createViewInput.safeParse({ name: "   ", query: "" }).success).toBe(false);
    expect(createViewInput.safeParse({ name: "好".repeat(31), query: "" }).success).toBe(false);
    expect(createViewInput.safeParse({ name: "😀".repeat(30), query: "" }).success).toBe(true);
    expect(createViewInput.safeParse({ name: "<b>x</b>", query: "" }).success).toBe(false);
    expect(createViewInput.safeParse({ name: "a\u0000b", query: "" }).success).toBe(false);
    expect(createViewInput.safeParse({ name: "x", query: "q=" + "a".repeat(3000) }).success).toBe(false);
    await create(cs2, { name: "同名", query: "tab=closed" });
    expect((await refused(create(cs2, { name: "同名", query: "tab=finished" }))).fields?.name).toEqual(["orderViews.errors.nameTaken"]);
    // Another member may use the same name.
    await create(cs, { name: "同名", query: "tab=finished" });
    for (const query of ["tab=nope", "min=abc", "range=custom&from=2026-13-01", "q=13812345678"]) {
      expect((await refused(create(cs2, { name: `坏${query}`.slice(0, 30), query }))).fields?.query, query).toEqual(["orderViews.errors.queryInvalid"]);
    }
    const have = await db().savedView.count({ where: { shopId: shopA, userId: cs2.userId } });
    for (let i = have; i < VIEWS_PER_USER; i++) await create(cs2, { name: `视图${i}`, query: `page=${i}` });
    const e = await refused(create(cs2, { name: "再多一个", query: "" }));
    expect(e.fields?.name).toEqual(["orderViews.errors.tooMany"]);
    expect(await db().savedView.count({ where: { shopId: shopA, userId: cs2.userId } })).toBe(VIEWS_PER_USER);
  });

  it("live counts equal the count of the view's own tab in the list, capped the same way; views past the first twelve are not counted", async () => {
    const queries = ["", "tab=waitShip", "prov=浙江省", "tab=refunding&msg=true", "q=梳子", "range=last7&tab=finished", "flag=1&sort=payment"];
    const views = [];
    for (const [i, query] of queries.entries()) views.push(await create(manager, { name: `计数${i}`, query }));
    const counts = await viewCounts(manager, views, { now: NOW });
    for (const v of views) {
      const { params } = parseOrderFilters(Object.fromEntries(new URLSearchParams(v.query)));
      const list = await listOrders(manager, params, { now: NOW });
      expect(counts[v.id], v.query).toEqual({ count: list.counts[params.tab], capped: list.countsCapped[params.tab] });
    }
    expect(counts[views[0]!.id]!.count).toBe(300);
    const many = await listViews(cs2);
    // Their fifty own views and the shop's shared ones.
    expect(many.length).toBeGreaterThan(VIEWS_PER_USER);
    const c = await viewCounts(cs2, many, { now: NOW });
    expect(Object.values(c).filter((x) => x !== null).length).toBe(12);
  });
});
