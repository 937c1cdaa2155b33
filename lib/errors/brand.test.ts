/**
 * The production build holds several copies of a module (issue 18, item 4): the TOP client made
 * at start-up throws the instrumentation bundle's TopSessionError, which is not `instanceof` the
 * server action bundle's. Every error class is recognised by its brand instead, across copies.
 * `vi.resetModules()` + a dynamic import gives a second, independent copy, as the bundler does.
 */
import { describe, expect, it, vi } from "vitest";
import * as topA from "@/lib/top/errors";
import * as appA from "@/lib/auth/errors";
import * as syncA from "@/lib/sync/errors";
import { errorBrand, hasErrorBrand } from "./brand";

async function secondCopy() {
  vi.resetModules();
  const [top, app, sync, quota] = await Promise.all([import("@/lib/top/errors"), import("@/lib/auth/errors"), import("@/lib/sync/errors"), import("@/lib/top-quota/limiter")]);
  return { top, app, sync, quota };
}

const response = (code: number, subCode: string | null = null) => ({ code, msg: "m", subCode, subMsg: null, requestId: "r1" });

describe("errors are recognised by brand across module copies", () => {
  it("a second copy's classes are different classes (instanceof fails: the bug's premise)", async () => {
    const b = await secondCopy();
    expect(b.top.TopError).not.toBe(topA.TopError);
    expect(new b.top.TopSessionError("m", response(27))).not.toBeInstanceOf(topA.TopSessionError);
    expect(new b.app.AppError("conflict")).not.toBeInstanceOf(appA.AppError);
  });

  it("lib/top's errors: each is() accepts its own class and subclasses from either copy, nothing else", async () => {
    const b = await secondCopy();
    const session = new b.top.TopSessionError("taobao.trade.fullinfo.get", response(27, "invalid-sessionkey"));
    expect(topA.TopSessionError.is(session)).toBe(true);
    expect(topA.TopError.is(session)).toBe(true);
    expect(topA.TopClientError.is(session)).toBe(true);
    expect(topA.isTopClientError(session)).toBe(true);
    expect(topA.TopTransportError.is(session)).toBe(false);

    const plain = b.top.TopError.from("taobao.logistics.offline.send", response(15, "isv.logistics-offline-service-error:TRADE_STATUS_ERROR"));
    expect(topA.TopError.is(plain)).toBe(true);
    expect(topA.TopSessionError.is(plain)).toBe(false);
    // The fields callers read come along: they are plain properties.
    expect(topA.TopError.is(plain) && plain.subCode).toBe("isv.logistics-offline-service-error:TRADE_STATUS_ERROR");

    const others = [
      [new b.top.TopTransportError("x", { reason: "network" }), topA.TopTransportError],
      [new b.top.TopParseError("x", { reason: "html", snippet: "" }), topA.TopParseError],
      [new b.top.TopSchemaError("m", [{ path: "a", message: "b" }]), topA.TopSchemaError],
      [new b.top.TopValidationError("m", "tid", "bad"), topA.TopValidationError],
      [new b.top.TopBudgetExceededError("m", 10, 1000), topA.TopBudgetExceededError],
      [new b.top.TopOAuthError(400, "invalid_grant", null), topA.TopOAuthError],
    ] as const;
    for (const [e, cls] of others) {
      expect(cls.is(e), e.name).toBe(true);
      expect(topA.TopClientError.is(e), e.name).toBe(true);
      expect(topA.TopError.is(e), e.name).toBe(false);
    }
    const quota = new b.quota.TopQuotaUnavailableError("m", new Error("db down"));
    expect(topA.TopClientError.is(quota)).toBe(true);
    expect(quota.retryable).toBe(true);
  });

  it("AppError and the sync engine's errors, from either copy", async () => {
    const b = await secondCopy();
    expect(appA.AppError.is(new b.app.AppError("conflict"))).toBe(true);
    expect(appA.AppError.is(b.app.notFound())).toBe(true);
    expect(syncA.LeaseLostError.is(new b.sync.LeaseLostError("s", "o"))).toBe(true);
    expect(syncA.SyncAbortedError.is(new b.sync.SyncAbortedError())).toBe(true);
    expect(syncA.PlatformUnavailableError.is(new b.sync.PlatformUnavailableError(1000, "ban"))).toBe(true);
    expect(syncA.SyncAbortedError.is(new b.sync.LeaseLostError("s", "o"))).toBe(false);
  });

  it("plain errors, look-alikes and non-objects are never taken for a branded error", () => {
    for (const v of [new Error("TopError"), { name: "TopSessionError", kind: "session", code: 27 }, null, undefined, "TopError", 27, Symbol("x")]) {
      expect(topA.TopClientError.is(v)).toBe(false);
      expect(topA.TopSessionError.is(v)).toBe(false);
      expect(appA.AppError.is(v)).toBe(false);
    }
  });

  it("errorBrand marks a new class and its subclasses; hasErrorBrand reads the same global symbol", () => {
    class Base extends Error {
      static is = errorBrand(Base, "test.Base");
    }
    class Sub extends Base {}
    expect(Base.is(new Sub())).toBe(true);
    expect(hasErrorBrand(new Sub(), "test.Base")).toBe(true);
    expect(Object.keys(new Sub())).toEqual([]); // the brand is not an own, enumerable field
    expect(Base.is(new Error())).toBe(false);
  });
});
