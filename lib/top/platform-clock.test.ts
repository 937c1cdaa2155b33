/**
 * The client measures the platform's clock from each answer's Date header (a lower bound: the
 * header truncates to the second and was written before we read it), and taobao.time.get
 * measures it in one call.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { formatTopTime } from "../time";
import { platformNow, TIME_GET, timeGet } from "./api/time";
import { createTopClient, type TopClientConfig } from "./client";
import { createPlatformClock } from "./platform-clock";
import { errorReply, okReply, startTopStub, type StubReply, type TopStubServer } from "./testing/stub-server";

const APP_KEY = "12345678";
const SECRET = "s3cr3t-App-Secret-9f8e7d";
const M = "taobao.logistics.companies.get";
const BEHIND_MS = 8 * 60_000;
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

let stub: TopStubServer;

/** The stub's platform clock: 8 minutes behind this machine. */
const platformMs = () => Date.now() - BEHIND_MS;
const behind = (reply: StubReply): StubReply => ({ ...reply, headers: { ...reply.headers, Date: new Date(platformMs()).toUTCString() } });

beforeAll(async () => {
  stub = await startTopStub({ appKey: APP_KEY, appSecret: SECRET });
  stub.on(M, () => behind(okReply(M, `{"request_id":"r1"}`)));
  stub.on(TIME_GET, () => behind(okReply(TIME_GET, `{"time":"${formatTopTime(new Date(platformMs()))}","request_id":"t1"}`)));
});
afterAll(() => stub.close());
afterEach(() => {
  stub.requests.length = 0;
  stub.accepted.length = 0;
});

function client(overrides: Partial<TopClientConfig> = {}) {
  return createTopClient({ gatewayUrl: stub.gatewayUrl, appKey: APP_KEY, appSecret: SECRET, retry: { maxAttempts: 1 }, logger: quiet, ...overrides });
}

describe("platformClock", () => {
  it("is unknown before the first answer", () => {
    const c = client();
    expect(c.platformClock.now()).toBeNull();
    expect(c.platformClock.skewMs()).toBeNull();
  });

  it("follows a gateway 8 minutes behind this machine, never ahead of it", async () => {
    const c = client();
    await c.call(M);
    const skew = c.platformClock.skewMs()!;
    // Truncation to the second and the latency only make the measured offset smaller.
    expect(skew).toBeLessThanOrEqual(-BEHIND_MS);
    expect(skew).toBeGreaterThan(-BEHIND_MS - 2_000);
    const before = platformMs();
    const now = c.platformClock.now()!.getTime();
    const after = platformMs();
    expect(now).toBeLessThanOrEqual(after);
    expect(now).toBeGreaterThan(before - 2_000);
    expect(Date.now() - now).toBeGreaterThanOrEqual(BEHIND_MS);
  });

  it("adds the offset to the client's configured clock (a worker clock 8 minutes ahead of real time)", async () => {
    let local = Date.now() + BEHIND_MS;
    const c = client({ now: () => new Date(local) });
    // The stub's Date header is real time; the stub accepts the timestamp (8 < 10 minutes of skew).
    stub.enqueue(M, { body: `{"logistics_companies_get_response":{"request_id":"r2"}}` });
    await c.call(M);
    expect(c.platformClock.skewMs()!).toBeLessThanOrEqual(-BEHIND_MS);
    expect(c.platformClock.skewMs()!).toBeGreaterThan(-BEHIND_MS - 2_000);
    // The platform's now moves with the client's clock.
    local += 60_000;
    const now = c.platformClock.now()!.getTime();
    expect(now).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(now).toBeGreaterThan(Date.now() + 60_000 - 2_000);
  });

  it("is measured by error answers and HTTP errors too (the gateway answered)", async () => {
    const c = client();
    stub.enqueue(M, behind(errorReply(15, "Remote service error", "isv.invalid-parameter")));
    await expect(c.call(M)).rejects.toThrow();
    expect(c.platformClock.skewMs()!).toBeLessThanOrEqual(-BEHIND_MS);
    const d = client();
    stub.enqueue(M, behind({ status: 502, body: "<html>502 Bad Gateway</html>", headers: { "Content-Type": "text/html" } }));
    await expect(d.call(M)).rejects.toThrow(/HTTP 502/);
    expect(d.platformClock.skewMs()!).toBeLessThanOrEqual(-BEHIND_MS);
  });

  it("keeps the latest measurement, and stays unknown when answers carry no Date header", async () => {
    const headerless: typeof fetch = async () => new Response(`{"logistics_companies_get_response":{"request_id":"x"}}`, { status: 200 });
    const c = client({ fetch: headerless });
    await c.call(M);
    expect(c.platformClock.now()).toBeNull();

    const clock = createPlatformClock(() => new Date(Date.UTC(2026, 11, 3, 4, 0, 0, 500)));
    clock.record("Thu, 03 Dec 2026 03:52:00 GMT", Date.UTC(2026, 11, 3, 4, 0, 0, 250));
    expect(clock.skewMs()).toBe(-480_250);
    expect(clock.now()!.toISOString()).toBe("2026-12-03T03:52:00.250Z");
    clock.record("Thu, 03 Dec 2026 03:52:01 GMT", Date.UTC(2026, 11, 3, 4, 0, 1, 100));
    expect(clock.skewMs()).toBe(-480_100);
    clock.record("not a date", Date.UTC(2026, 11, 3, 4, 0, 2));
    clock.record(null, Date.UTC(2026, 11, 3, 4, 0, 2));
    expect(clock.skewMs()).toBe(-480_100);
  });
});

describe("taobao.time.get", () => {
  it("returns the platform's time and measures the clock in one call", async () => {
    const c = client();
    const t = await timeGet(c);
    expect(stub.accepted).toHaveLength(1);
    expect(stub.accepted[0]!.params.method).toBe(TIME_GET);
    expect(stub.accepted[0]!.params.session).toBeUndefined();
    expect(Math.abs(t.getTime() - platformMs())).toBeLessThan(2_000);
    expect(c.platformClock.skewMs()!).toBeLessThanOrEqual(-BEHIND_MS);
  });

  it("platformNow calls taobao.time.get only when nothing was measured yet", async () => {
    const c = client();
    const first = await platformNow(c);
    expect(stub.accepted).toHaveLength(1);
    expect(first.getTime()).toBeLessThanOrEqual(platformMs());
    expect(first.getTime()).toBeGreaterThan(platformMs() - 2_000);
    await platformNow(c);
    expect(stub.accepted).toHaveLength(1);
  });

  it("measures from the body when a proxy drops the Date header", async () => {
    const body = `{"time_get_response":{"time":"${formatTopTime(new Date(platformMs()))}","request_id":"t2"}}`;
    const c = client({ fetch: async () => new Response(body, { status: 200 }) });
    const now = await platformNow(c);
    expect(now.getTime()).toBeLessThanOrEqual(platformMs());
    expect(now.getTime()).toBeGreaterThan(platformMs() - 2_000);
    expect(c.platformClock.skewMs()!).toBeLessThanOrEqual(-BEHIND_MS);
  });
});
