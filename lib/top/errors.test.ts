import { describe, expect, it } from "vitest";
import { classifyTopError, parseBanMs, redactSecrets, TopError, TopSessionError } from "./errors";

const c = (code: number, subCode: string | null = null, subMsg: string | null = null) => classifyTopError({ code, subCode, subMsg });

describe("classifyTopError implements top-protocol.md §5", () => {
  it("7: throttled, retryable, waits the announced ban", () => {
    expect(c(7, "accesscontrol.limited-by-api-access-count", "This ban will last for 17 more seconds")).toEqual({
      kind: "throttled",
      retryable: true,
      retryAfterMs: 17_000,
    });
    expect(c(7, "accesscontrol.limited-by-app-access-count")).toEqual({ kind: "throttled", retryable: true, retryAfterMs: null });
  });
  it.each([4, 5, 6, 8])("%i: throttled, wait and retry", (code) => {
    expect(c(code)).toMatchObject({ kind: "throttled", retryable: true });
  });
  it.each([1, 10, 44])("%i: transient, retry", (code) => {
    expect(c(code)).toMatchObject({ kind: "transient", retryable: true });
  });
  it.each([11, 12, 53])("%i: permission, fail", (code) => {
    expect(c(code, code === 11 ? "isv.permission-api-package-limit" : null)).toMatchObject({ kind: "permission", retryable: false });
  });
  it("15: retried only for isp.* sub codes", () => {
    for (const sub of ["isp.top-remote-connection-timeout", "isp.top-remote-service-unavailable", "isp.remote-connection-error", "isp.top-remote-unknown-error", "isp.service-error"]) {
      expect(c(15, sub)).toMatchObject({ kind: "transient", retryable: true });
    }
    expect(c(15, "isv.invalid-parameter")).toMatchObject({ kind: "invalid-request", retryable: false });
    expect(c(15)).toMatchObject({ retryable: false });
  });
  it.each([21, 22, 23, 28, 29, 30, 31, 32, 33, 34, 40, 41])("%i: invalid request, fail", (code) => {
    expect(c(code)).toMatchObject({ kind: "invalid-request", retryable: false });
  });
  it.each([24, 25])("%i: signature, fail", (code) => {
    expect(c(code)).toMatchObject({ kind: "signature", retryable: false });
  });
  it.each([26, 27])("%i: session, fail with TopSessionError", (code) => {
    expect(c(code, "invalid-sessionkey")).toMatchObject({ kind: "session", retryable: false });
    expect(TopError.from("m", { code, msg: "Invalid session", subCode: null, subMsg: null, requestId: null })).toBeInstanceOf(TopSessionError);
  });
  it("token-invalid sub codes under other codes are session errors too", () => {
    expect(TopError.from("m", { code: 15, msg: "x", subCode: "sessionkey-not-generated-by-server", subMsg: null, requestId: null })).toBeInstanceOf(TopSessionError);
  });
  it("isv.* is never retried", () => {
    expect(c(1, "isv.x")).toMatchObject({ retryable: false });
    expect(c(4, "isv.x")).toMatchObject({ retryable: false });
    expect(c(99, "isv.x")).toMatchObject({ retryable: false });
    expect(c(99, "isp.x")).toMatchObject({ retryable: true });
  });
});

describe("parseBanMs", () => {
  it("reads the announced ban", () => {
    expect(parseBanMs("This ban will last for 1 more seconds")).toBe(1000);
    expect(parseBanMs("This ban will last for 86399 more seconds")).toBe(86_399_000);
    expect(parseBanMs("something else")).toBeNull();
    expect(parseBanMs(null)).toBeNull();
  });
});

describe("redactSecrets", () => {
  it("replaces raw and URL-encoded occurrences", () => {
    expect(redactSecrets("a s3cr3t+/= b s3cr3t%2B%2F%3D", ["s3cr3t+/="])).toBe("a [redacted] b [redacted]");
  });
});
