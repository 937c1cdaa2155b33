/**
 * Issue 18, item 7, on both databases: every server action answers any input, as any role, with
 * a typed result, never an exception and never `internal`. fast-check drives each action with
 * mostly-valid inputs (real tids, members and shops of an admin sandbox, so the lib functions and
 * the database are reached) mixed with hostile ones (NUL, lone surrogates, wrong types, junk keys,
 * deep values). On PostgreSQL a NUL in a member or shop id used to fail the whole query (internal).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { db } from "@/lib/db";
import { loadMessages } from "@/lib/i18n/messages";
import { closeSyncSql } from "@/lib/sync/sql";
import { clearCarrierCache } from "@/lib/orders/carriers";
import { startDetailSandbox, type DetailSandbox } from "@/lib/orders/detail-testing";
import { ORDER_RANGES } from "@/lib/orders/filters";
import { actionInput, hostileString, mostly } from "@/test/fuzz";
import { ROLES } from "./permissions";
import type { Viewer } from "./viewer";

const state = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/lib/auth/viewer", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  requireViewer: async () => {
    if (!state.viewer) throw new (await import("./errors")).AppError("unauthenticated");
    return state.viewer;
  },
}));
vi.mock("next-intl/server", () => ({
  getTranslations: async (namespace: string) => {
    const messages = (await loadMessages("zh-CN")) as unknown as Record<string, unknown>;
    const node = namespace.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], messages) as Record<string, string>;
    const t = (key: string) => node[key] ?? `${namespace}.${key}`;
    t.has = (key: string) => typeof node[key] === "string";
    return t;
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({ cookies: async () => ({ set: () => undefined, get: () => undefined }) }));

let ds: DetailSandbox;
let tids: string[] = [];
let memberIds: string[] = [];
let phones: string[] = [];

beforeAll(async () => {
  ds = await startDetailSandbox({ seed: 7187, orders: 300 });
  tids = [...(await ds.cacheTrades({ status: "WAIT_SELLER_SEND_GOODS", limit: 4 })), ...(await ds.cacheTrades({ status: "WAIT_BUYER_CONFIRM_GOODS", limit: 4 }))];
  memberIds = (await db().membership.findMany({ where: { shopId: ds.shopId }, select: { id: true } })).map((m) => m.id);
  phones = await Promise.all(tids.slice(0, 2).map(async (t) => (await ds.truth(t)).receiver.mobile));
  clearCarrierCache();
}, 120_000);
afterAll(async () => {
  await ds?.close();
  await closeSyncSql();
  await db().$disconnect();
});

const detail = await import("@/app/(dashboard)/(order-detail)/orders/[tid]/actions");
const list = await import("@/lib/orders/actions");
const dashboard = await import("@/app/(dashboard)/actions");
const prefs = await import("@/lib/preferences/actions");

type Result = { ok: true } | { ok: false; error: unknown };

describe(`every server action answers any input on ${inject("databaseProvider")}`, () => {
  it("property: a typed result, never an exception or `internal`, for any role", async () => {
    const tid = () => mostly([...tids, "1234567890123456789", "0", " 1 "]);
    const inputs: Record<string, [(input: unknown) => Promise<Result>, fc.Arbitrary<unknown>]> = {
      updateMemoAction: [detail.updateMemoAction, actionInput({ tid: tid(), memo: mostly(["好评", "", "加急\n明天发", "😀"]), flag: mostly([0, 1, 5]), append: mostly([true, false]) })],
      refreshOrderAction: [detail.refreshOrderAction, actionInput({ tid: tid() })],
      ensureDetailAction: [detail.ensureDetailAction, actionInput({ tid: tid() })],
      revealReceiverAction: [detail.revealReceiverAction, actionInput({ tid: tid(), field: mostly(["name", "mobile", "address"]) })],
      shipOrderAction: [detail.shipOrderAction, actionInput({ tid: tid(), companyCode: mostly(["YTO", "SF", "ZTO"]), waybill: mostly(["YT4000000101", "SF1234567890123", "x"]), oids: mostly([[], ["1"]]) })],
      carriersAction: [detail.carriersAction, fc.oneof(fc.constant(undefined), actionInput({}))],
      parcelTracesAction: [detail.parcelTracesAction, actionInput({ tid: tid(), force: mostly([true, false]) })],
      bulkMemoAction: [list.bulkMemoAction, actionInput({ tids: mostly([tids.slice(0, 2), [], ["x"]]), flag: mostly([0, 2]), memo: mostly(["批量", ""]) })],
      lookupByPhoneAction: [list.lookupByPhoneAction, actionInput({ phone: mostly([...phones, "13800000000", "1380000000"]), range: mostly([...ORDER_RANGES, null]) })],
      changeRoleAction: [dashboard.changeRoleAction, actionInput({ memberId: mostly(memberIds), role: mostly(ROLES) })],
      removeMemberAction: [dashboard.removeMemberAction, actionInput({ memberId: mostly([...memberIds, "x"]) })],
      switchShopAction: [dashboard.switchShopAction, actionInput({ shopId: mostly([ds.shopId, ds.otherOwner.shopId]) })],
      setLocale: [prefs.setLocale, fc.oneof(fc.constantFrom("en", "zh-CN"), hostileString)],
      setTheme: [prefs.setTheme, fc.oneof(fc.constantFrom("dark", "light", "system"), hostileString)],
      setDensity: [prefs.setDensity, fc.oneof(fc.constantFrom("comfortable", "compact"), hostileString)],
    };
    const viewers = [ds.owner, ds.manager, ds.cs, ds.otherOwner, null];
    for (const [name, [action, input]] of Object.entries(inputs)) {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...viewers), input, async (viewer, x) => {
          state.viewer = viewer;
          const r = await action(x);
          expect(typeof r.ok, name).toBe("boolean");
          if (!r.ok && typeof r.error === "object") {
            const e = r.error as { code: string; message: string };
            expect(e.code, `${name} ${JSON.stringify(x)}`).not.toBe("internal");
            expect(e.message.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: 60, seed: 1807 },
      );
    }
  }, 300_000);

  it("a NUL in any id or text is refused as invalid input, on PostgreSQL too", async () => {
    state.viewer = ds.owner;
    for (const r of [
      await dashboard.changeRoleAction({ memberId: "ab\u0000cd", role: "MANAGER" }),
      await dashboard.removeMemberAction({ memberId: "\u0000" }),
      await dashboard.switchShopAction({ shopId: "x\u0000" }),
      await detail.updateMemoAction({ tid: tids[0], memo: "a\u0000b" }),
      await detail.shipOrderAction({ tid: tids[0], companyCode: "YTO\u0000", waybill: "YT4000000102" }),
    ]) {
      expect(r).toMatchObject({ ok: false, error: { code: "invalidInput" } });
    }
  });
});
