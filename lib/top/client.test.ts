import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTopClient, isLoopbackHost, type TopClientConfig, type TopLogger } from "./client";
import { TopBudgetExceededError, TopError, TopParseError, TopSessionError, TopTransportError, TopValidationError } from "./errors";
import { createMemoryRateLimiter, type RateLimiter } from "./limiter";
import { createTopMetrics } from "./metrics";
import { BIG_TID } from "./testing/fixtures";
import { errorReply, okReply, startTopStub, type TopStubServer } from "./testing/stub-server";

const APP_KEY = "12345678";
const SECRET = "s3cr3t-App-Secret-9f8e7d";
const SESSION = "6100e23657fb0b2d0c78568e55a3031134be9a3a5d4b3a0";
const M = "taobao.trade.fullinfo.get";
const OK = okReply(M, `{"trade":{"tid":${BIG_TID},"status":"TRADE_FINISHED"},"request_id":"ok1"}`);

let stub: TopStubServer;
let waits: number[];
let logs: string[];

beforeAll(async () => {
  stub = await startTopStub({ appKey: APP_KEY, appSecret: SECRET });
});
afterAll(async () => {
  await stub.close();
});
afterEach(() => {
  stub.requests.length = 0;
  stub.accepted.length = 0;
});

const captureLogger: TopLogger = {
  debug: (o, m) => logs.push(`${JSON.stringify(o)} ${m ?? ""}`),
  info: (o, m) => logs.push(`${JSON.stringify(o)} ${m ?? ""}`),
  warn: (o, m) => logs.push(`${JSON.stringify(o)} ${m ?? ""}`),
  error: (o, m) => logs.push(`${JSON.stringify(o)} ${m ?? ""}`),
};

function client(overrides: Partial<TopClientConfig> = {}) {
  waits = [];
  logs = [];
  return createTopClient({
    gatewayUrl: stub.gatewayUrl,
    appKey: APP_KEY,
    appSecret: SECRET,
    timeoutMs: 2_000,
    retry: { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 5_000, maxBanWaitMs: 60_000 },
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    logger: captureLogger,
    ...overrides,
  });
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

describe("requests", () => {
  it("POSTs a signed form with every system parameter; the stub verifies the signature", async () => {
    stub.enqueue(M, OK);
    const c = client();
    const r = await c.call(
      M,
      { tid: BIG_TID, fields: "tid,status", when: new Date("2026-11-28T01:30:00Z"), obj: { a: [1, "二"] }, flag: true, empty: "", blank: "  ", none: undefined, nil: null },
      { session: SESSION },
    );
    expect((r.trade as { tid: string }).tid).toBe(BIG_TID);
    expect(stub.accepted).toHaveLength(1);
    const req = stub.accepted[0]!;
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded;charset=UTF-8");
    // The stub listens on 127.0.0.1: a loopback gateway is asked for identity (see the compression tests).
    expect(req.headers["accept-encoding"]).toBe("identity");
    expect(req.params).toMatchObject({
      method: M,
      app_key: APP_KEY,
      session: SESSION,
      format: "json",
      v: "2.0",
      sign_method: "hmac-sha256",
      tid: BIG_TID,
      when: "2026-11-28 09:30:00",
      obj: '{"a":[1,"二"]}',
      flag: "true",
    });
    expect(req.params.sign).toMatch(/^[0-9A-F]{64}$/);
    expect(req.params).not.toHaveProperty("empty");
    expect(req.params).not.toHaveProperty("blank");
    expect(req.params).not.toHaveProperty("none");
    expect(req.params).not.toHaveProperty("nil");
    // The secret never travels.
    expect(req.rawBody).not.toContain(SECRET);
  });

  it.each(["md5", "hmac", "hmac-sha256"] as const)("signs with %s, including Chinese values", async (signMethod) => {
    stub.enqueue(M, OK);
    await client({ signMethod }).call(M, { tid: BIG_TID, memo: "请用顺丰，谢谢 ✓" }, { session: SESSION });
    expect(stub.accepted).toHaveLength(1);
    expect(stub.accepted[0]!.params.sign_method).toBe(signMethod);
    expect(stub.accepted[0]!.params.memo).toBe("请用顺丰，谢谢 ✓");
  });

  it("a wrong secret fails with a signature error (code 25) and is not retried", async () => {
    const e = await failure(client({ appSecret: "wrong-secret" }).call(M, { tid: "1" }));
    expect(e).toBeInstanceOf(TopError);
    expect((e as TopError).code).toBe(25);
    expect((e as TopError).kind).toBe("signature");
    expect(stub.requests).toHaveLength(1);
  });

  it("builds a GMT+8 timestamp whatever the process time zone", async () => {
    const saved = process.env.TZ;
    const fixed = new Date("2026-11-28T01:30:05.987Z");
    const local = await startTopStub({ appKey: APP_KEY, appSecret: SECRET, now: () => fixed });
    local.on(M, () => OK);
    try {
      const offsets = new Set<number>();
      for (const tz of ["America/Los_Angeles", "UTC", "Asia/Shanghai", "Asia/Kolkata", "Pacific/Kiritimati", "Pacific/Pago_Pago"]) {
        process.env.TZ = tz;
        offsets.add(new Date("2026-11-28T01:30:05Z").getTimezoneOffset());
        await client({ gatewayUrl: local.gatewayUrl, now: () => fixed }).call(M, { tid: "1" });
        expect(local.accepted.at(-1)!.params.timestamp).toBe("2026-11-28 09:30:05");
      }
      // The zone switch really took effect (otherwise this test would prove nothing).
      expect(offsets.size).toBeGreaterThan(3);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
      await local.close();
    }
  });

  it("a timestamp off by 8 hours would be rejected by the gateway (code 31)", async () => {
    const e = await failure(client({ now: () => new Date(Date.now() - 8 * 3600_000) }).call(M, { tid: "1" }));
    expect((e as TopError).code).toBe(31);
    expect((e as TopError).retryable).toBe(false);
  });

  it("accepts gzip responses", async () => {
    stub.enqueue(M, { ...OK, gzip: true });
    const r = await client().call(M, { tid: "1" });
    expect((r.trade as { tid: string }).tid).toBe(BIG_TID);
  });

  it("asks for gzip unless the gateway is on the loopback interface; compression: true forces it", async () => {
    stub.enqueue(M, { ...OK, gzip: true });
    const r = await client({ compression: true }).call(M, { tid: "1" });
    expect((r.trade as { tid: string }).tid).toBe(BIG_TID);
    expect(stub.accepted[0]!.headers["accept-encoding"]).toBe("gzip, deflate");
    for (const h of ["127.0.0.1", "127.1.2.3", "localhost", "[::1]", "::1"]) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ["eco.taobao.com", "gw.api.taobao.com", "10.0.0.1", "128.0.0.1", "127.0.0.1.nip.io"]) expect(isLoopbackHost(h), h).toBe(false);
  });

  it("reuses one kept-alive connection for sequential calls", async () => {
    stub.enqueue(M, OK, OK, OK);
    const c = client();
    for (let i = 0; i < 3; i++) await c.call(M, { tid: "1" });
    const ports = new Set(stub.accepted.map((r) => r.remotePort));
    expect(stub.accepted).toHaveLength(3);
    expect(ports.size).toBe(1);
  });
});

describe("retries", () => {
  it("retries transient failures with full-jitter exponential backoff, then succeeds", async () => {
    stub.enqueue(M, { status: 502, body: "Bad Gateway" }, errorReply(15, "Remote service error", "isp.top-remote-connection-timeout"), OK);
    const metrics = createTopMetrics();
    const c = client({ metrics });
    const r = await c.call(M, { tid: "1" });
    expect((r.trade as { tid: string }).tid).toBe(BIG_TID);
    expect(stub.requests).toHaveLength(3);
    // random() = 0.5: half of 250·2^0 and 250·2^1
    expect(waits).toEqual([125, 250]);
    const s = metrics.snapshot().methods[M]!;
    expect(s).toMatchObject({ calls: 1, attempts: 3, successes: 1, failures: 0, retries: 2, throttles: 0 });
    expect(s.latency.count).toBe(3);
  });

  it("caps the backoff at maxDelayMs", async () => {
    stub.enqueue(M, errorReply(10, "Service unavailable"), errorReply(10, "Service unavailable"), errorReply(10, "Service unavailable"), OK);
    await client({ random: () => 0.999999, retry: { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 1_500 } }).call(M, {});
    expect(waits).toEqual([999, 1499, 1499]);
  });

  it("honours a code-7 ban: waits exactly the announced seconds, once, then succeeds", async () => {
    stub.enqueue(M, errorReply(7, "App Call Limited", "accesscontrol.limited-by-api-access-count", "This ban will last for 3 more seconds"), OK);
    const metrics = createTopMetrics();
    await client({ metrics }).call(M, { tid: "1" });
    expect(waits).toEqual([3_000]);
    expect(stub.requests).toHaveLength(2);
    expect(metrics.snapshot().methods[M]).toMatchObject({ throttles: 1, retries: 1, successes: 1 });
  });

  it("fails at once with retryAfterMs when the ban is longer than maxBanWaitMs (never hammers)", async () => {
    stub.enqueue(M, errorReply(7, "App Call Limited", "accesscontrol.limited-by-app-access-count", "This ban will last for 3600 more seconds"));
    const metrics = createTopMetrics();
    const e = (await failure(client({ metrics }).call(M, { tid: "1" }))) as TopError;
    expect(e).toBeInstanceOf(TopError);
    expect(e.kind).toBe("throttled");
    expect(e.retryAfterMs).toBe(3_600_000);
    expect(stub.requests).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(metrics.snapshot().methods[M]).toMatchObject({ throttles: 1, failures: 1, failuresByKind: { throttled: 1 } });
  });

  it("a code-7 without a ban length waits a full (unjittered) backoff step", async () => {
    stub.enqueue(M, errorReply(7, "App Call Limited"), OK);
    await client({ random: () => 0 }).call(M, {});
    expect(waits).toEqual([250]);
  });

  it.each([
    ["isv.* (code 15)", errorReply(15, "Remote service error", "isv.trade-not-exist", "交易不存在"), "invalid-request"],
    ["25 invalid signature", errorReply(25, "Invalid signature"), "signature"],
    ["40 missing argument", errorReply(40, "Missing required arguments:tid"), "invalid-request"],
    ["41 invalid argument", errorReply(41, "Invalid arguments:tid"), "invalid-request"],
    ["11 isv permission", errorReply(11, "Insufficient isv permissions", "isv.permission-api-package-limit"), "permission"],
    ["12 user permission", errorReply(12, "Insufficient user permissions"), "permission"],
  ])("never retries %s", async (_name, reply, kind) => {
    stub.enqueue(M, reply);
    const e = (await failure(client().call(M, { tid: "1" }))) as TopError;
    expect(e).toBeInstanceOf(TopError);
    expect(e.kind).toBe(kind);
    expect(e.retryable).toBe(false);
    expect(stub.accepted).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("raises TopSessionError for an invalid session (code 27), without retrying", async () => {
    stub.enqueue(M, errorReply(27, "Invalid session", "invalid-sessionkey", "SessionKey非法"));
    const e = (await failure(client().call(M, { tid: "1" }, { session: SESSION }))) as TopSessionError;
    expect(e).toBeInstanceOf(TopSessionError);
    expect(e).toBeInstanceOf(TopError);
    expect(e.kind).toBe("session");
    expect(e.subCode).toBe("invalid-sessionkey");
    expect(e.requestId).toBe("stub-req");
    expect(stub.accepted).toHaveLength(1);
  });

  it("gives up after maxAttempts on repeated HTTP 502, with the last error", async () => {
    stub.enqueue(M, { status: 502, body: "<html>502 Bad Gateway</html>" }, { status: 502, body: "" }, { status: 502, body: "" });
    const metrics = createTopMetrics();
    const e = (await failure(client({ metrics }).call(M, {}))) as TopTransportError;
    expect(e).toBeInstanceOf(TopTransportError);
    expect(e.reason).toBe("http");
    expect(e.status).toBe(502);
    expect(e.retryable).toBe(true);
    expect(stub.requests).toHaveLength(3);
    expect(metrics.snapshot().methods[M]).toMatchObject({ attempts: 3, retries: 2, failures: 1, failuresByKind: { transient: 1 } });
  });

  it("does not retry HTTP 404 (a wrong gateway URL)", async () => {
    const e = (await failure(client({ gatewayUrl: `${stub.baseUrl}/wrong` }).call(M, {}))) as TopTransportError;
    expect(e).toBeInstanceOf(TopTransportError);
    expect(e.status).toBe(404);
    expect(e.retryable).toBe(false);
    expect(stub.requests).toHaveLength(1);
  });

  it("reads an error_response sent with HTTP 500 as a TOP error", async () => {
    stub.enqueue(M, { ...errorReply(7, "App Call Limited", undefined, "This ban will last for 1 more seconds"), status: 500 }, OK);
    await client().call(M, {});
    expect(waits).toEqual([1_000]);
  });
});

describe("bad bodies and transport failures", () => {
  it("times out a slow gateway per attempt and retries", async () => {
    stub.on("taobao.slow.get", () => ({ ...okReply("taobao.slow.get", "{}"), delayMs: 1_500 }));
    const e = (await failure(client({ timeoutMs: 100, retry: { maxAttempts: 2 } }).call("taobao.slow.get", {}))) as TopTransportError;
    expect(e).toBeInstanceOf(TopTransportError);
    expect(e.reason).toBe("timeout");
    expect(e.retryable).toBe(true);
    expect(stub.requests).toHaveLength(2);
    expect(waits).toHaveLength(1);
  });

  it("treats truncated JSON as a retryable parse error, then succeeds", async () => {
    stub.enqueue(M, { body: `{"trade_fullinfo_get_response":{"trade":{"tid":${BIG_TID},"sta` }, OK);
    await client().call(M, {});
    expect(stub.requests).toHaveLength(2);
  });

  it("reports truncated JSON as TopParseError when it persists", async () => {
    stub.enqueue(M, { body: '{"trade_fullinfo_get_response":{"trade":{' }, { body: '{"trade_fullinfo_get_response":{"trade":{' });
    const e = (await failure(client({ retry: { maxAttempts: 2 } }).call(M, {}))) as TopParseError;
    expect(e).toBeInstanceOf(TopParseError);
    expect(e.reason).toBe("truncated");
  });

  it("treats a connection dropped mid-body as a network error", async () => {
    const body = OK.body!;
    stub.enqueue(M, { body, dropAfterBytes: 20 }, { body, dropAfterBytes: 20 });
    const e = (await failure(client({ retry: { maxAttempts: 2 } }).call(M, {}))) as TopTransportError;
    expect(e).toBeInstanceOf(TopTransportError);
    expect(e.reason).toBe("network");
    expect(stub.requests).toHaveLength(2);
  });

  it("recognises a proxy's HTML error page (HTTP 200)", async () => {
    const html = "<!DOCTYPE html><html><head><title>Access denied</title></head><body>Tengine</body></html>";
    stub.enqueue(M, { body: html, headers: { "Content-Type": "text/html" } }, { body: html, headers: { "Content-Type": "text/html" } });
    const e = (await failure(client({ retry: { maxAttempts: 2 } }).call(M, {}))) as TopParseError;
    expect(e).toBeInstanceOf(TopParseError);
    expect(e.reason).toBe("html");
    expect(e.snippet).toContain("Access denied");
  });

  it("a refused connection is a retryable network error", async () => {
    const dead = await startTopStub({ appKey: APP_KEY, appSecret: SECRET });
    const url = dead.gatewayUrl;
    await dead.close();
    const e = (await failure(client({ gatewayUrl: url }).call(M, {}))) as TopTransportError;
    expect(e).toBeInstanceOf(TopTransportError);
    expect(e.reason).toBe("network");
    expect(e.message).toMatch(/ECONNREFUSED/);
    expect(waits).toHaveLength(2);
  });

  it("stops at once when the caller aborts", async () => {
    stub.on("taobao.slow2.get", () => ({ ...okReply("taobao.slow2.get", "{}"), delayMs: 1_000 }));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const e = (await failure(client().call("taobao.slow2.get", {}, { signal: ac.signal }))) as TopTransportError;
    expect(e).toBeInstanceOf(TopTransportError);
    expect(e.reason).toBe("aborted");
    expect(e.retryable).toBe(false);
    expect(stub.requests).toHaveLength(1);
  });
});

describe("secrets", () => {
  it("never puts the app secret or the session in errors or logs", async () => {
    const seen: string[] = [];
    const record = (e: Error) => {
      seen.push(e.message, String(e.stack), JSON.stringify(e), JSON.stringify(Object.entries(e)));
      if (e.cause instanceof Error) seen.push(e.cause.message);
    };
    // A gateway that echoes what it received.
    stub.on("taobao.echo.get", (r) => errorReply(41, `Invalid arguments:session=${r.params.session}`, "isv.invalid-parameter", `app secret ${SECRET}; session ${r.params.session}`));
    stub.on("taobao.echo.html", (r) => ({ status: 200, body: `<html>${r.rawBody}</html>` }));
    const c = client({ retry: { maxAttempts: 2 } });
    for (const m of ["taobao.echo.get", "taobao.echo.html", M]) {
      if (m === M) stub.enqueue(M, errorReply(27, "Invalid session", "invalid-sessionkey", `session ${SESSION} expired`));
      record(await failure(c.call(m, { tid: "1" }, { session: SESSION })));
    }
    record(await failure(client({ gatewayUrl: "http://127.0.0.1:1/router/rest", retry: { maxAttempts: 1 } }).call(M, {}, { session: SESSION })));
    record(await failure(Promise.resolve().then(() => createTopClient({ gatewayUrl: stub.gatewayUrl, appKey: APP_KEY, appSecret: SECRET, signMethod: SECRET as never }))));
    const all = [...seen, ...logs].join("\n");
    expect(logs.length).toBeGreaterThan(0);
    expect(all).toContain("[redacted]");
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(SESSION);
  });

  it("does not expose the secret on the client object", () => {
    const c = client();
    expect(JSON.stringify(c)).not.toContain(SECRET);
    expect(Object.values(c).map(String).join()).not.toContain(SECRET);
  });
});

function circular() {
  const o: Record<string, unknown> = {};
  o.self = o;
  return { obj: o };
}

describe("bad input fails fast, before any network call", () => {
  const cases: [string, () => Promise<unknown>, RegExp][] = [
    ["a bad method name", () => client().call("trade fullinfo", {}), /"method"/],
    ["a function value", () => client().call(M, { cb: (() => 1) as never }), /"cb"/],
    ["a symbol value", () => client().call(M, { s: Symbol("x") as never }), /"s"/],
    ["NaN", () => client().call(M, { page_no: Number.NaN }), /"page_no"/],
    ["a nested function", () => client().call(M, { query_list: [{ f: () => 1 }] }), /"query_list"/],
    ["a circular object", () => client().call(M, circular()), /"obj"/],
    ["an invalid Date", () => client().call(M, { start_created: new Date("nope") }), /"start_created"/],
    ["a system parameter among business ones", () => client().call(M, { session: SESSION }), /"session"/],
    ["an empty session", () => client().call(M, {}, { session: " " }), /"session"/],
  ];
  it.each(cases)("rejects %s", async (_name, run, param) => {
    const e = await failure(run());
    expect(e).toBeInstanceOf(TopValidationError);
    expect(e.message).toMatch(param);
    expect(stub.requests).toHaveLength(0);
  });

  it("rejects an unknown sign method and bad config at creation, naming the parameter", () => {
    expect(() => createTopClient({ gatewayUrl: stub.gatewayUrl, appKey: APP_KEY, appSecret: SECRET, signMethod: "sha1" as never })).toThrow(/"sign_method"/);
    expect(() => createTopClient({ gatewayUrl: "not a url", appKey: APP_KEY, appSecret: SECRET })).toThrow(/"gatewayUrl"/);
    expect(() => createTopClient({ gatewayUrl: stub.gatewayUrl, appKey: "", appSecret: SECRET })).toThrow(/"app_key"/);
    expect(() => createTopClient({ gatewayUrl: stub.gatewayUrl, appKey: APP_KEY, appSecret: "" })).toThrow(/"app_secret"/);
    expect(() => createTopClient({ gatewayUrl: stub.gatewayUrl, appKey: APP_KEY, appSecret: SECRET, timeoutMs: -1 })).toThrow(/"timeoutMs"/);
  });
});

describe("limiter and metrics", () => {
  it("acquires the limiter once per attempt, before sending", async () => {
    const acquired: string[] = [];
    const limiter: RateLimiter = { acquire: async (m) => void acquired.push(m) };
    stub.enqueue(M, errorReply(10, "Service unavailable"), OK);
    await client({ limiter }).call(M, {});
    expect(acquired).toEqual([M, M]);
  });

  it("fails with TopBudgetExceededError, without sending, when the daily budget is spent", async () => {
    stub.on(M, () => OK);
    const metrics = createTopMetrics();
    const limiter = createMemoryRateLimiter({ qps: 1000, dailyBudget: 2 });
    const c = client({ limiter, metrics });
    await c.call(M, {});
    await c.call(M, {});
    const e = (await failure(c.call(M, {}))) as TopBudgetExceededError;
    expect(e).toBeInstanceOf(TopBudgetExceededError);
    expect(e.kind).toBe("throttled");
    expect(e.retryAfterMs).toBeGreaterThan(0);
    expect(e.retryAfterMs).toBeLessThanOrEqual(86_400_000);
    expect(stub.requests).toHaveLength(2);
    expect(metrics.snapshot().total).toMatchObject({ calls: 3, attempts: 2, successes: 2, failures: 1, throttles: 1 });
  });

  it("keeps counters per method", async () => {
    stub.on("taobao.a.get", () => okReply("taobao.a.get", "{}"));
    stub.enqueue("taobao.b.get", errorReply(41, "Invalid arguments:x"));
    const metrics = createTopMetrics();
    const c = client({ metrics });
    await c.call("taobao.a.get", {});
    await c.call("taobao.a.get", {});
    await failure(c.call("taobao.b.get", {}));
    const snap = metrics.snapshot();
    expect(Object.keys(snap.methods)).toEqual(["taobao.a.get", "taobao.b.get"]);
    expect(snap.methods["taobao.a.get"]).toMatchObject({ calls: 2, successes: 2, failures: 0 });
    expect(snap.methods["taobao.b.get"]).toMatchObject({ calls: 1, failures: 1, failuresByKind: { "invalid-request": 1 } });
    expect(snap.total.calls).toBe(3);
    expect(snap.total.latency.maxMs).toBeGreaterThan(0);
    metrics.reset();
    expect(metrics.snapshot().total.calls).toBe(0);
  });
});
