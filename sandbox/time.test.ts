/**
 * The platform's clock as the sandbox shows it: the gateway's Date header and taobao.time.get
 * follow the sandbox clock (not this machine's), and lib/top's platformClock measures it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTopClient, platformNow, timeGet } from "../lib/top";
import { formatTopTime } from "../lib/time";
import { parseTop, startTestSandbox, type TestSandbox } from "./testkit";

let t: TestSandbox;
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.close());

const sandboxDate = () => new Date(t.sb.clock.nowMs()).toUTCString();

describe("the gateway's Date header", () => {
  it("carries the sandbox clock, and follows it when it is advanced", async () => {
    const r = await t.call("taobao.time.get");
    expect(r.status).toBe(200);
    expect(r.headers.get("date")).toBe(sandboxDate());
    // TEST_CLOCK, 2026-11-28 12:00:00 GMT+8.
    expect(r.headers.get("date")).toBe("Sat, 28 Nov 2026 04:00:00 GMT");
    await t.advance(3 * 3600 + 17);
    const later = await t.call("taobao.logistics.companies.get", { fields: "code" });
    expect(later.headers.get("date")).toBe("Sat, 28 Nov 2026 07:00:17 GMT");
    // Error answers carry it too.
    const bad = await t.call("taobao.no.such.method");
    expect(parseTop(bad.text).error_response).toBeTruthy();
    expect(bad.headers.get("date")).toBe(sandboxDate());
  });
});

describe("taobao.time.get", () => {
  it("answers the sandbox clock in GMT+8 without a session", async () => {
    const body = await t.ok("taobao.time.get");
    expect(body._key).toBe("time_get_response");
    expect(body.time).toBe(formatTopTime(new Date(t.sb.clock.nowMs())));
    expect(typeof body.request_id).toBe("string");
  });

  it("measures lib/top's platformClock for a worker whose clock is not the platform's", async () => {
    // The worker's clock runs 8 minutes ahead of the (frozen) sandbox clock.
    const client = createTopClient({
      gatewayUrl: t.sb.gatewayUrl,
      appKey: t.sb.options.appKey,
      appSecret: t.sb.options.appSecret,
      now: () => new Date(t.sb.clock.nowMs() + 8 * 60_000),
      retry: { maxAttempts: 1 },
      logger: quiet,
    });
    expect(client.platformClock.now()).toBeNull();
    const time = await timeGet(client);
    expect(time.getTime()).toBe(t.sb.clock.nowMs());
    expect(client.platformClock.skewMs()).toBe(-8 * 60_000);
    expect(client.platformClock.now()!.getTime()).toBe(t.sb.clock.nowMs());
    await t.advance(90);
    expect((await platformNow(client)).getTime()).toBe(t.sb.clock.nowMs());
  });
});
