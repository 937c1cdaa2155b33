/**
 * Conformance of /router/rest over raw HTTP: every system error code produced by the condition
 * that causes it, and the exact envelopes.
 */
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_APP_SECRET } from "./defaults";
import { buildTopParams, signForTest, topCall } from "./testing";
import { parseTop, startTestSandbox, topTime, type TestSandbox } from "./testkit";

let t: TestSandbox;
let session: string;
const SOLD = "taobao.trades.sold.get";
const F = { fields: "tid,status" };

beforeAll(async () => {
  t = await startTestSandbox({ extraApps: [{ appKey: "99990001", appSecret: "other-secret", name: "另一个应用" }] });
  session = await t.session();
});
afterAll(() => t.close());

async function errorOf(r: Promise<{ text: string }>) {
  const body = parseTop((await r).text);
  return body.error_response as { code: number; msg: string; sub_code?: string; sub_msg?: string; request_id: string };
}

describe("success envelope", () => {
  it("is HTTP 200 with <method>_response, request_id, list wrappers and exact ids", async () => {
    const r = await t.call(SOLD, { fields: "tid,tid_str,payment,modified", page_size: "3" }, { session });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/application\/json/);
    const body = parseTop(r.text);
    expect(Object.keys(body)).toEqual(["trades_sold_get_response"]);
    const inner = body.trades_sold_get_response as Record<string, unknown>;
    expect(typeof inner.request_id).toBe("string");
    expect(typeof inner.total_results).toBe("number");
    const trades = (inner.trades as { trade: Record<string, unknown>[] }).trade;
    expect(trades).toHaveLength(3);
    for (const tr of trades) {
      expect(Object.keys(tr).sort()).toEqual(["modified", "payment", "tid", "tid_str"]);
      expect(tr.tid).toBe(tr.tid_str); // the bare number on the wire has exactly the digits of tid_str
      expect(r.text).toContain(`"tid":${tr.tid_str as string},`);
      expect(tr.payment).toMatch(/^\d+\.\d{2}$/);
      expect(tr.modified).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
  });

  it("leaves an empty list out", async () => {
    const body = await t.ok(SOLD, { ...F, start_created: "2026-11-28 11:59:59", end_created: "2026-11-28 11:59:59", status: "TRADE_FINISHED" }, { session });
    expect(body.total_results).toBe(0);
    expect("trades" in body).toBe(false);
  });

  it("answers GET with the query string too, and gzips when asked", async () => {
    const r = await t.call(SOLD, { ...F, page_size: "100" }, { session, get: true, headers: { "Accept-Encoding": "gzip" } });
    expect(r.status).toBe(200);
    // fetch decodes gzip transparently; check the header and the decoded body.
    expect(r.headers.get("content-encoding")).toBe("gzip");
    expect(parseTop(r.text).trades_sold_get_response).toBeTruthy();
    const raw = await fetch(`${t.sb.gatewayUrl}?${new URLSearchParams(buildTopParams({ method: SOLD, session, now: t.sb.clock.nowMs(), params: { ...F, page_size: "100" } }))}`, {
      headers: { "Accept-Encoding": "gzip" },
    });
    expect(raw.headers.get("content-encoding")).toBe("gzip");
    void gunzipSync;
  });

  it("accepts md5, hmac and hmac-sha256, and system params in the query with business params in the body", async () => {
    for (const signMethod of ["md5", "hmac", "hmac-sha256"] as const) {
      const body = await t.ok(SOLD, { ...F, page_size: "1" }, { session, signMethod });
      expect(body._key).toBe("trades_sold_get_response");
    }
    const p = buildTopParams({ method: SOLD, session, now: t.sb.clock.nowMs(), params: { ...F, page_size: "1" } });
    const sys = new URLSearchParams();
    const biz = new URLSearchParams();
    for (const [k, v] of Object.entries(p)) (["fields", "page_size"].includes(k) ? biz : sys).set(k, v);
    const res = await fetch(`${t.sb.gatewayUrl}?${sys}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8" }, body: biz.toString() });
    expect(Object.keys(parseTop(await res.text()))).toEqual(["trades_sold_get_response"]);
  });
});

describe("system errors (top-protocol.md §5)", () => {
  it("21 missing method, 22 unknown method", async () => {
    expect((await errorOf(t.call(SOLD, F, { session, omit: ["method"] }))).code).toBe(21);
    const e = await errorOf(t.call("taobao.trades.sold.gett", F, { session }));
    expect(e).toMatchObject({ code: 22, msg: "Invalid method" });
  });

  it("23 for xml, for a missing format (xml is the default) and for nonsense", async () => {
    for (const format of ["xml", "JSON", "yaml"]) {
      const e = await errorOf(t.call(SOLD, F, { session, format }));
      expect(e.code).toBe(23);
      expect(e.sub_msg).toMatch(/json/);
    }
    expect((await errorOf(t.call(SOLD, F, { session, omit: ["format"] }))).code).toBe(23);
  });

  it("24 missing sign, 25 wrong secret, 25 tampered value, 25 session added after signing, 25 lower-case hex", async () => {
    expect((await errorOf(t.call(SOLD, F, { session, omit: ["sign"] }))).code).toBe(24);
    expect(await errorOf(t.call(SOLD, F, { session, appSecret: "not-the-secret" }))).toMatchObject({ code: 25, msg: "Invalid signature" });
    const p = buildTopParams({ method: SOLD, now: t.sb.clock.nowMs(), params: F });
    p.session = session; // added after signing
    const r = await fetch(t.sb.gatewayUrl, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(p).toString() });
    expect((parseTop(await r.text()).error_response as { code: number }).code).toBe(25);
    const lower = buildTopParams({ method: SOLD, session, now: t.sb.clock.nowMs(), params: F });
    expect((await errorOf(t.call(SOLD, F, { session, sign: lower.sign!.toLowerCase() }))).code).toBe(25);
  });

  it("25 when an empty parameter is sent but left out of the client's string", async () => {
    const now = t.sb.clock.nowMs();
    const p = buildTopParams({ method: SOLD, session, now, params: F });
    const withEmpty = { ...p, buyer_nick: "" };
    const r = await fetch(t.sb.gatewayUrl, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(withEmpty).toString() });
    expect((parseTop(await r.text()).error_response as { code: number }).code).toBe(25);
    // Signed with the empty value included, it passes.
    const signed = { ...withEmpty, sign: signForTest({ ...withEmpty }, DEFAULT_APP_SECRET, "md5") };
    const ok = await fetch(t.sb.gatewayUrl, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(signed).toString() });
    expect(Object.keys(parseTop(await ok.text()))).toEqual(["trades_sold_get_response"]);
  });

  it("signs UTF-8: a Chinese value passes when signed over UTF-8 bytes", async () => {
    const body = await t.ok(SOLD, { ...F, buyer_nick: "快**猫", page_size: "1" }, { session });
    expect(body._key).toBe("trades_sold_get_response");
  });

  it("26 missing session, 27 unknown session, 27 session of another app", async () => {
    expect(await errorOf(t.call(SOLD, F))).toMatchObject({ code: 26 });
    expect(await errorOf(t.call(SOLD, F, { session: "6100000000" }))).toMatchObject({ code: 27, msg: "Invalid session", sub_code: "invalid-sessionkey" });
    const e = await errorOf(t.call(SOLD, F, { session, appKey: "99990001", appSecret: "other-secret" }));
    expect(e.code).toBe(27);
    expect(e.sub_msg).toMatch(/不属于该应用/);
  });

  it("28 missing app key, 29 unknown app key", async () => {
    expect((await errorOf(t.call(SOLD, F, { session, omit: ["app_key"] }))).code).toBe(28);
    expect((await errorOf(t.call(SOLD, F, { session, appKey: "11112222" }))).code).toBe(29);
  });

  it("30 missing timestamp; 31 for 11 minutes off either way, for a bad format; 9 minutes is fine", async () => {
    const now = t.sb.clock.nowMs();
    expect((await errorOf(t.call(SOLD, F, { session, omit: ["timestamp"] }))).code).toBe(30);
    expect((await errorOf(t.call(SOLD, F, { session, timestamp: topTime(now - 11 * 60_000) }))).code).toBe(31);
    expect((await errorOf(t.call(SOLD, F, { session, timestamp: topTime(now + 11 * 60_000) }))).code).toBe(31);
    // A client that formats the host's UTC wall clock instead of GMT+8 is 8 hours off.
    expect((await errorOf(t.call(SOLD, F, { session, timestamp: new Date(now).toISOString().slice(0, 19).replace("T", " ") }))).code).toBe(31);
    for (const bad of ["2026-11-28T12:00:00", "2026/11/28 12:00:00", String(now), "2026-02-30 12:00:00"]) {
      expect((await errorOf(t.call(SOLD, F, { session, timestamp: bad }))).code).toBe(31);
    }
    expect((await t.ok(SOLD, F, { session, timestamp: topTime(now - 9 * 60_000) }))._key).toBe("trades_sold_get_response");
  });

  it("32 missing version, 33 malformed, 34 unsupported", async () => {
    expect((await errorOf(t.call(SOLD, F, { session, omit: ["v"] }))).code).toBe(32);
    expect((await errorOf(t.call(SOLD, F, { session, v: "two" }))).code).toBe(33);
    expect((await errorOf(t.call(SOLD, F, { session, v: "1.0" }))).code).toBe(34);
  });

  it("40/41 for sign_method, 41 for duplicated parameters and for simplify", async () => {
    expect((await errorOf(t.call(SOLD, F, { session, omit: ["sign_method"] }))).msg).toBe("Missing required arguments:sign_method");
    const p = buildTopParams({ method: SOLD, session, now: t.sb.clock.nowMs(), params: F });
    const r = await fetch(`${t.sb.gatewayUrl}?fields=tid`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(p).toString() });
    expect((parseTop(await r.text()).error_response as { msg: string }).msg).toBe("Invalid arguments:fields");
    expect((await errorOf(t.call(SOLD, { ...F, simplify: "true" }, { session }))).msg).toBe("Invalid arguments:simplify");
  });

  it("error_response carries code, msg, sub_code, sub_msg and request_id", async () => {
    const e = await errorOf(t.call(SOLD, { ...F, page_size: "101" }, { session }));
    expect(Object.keys(e)).toEqual(["code", "msg", "sub_code", "sub_msg", "request_id"]);
    expect(e).toMatchObject({ code: 41, msg: "Invalid arguments:page_size", sub_code: "isv.invalid-parameter:page_size" });
  });

  it("does not answer other paths or methods as the gateway", async () => {
    expect((await fetch(`${t.sb.url}/router/rest2`)).status).toBe(404);
    expect((await fetch(t.sb.gatewayUrl, { method: "PUT" })).status).toBe(405);
  });
});

describe("business argument errors (40/41)", () => {
  it("40 when fields is missing; 41 when none of the fields is known", async () => {
    expect((await errorOf(t.call(SOLD, {}, { session }))).msg).toBe("Missing required arguments:fields");
    expect((await errorOf(t.call(SOLD, { fields: "nonsense,more_nonsense" }, { session }))).msg).toBe("Invalid arguments:fields");
  });

  it("page_size must be 1–100, page_no ≥ 1, use_has_next a boolean", async () => {
    expect((await errorOf(t.call(SOLD, { ...F, page_size: "101" }, { session }))).code).toBe(41);
    expect((await errorOf(t.call(SOLD, { ...F, page_size: "0" }, { session }))).code).toBe(41);
    expect((await errorOf(t.call(SOLD, { ...F, page_size: "1.5" }, { session }))).code).toBe(41);
    expect((await errorOf(t.call(SOLD, { ...F, page_no: "0" }, { session }))).msg).toBe("Invalid arguments:page_no");
    expect((await errorOf(t.call(SOLD, { ...F, use_has_next: "yes" }, { session }))).msg).toBe("Invalid arguments:use_has_next");
    expect((await t.ok(SOLD, { ...F, page_size: "100" }, { session }))._key).toBe("trades_sold_get_response");
  });

  it("trades.sold.get only within the last three months, start ≤ end, known status and type", async () => {
    expect((await errorOf(t.call(SOLD, { ...F, start_created: "2026-08-27 00:00:00" }, { session }))).msg).toBe("Invalid arguments:start_created");
    expect((await t.ok(SOLD, { ...F, start_created: "2026-08-28 00:00:00" }, { session }))._key).toBe("trades_sold_get_response");
    expect((await errorOf(t.call(SOLD, { ...F, start_created: "2026-11-02 00:00:00", end_created: "2026-11-01 00:00:00" }, { session }))).msg).toBe(
      "Invalid arguments:end_created",
    );
    expect((await errorOf(t.call(SOLD, { ...F, start_created: "2026-11-02" }, { session }))).msg).toBe("Invalid arguments:start_created");
    expect((await errorOf(t.call(SOLD, { ...F, status: "PAID" }, { session }))).msg).toBe("Invalid arguments:status");
    expect((await errorOf(t.call(SOLD, { ...F, type: "fixed,teleport" }, { session }))).msg).toBe("Invalid arguments:type");
  });

  it("increment.get: both ends required, start < end, at most one day", async () => {
    const INC = "taobao.trades.sold.increment.get";
    expect((await errorOf(t.call(INC, F, { session }))).msg).toBe("Missing required arguments:start_modified");
    expect((await errorOf(t.call(INC, { ...F, start_modified: "2026-11-28 10:00:00" }, { session }))).msg).toBe("Missing required arguments:end_modified");
    expect((await errorOf(t.call(INC, { ...F, start_modified: "2026-11-28 10:00:00", end_modified: "2026-11-28 10:00:00" }, { session }))).code).toBe(41);
    expect((await errorOf(t.call(INC, { ...F, start_modified: "2026-11-27 09:59:59", end_modified: "2026-11-28 10:00:00" }, { session }))).msg).toBe(
      "Invalid arguments:end_modified",
    );
    expect((await t.ok(INC, { ...F, start_modified: "2026-11-27 10:00:00", end_modified: "2026-11-28 10:00:00" }, { session }))._key).toBe(
      "trades_sold_increment_get_response",
    );
  });

  it("fullinfo.get needs a numeric tid of the seller's shop", async () => {
    const FULL = "taobao.trade.fullinfo.get";
    expect((await errorOf(t.call(FULL, F, { session }))).msg).toBe("Missing required arguments:tid");
    expect((await errorOf(t.call(FULL, { ...F, tid: "12ab" }, { session }))).msg).toBe("Invalid arguments:tid");
    expect(await errorOf(t.call(FULL, { ...F, tid: "1234567890123456789" }, { session }))).toMatchObject({ code: 15, sub_code: "isv.trade-not-exist" });
    // A trade of the other shop is not visible to this seller.
    const other = await t.admin<{ trades: { tid: string }[] }>(`/_sandbox/trades?shop=${encodeURIComponent("棉语家居旗舰店")}&limit=1`);
    expect((await errorOf(t.call(FULL, { ...F, tid: other.trades[0]!.tid }, { session }))).sub_code).toBe("isv.trade-not-exist");
  });

  it("methods without a session still verify one that is sent", async () => {
    const e = await errorOf(t.call("taobao.logistics.companies.get", { fields: "code" }, { session: "nope" }));
    expect(e.code).toBe(27);
    expect((await t.ok("taobao.logistics.companies.get", { fields: "code" }))._key).toBe("logistics_companies_get_response");
  });
});

describe("raw call through topCall directly", () => {
  it("topCall defaults to the built-in app", async () => {
    const r = await topCall(t.sb.gatewayUrl, { method: "taobao.logistics.companies.get", params: { fields: "code,name" }, now: t.sb.clock.nowMs() });
    expect(r.json?.logistics_companies_get_response).toBeTruthy();
  });
});
