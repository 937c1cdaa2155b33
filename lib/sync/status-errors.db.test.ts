/**
 * Issue 19 item 7 on both databases: what the sync page's status (syncStatus, also /api/sync/status)
 * says about errors. The stored operator sentences become codes; the state's error shows only
 * while it is current; nothing stored (shop ids, English) is in the answer.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { uniqueId } from "@/lib/shops/testing";

const { db } = await import("@/lib/db");
const { syncStatus } = await import("./status");

afterAll(async () => {
  await db().$disconnect();
});

async function shopWith(state: { lastError: string | null; lastErrorAt: Date | null; lastSuccessAt: Date | null }, status: "ACTIVE" | "NEEDS_REAUTH" = "ACTIVE") {
  const shop = await db().shop.create({ data: { taobaoUserId: `t${uniqueId()}`, nick: `状态店${uniqueId()}`, status, reauthReason: status === "NEEDS_REAUTH" ? "refresh-rejected" : null } });
  await db().syncState.create({ data: { shopId: shop.id, ...state } });
  return shop;
}

const viewer = (shopId: string) => ({ userId: "u", shopId, role: "OWNER" as const });
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);

describe(`sync status errors on ${inject("databaseProvider")}`, () => {
  it("a re-authorisation error of a paused shop is a code with its reason, and neither the shop id nor the English reaches the answer", async () => {
    const placeholder = await shopWith({ lastError: null, lastErrorAt: null, lastSuccessAt: null }, "NEEDS_REAUTH");
    const message = `Shop ${placeholder.id} needs re-authorisation (refresh-rejected): its owner must sign in again`;
    await db().syncState.update({ where: { shopId: placeholder.id }, data: { lastError: message, lastErrorAt: at(1), lastSuccessAt: at(10) } });
    await db().syncRun.create({ data: { shopId: placeholder.id, kind: "INCREMENTAL", trigger: "SCHEDULE", worker: "w", startedAt: at(1), endedAt: at(1), outcome: "PAUSED", lastError: message } });
    const s = await syncStatus(viewer(placeholder.id));
    expect(s.lastError).toEqual({ code: "reauth", params: { reason: "refresh-rejected" } });
    expect(s.shop.reauthReason).toBe("refresh-rejected");
    expect(s.runs[0]!.error).toEqual({ code: "reauth", params: { reason: "refresh-rejected" } });
    const json = JSON.stringify({ ...s, shop: { ...s.shop, id: undefined } });
    expect(json).not.toContain(placeholder.id);
    expect(json).not.toMatch(/re-authorisation|its owner must/);
  });

  it("an error older than the last success is history: gone from the state, kept in the runs", async () => {
    const shop = await shopWith({ lastError: "could not reach the TOP gateway at http://10.0.0.1/router/rest: connection refused (…)", lastErrorAt: at(30), lastSuccessAt: at(5) });
    await db().syncRun.create({ data: { shopId: shop.id, kind: "INCREMENTAL", trigger: "SCHEDULE", worker: "w", startedAt: at(30), endedAt: at(30), outcome: "FAILED", errorCount: 1, lastError: "could not reach the TOP gateway at http://10.0.0.1/router/rest: connection refused (…)" } });
    const s = await syncStatus(viewer(shop.id));
    expect(s.lastError).toBeNull();
    expect(s.lastErrorAt).toBeNull();
    expect(s.runs[0]!.error).toEqual({ code: "unreachable", params: {} });
    expect(JSON.stringify(s)).not.toContain("10.0.0.1");
  });

  it("an error after the last success is current; a re-authorisation error is over once the shop is active again", async () => {
    const current = await shopWith({ lastError: "TOP refuses service for 300 s more (code 7 ban); the sync resumes when it ends", lastErrorAt: at(1), lastSuccessAt: at(20) });
    expect((await syncStatus(viewer(current.id))).lastError).toEqual({ code: "throttled", params: { minutes: 5 } });
    const reconnected = await shopWith({ lastError: "Shop x needs re-authorisation (refresh-expired): its owner must sign in again", lastErrorAt: at(1), lastSuccessAt: at(20) });
    expect((await syncStatus(viewer(reconnected.id))).lastError).toBeNull();
  });
});
