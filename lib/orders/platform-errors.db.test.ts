/**
 * Issue 18, item 4, on both databases: the detail actions read platform errors thrown by a TOP
 * client from ANOTHER copy of lib/top, as in the production build (the client made at start-up
 * lives in the instrumentation bundle; the actions run in their own). Ship twice at once → one
 * success and one "can no longer be shipped"; a revoked grant → 刷新 refreshes the token exactly
 * once, then the shop needs re-authorisation and 查看 says so without asking again.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/auth/errors";
import { ShopNeedsReauthError } from "@/lib/shops/tokens";
import { closeSyncSql } from "@/lib/sync/sql";
import { TopError, TopSessionError, type TopClient } from "@/lib/top";
import { clearCarrierCache } from "./carriers";
import { startDetailSandbox, type DetailSandbox } from "./detail-testing";
import { refreshOrder } from "./refresh";
import { revealReceiver } from "./reveal";
import { shipOrder } from "./ship";

let ds: DetailSandbox;
/** A client built by a second copy of lib/top: its errors are not `instanceof` this copy's classes. */
let foreign: TopClient;
let foreignTop: typeof import("@/lib/top");

beforeAll(async () => {
  ds = await startDetailSandbox({ seed: 7181, orders: 300 });
  clearCarrierCache();
  vi.resetModules();
  foreignTop = await import("@/lib/top");
  foreign = foreignTop.createTopClient({
    gatewayUrl: ds.sbx.sb.gatewayUrl,
    appKey: ds.sbx.sb.options.appKey,
    appSecret: ds.sbx.sb.options.appSecret,
    timeoutMs: 10_000,
    retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 200, maxBanWaitMs: 5_000 },
    limiter: foreignTop.unlimitedRateLimiter,
    now: ds.sbx.clock,
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await ds?.close();
  await closeSyncSql();
  await db().$disconnect();
});

/** Counts this process's requests to the OAuth token endpoint (refreshes). */
function countTokenRequests(): () => number {
  const real = globalThis.fetch;
  let n = 0;
  vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(ds.sbx.url) && new URL(url).pathname === "/token") n++;
    return real(input, init);
  });
  return () => n;
}

describe(`platform errors from another copy of lib/top on ${inject("databaseProvider")}`, () => {
  it("the premise: the foreign client's error classes are not this copy's", () => {
    expect(foreignTop.TopError).not.toBe(TopError);
    expect(foreignTop.TopSessionError).not.toBe(TopSessionError);
  });

  it("ship twice at once: one shipment, one translated refusal (conflict notShippable), never a raw platform error", async () => {
    const [tid] = await ds.cacheTrades({ status: "WAIT_SELLER_SEND_GOODS", limit: 1 });
    expect(tid).toBeDefined();
    const ship = (waybill: string) => shipOrder(ds.owner, { tid: tid!, companyCode: "YTO", waybill }, { client: foreign }).then((r) => ({ ok: true as const, r }), (e: unknown) => ({ ok: false as const, e }));
    const results = await Promise.all([ship("YT4000000001"), ship("YT4000000002")]);
    const shipped = results.filter((x) => x.ok);
    const refused = results.flatMap((x) => (x.ok ? [] : [x.e]));
    expect(shipped).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(AppError.is(refused[0]), String(refused[0])).toBe(true);
    expect(refused[0]).toMatchObject({ code: "conflict", fields: { tid: ["notShippable"] } });
    expect((await ds.truth(tid!)).status).toBe("WAIT_BUYER_CONFIRM_GOODS");
    expect(await db().auditLog.count({ where: { targetId: tid!, action: "order.ship" } })).toBe(1);
  });

  it("revoked grant: 刷新 refreshes the token exactly once, then the shop needs re-authorisation; 查看 says so without another refresh", async () => {
    const [tid] = await ds.cacheTrades({ status: "WAIT_BUYER_CONFIRM_GOODS", limit: 1 });
    await ds.sbx.admin("/_sandbox/revoke", { nick: ds.nick });
    const tokenRequests = countTokenRequests();
    const refreshed = await refreshOrder(ds.owner, { tid: tid! }, { client: foreign }).then(() => null, (e: unknown) => e);
    expect(ShopNeedsReauthError.is(refreshed), String(refreshed)).toBe(true);
    expect(refreshed).toMatchObject({ reason: "refresh-rejected" });
    expect(tokenRequests()).toBe(1);
    const shop = await db().shop.findUniqueOrThrow({ where: { id: ds.shopId } });
    expect(shop).toMatchObject({ status: "NEEDS_REAUTH", reauthReason: "refresh-rejected" });

    const revealed = await revealReceiver(ds.cs, { tid: tid!, field: "mobile" }, { client: foreign }).then(() => null, (e: unknown) => e);
    expect(ShopNeedsReauthError.is(revealed), String(revealed)).toBe(true);
    expect(tokenRequests()).toBe(1);
    vi.restoreAllMocks();
  });
});
