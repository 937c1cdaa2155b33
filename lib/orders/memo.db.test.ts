/**
 * updateMemo against the sandbox: the platform's memo and flag change, the cached row equals
 * Taobao afterwards, the change is audited with old and new values; another shop's tid, a role
 * without the permission, an over-long memo and platform refusals are all answered with app errors.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";

// Every role may edit memos; to prove the check happens, a test can revoke it.
const deny = vi.hoisted(() => ({ memo: false }));
vi.mock("@/lib/auth/permissions", async (real) => (await import("@/lib/auth/testing/deny-permission")).permissionsDenying(await real(), () => (deny.memo ? "orders.memo" : null)));

const { db } = await import("@/lib/db");
const { closeSyncSql } = await import("@/lib/sync/sql");
const { AppError } = await import("@/lib/auth/errors");
const { TopError } = await import("@/lib/top");
const { startDetailSandbox } = await import("./detail-testing");
const { updateMemo } = await import("./memo");

let ds: Awaited<ReturnType<typeof startDetailSandbox>>;
let tids: string[] = [];

beforeAll(async () => {
  ds = await startDetailSandbox({ seed: 7101 });
  tids = await ds.cacheTrades({ limit: 4 });
});
afterAll(async () => {
  await ds?.close();
  await closeSyncSql();
  await db().$disconnect();
});

/** A client that records the methods it is asked to call. */
const recording = () => ds.recording();
const tick = () => ds.sbx.advance("2s");
const audits = (tid: string) => db().auditLog.findMany({ where: { targetType: "trade", targetId: tid }, orderBy: { createdAt: "asc" } });
const appError = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(AppError);
  return e as InstanceType<typeof AppError>;
};

describe(`updateMemo on ${inject("databaseProvider")}`, () => {
  it("customer service sets a memo and a red flag: Taobao has them, the cache equals Taobao, both are audited", async () => {
    const tid = tids[0]!;
    const before = await db().trade.findUniqueOrThrow({ where: { tid } });
    await tick();
    const r = await updateMemo(ds.cs, { tid, memo: "顾客要求周五前发货 “加急” & 送小样", flag: 1 }, { client: ds.client });
    expect(r).toMatchObject({ tid, sellerMemo: "顾客要求周五前发货 “加急” & 送小样", sellerFlag: 1 });
    const truth = await ds.truth(tid);
    expect(truth.seller_memo).toBe(r.sellerMemo);
    expect(truth.seller_flag).toBe(1);
    const row = await db().trade.findUniqueOrThrow({ where: { tid } });
    expect(row.sellerMemo).toBe(truth.seller_memo);
    expect(row.sellerFlag).toBe(1);
    // The cache holds the trade's new version, the one memo.update produced.
    expect(row.modified.getTime()).toBeGreaterThan(before.modified.getTime());
    expect(row.detailModified?.getTime()).toBe(row.modified.getTime());
    expect(r.modified).toBe(row.modified.toISOString());
    const log = await audits(tid);
    const memo = log.find((a) => a.action === "order.memo")!;
    const flag = log.find((a) => a.action === "order.flag")!;
    expect(memo).toMatchObject({ shopId: ds.shopId, actorId: ds.cs.userId, actorNick: ds.cs.nick, oldValue: { memo: before.sellerMemo }, newValue: { memo: truth.seller_memo } });
    expect(flag).toMatchObject({ oldValue: { flag: before.sellerFlag }, newValue: { flag: 1 } });
  });

  it("append adds a line to the platform's memo; clearing resets it; a flag-only change audits only the flag", async () => {
    const tid = tids[1]!;
    await tick();
    await updateMemo(ds.owner, { tid, memo: "第一行" }, { client: ds.client });
    await tick();
    const r = await updateMemo(ds.manager, { tid, memo: "第二行", append: true }, { client: ds.client });
    expect(r.sellerMemo).toBe("第一行\n第二行");
    expect((await ds.truth(tid)).seller_memo).toBe("第一行\n第二行");
    await tick();
    const flagOnly = await updateMemo(ds.owner, { tid, flag: 4 }, { client: ds.client });
    expect(flagOnly).toMatchObject({ sellerMemo: "第一行\n第二行", sellerFlag: 4 });
    const actions = (await audits(tid)).map((a) => a.action);
    expect(actions).toEqual(["order.memo", "order.memo", "order.flag"]);
    await tick();
    const cleared = await updateMemo(ds.owner, { tid, memo: "" }, { client: ds.client });
    expect(cleared.sellerMemo ?? "").toBe("");
    expect((await ds.truth(tid)).seller_memo ?? "").toBe("");
  });

  it("nothing changes when memo and flag are already what is asked: no call, no audit", async () => {
    const tid = tids[1]!;
    const n = (await audits(tid)).length;
    const rec = recording();
    const row = await db().trade.findUniqueOrThrow({ where: { tid } });
    await updateMemo(ds.owner, { tid, flag: row.sellerFlag }, { client: rec.client });
    expect(rec.calls).toEqual([]);
    expect((await audits(tid)).length).toBe(n);
  });

  it("another shop's tid and an unknown tid are notFound, and nothing is sent to Taobao", async () => {
    const rec = recording();
    expect((await appError(updateMemo(ds.otherOwner, { tid: tids[0]!, memo: "x" }, { client: rec.client }))).code).toBe("notFound");
    expect((await appError(updateMemo(ds.owner, { tid: "1234567890123456789", memo: "x" }, { client: rec.client }))).code).toBe("notFound");
    expect(rec.calls).toEqual([]);
  });

  it("a role without orders.memo is forbidden before anything is read or sent", async () => {
    deny.memo = true;
    try {
      const rec = recording();
      expect((await appError(updateMemo(ds.cs, { tid: tids[0]!, flag: 2 }, { client: rec.client }))).code).toBe("forbidden");
      expect(rec.calls).toEqual([]);
    } finally {
      deny.memo = false;
    }
  });

  it("refuses over-long memos (bytes, also after appending), markup, a wrong flag and a malformed tid with reason keys", async () => {
    const tid = tids[2]!;
    const cases: [unknown, string, string][] = [
      [{ tid, memo: "x".repeat(5000) }, "memo", "memoTooLong"],
      [{ tid, memo: "备".repeat(334) }, "memo", "memoTooLong"], // 1002 UTF-8 bytes
      [{ tid, memo: "<img src=x onerror=alert(1)>" }, "memo", "memoHtml"],
      [{ tid, flag: 6 }, "flag", "flagInvalid"],
      [{ tid, flag: 1.5 }, "flag", "flagInvalid"],
      [{ tid: "12ab", flag: 1 }, "tid", "tidInvalid"],
      [{ tid }, "memo", "memoNothing"],
    ];
    for (const [input, field, key] of cases) {
      const e = await appError(updateMemo(ds.owner, input as never, { client: ds.client }));
      expect(e.code, JSON.stringify(input)).toBe("invalidInput");
      expect(e.fields?.[field], JSON.stringify(input)).toContain(key);
    }
    // 999 bytes stored; appending 2 more lines goes past 1000 → refused, and Taobao keeps the old memo.
    await tick();
    await updateMemo(ds.owner, { tid, memo: "a".repeat(999) }, { client: ds.client });
    await tick();
    const e = await appError(updateMemo(ds.owner, { tid, memo: "b", append: true }, { client: ds.client }));
    expect(e.fields?.memo).toContain("memoTooLong");
    expect((await ds.truth(tid)).seller_memo).toBe("a".repeat(999));
  });

  it("platform errors: a trade Taobao does not know is notFound; a platform outage fails without audit or cache change", async () => {
    // A cached row the platform has never heard of (e.g. deleted there).
    const src = await db().trade.findUniqueOrThrow({ where: { tid: tids[3]! } });
    const ghost = "2999999999999999999";
    await db().trade.create({ data: { ...src, tid: ghost, rawJson: src.rawJson.replaceAll(src.tid, ghost) } as never });
    expect((await appError(updateMemo(ds.owner, { tid: ghost, memo: "x" }, { client: ds.client }))).code).toBe("notFound");
    expect(await audits(ghost)).toEqual([]);

    const tid = tids[3]!;
    const before = await db().trade.findUniqueOrThrow({ where: { tid } });
    await ds.sbx.admin("/_sandbox/faults", { rates: { isp: 1 } });
    try {
      const e = await updateMemo(ds.owner, { tid, memo: "不会保存", flag: 3 }, { client: ds.client }).then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(TopError);
      expect((e as InstanceType<typeof TopError>).subCode).toMatch(/^isp\./);
    } finally {
      await ds.sbx.admin("/_sandbox/faults", { profile: "off" });
    }
    expect(await audits(tid)).toEqual([]);
    const after = await db().trade.findUniqueOrThrow({ where: { tid } });
    expect([after.sellerMemo, after.sellerFlag]).toEqual([before.sellerMemo, before.sellerFlag]);
    expect((await ds.truth(tid)).seller_memo).toBe(before.sellerMemo);
  });
});
