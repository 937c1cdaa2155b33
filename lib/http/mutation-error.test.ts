import { describe, expect, it, vi } from "vitest";
import { mutationErrorKind, responseErrorKind, withTimeout } from "./mutation-error";

describe("mutationErrorKind", () => {
  it("a fetch that got no answer: offline when the browser says so, else no connection", () => {
    for (const message of ["Failed to fetch", "Load failed", "NetworkError when attempting to fetch resource."]) {
      expect(mutationErrorKind(new TypeError(message), false)).toBe("offline");
      expect(mutationErrorKind(new TypeError(message), true)).toBe("network");
    }
  });

  it("anything thrown while the browser is offline is the network's fault", () => {
    expect(mutationErrorKind(new Error("whatever"), false)).toBe("offline");
  });

  it("no answer in time (withTimeout, AbortSignal.timeout) is a timeout", () => {
    const e = new Error("signal timed out");
    e.name = "TimeoutError";
    expect(mutationErrorKind(e, true)).toBe("timeout");
    const off = new Error("the browser is offline");
    off.name = "OfflineError";
    expect(mutationErrorKind(off, true)).toBe("offline");
  });

  it("Next's server-action client on a 5xx or a page it cannot read is a server error", () => {
    expect(mutationErrorKind(new Error("An unexpected response was received from the server."), true)).toBe("server");
    expect(mutationErrorKind(new Error("An error occurred in the Server Components render."), true)).toBe("server");
  });

  it("is null for failures that are not the transport's (they carry their own words)", () => {
    expect(mutationErrorKind(new Error("运单号不符合所选物流公司的运单号规则。"), true)).toBeNull();
    expect(mutationErrorKind(new TypeError("Cannot read properties of undefined"), true)).toBeNull();
    expect(mutationErrorKind("Failed to fetch", true)).toBeNull();
    expect(mutationErrorKind(null, true)).toBeNull();
  });
});

describe("responseErrorKind", () => {
  it("5xx is the server's, 504/408 a timeout, the rest the route's own answer", () => {
    expect(responseErrorKind(500)).toBe("server");
    expect(responseErrorKind(502)).toBe("server");
    expect(responseErrorKind(504)).toBe("timeout");
    expect(responseErrorKind(408)).toBe("timeout");
    expect(responseErrorKind(400)).toBeNull();
    expect(responseErrorKind(429)).toBeNull();
  });
});

describe("withTimeout", () => {
  it("passes the answer through, or rejects with a TimeoutError when none comes in time", async () => {
    await expect(withTimeout(Promise.resolve(7), 1000)).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error("refused")), 1000)).rejects.toThrow("refused");
    vi.useFakeTimers();
    try {
      const late = withTimeout(new Promise(() => undefined), 5000);
      const caught = late.catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(5000);
      const e = (await caught) as Error;
      expect(e.name).toBe("TimeoutError");
      expect(mutationErrorKind(e, true)).toBe("timeout");
    } finally {
      vi.useRealTimers();
    }
  });
});
