/**
 * The server-action guard (issue 18, item 7): what Next answered with a 500 is refused with a
 * translated 4xx; what React's own client sends for any plain input passes untouched. The HTTP
 * proof against the production build is e2e/security-input.spec.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostileString } from "@/test/fuzz";
import { ACTION_BODY_LIMIT, checkActionBody, checkActionOrigin, checkPagePost, isPagePost, refusalResponse } from "./action-guard";

const { encodeReply } = (await import("next/dist/compiled/react-server-dom-turbopack/client.node.js" as string)) as { encodeReply: (v: unknown) => Promise<string | FormData> };

const headers = (h: Record<string, string>) => new Headers(h);
const post = (body: BodyInit | null, h: Record<string, string> = {}) =>
  new Request("http://127.0.0.1:3000/orders/1", { method: "POST", body, headers: { host: "127.0.0.1:3000", "next-action": "40ab", "content-type": "text/plain;charset=UTF-8", ...h } });

describe("checkActionBody", () => {
  it.each(["", "null", "NaN", "undefined", "{}", '{"0":"en"}', "[", '[{"a":', '"en"', "1", '["$1"]', '["$Q1"]', '["$@1"]', '["$h1"]', '["$K1"]', '["$nabc"]', '["$n1"]', '["$B1"]', '["$T"]', '[{"x":["$W2"]}]', JSON.stringify(Array(9).fill("en")), "[".repeat(40) + "]".repeat(40), "\u0000"])(
    "refuses %j",
    (body) => {
      expect(checkActionBody(body)).toEqual({ status: 400, reason: "body" });
    },
  );

  it.each(['["en"]', "[]", '["$undefined"]', '[{"tid":"1","memo":"$$abc","d":"$D2026-11-28T00:00:00.000Z","n":"$NaN","i":"$-Infinity","z":"$-0"}]', '[{"$weird key":1}]', '[null,true,1.5,"x"]'])("lets %j through", (body) => {
    expect(checkActionBody(body)).toBeNull();
  });

  it("property: never throws, whatever the text", () => {
    fc.assert(
      fc.property(fc.oneof(hostileString, fc.json(), fc.string({ unit: "binary" })), (s) => {
        const r = checkActionBody(s);
        expect(r === null || r.status === 400).toBe(true);
      }),
      { numRuns: 3000, seed: 1807 },
    );
  });

  it("property: what React's own client sends for any plain input passes", async () => {
    const plain = fc.jsonValue().map((v) => [JSON.parse(JSON.stringify(v)) as unknown]);
    const withUndefinedAndDates = fc.record({ tid: fc.string(), memo: fc.option(fc.string(), { nil: undefined }), at: fc.date({ noInvalidDate: true }), flag: fc.oneof(fc.integer(), fc.constant(Number.NaN)) }, { noNullPrototype: true }).map((v) => [v]);
    await fc.assert(
      fc.asyncProperty(fc.oneof(plain, withUndefinedAndDates), async (args) => {
        const body = await encodeReply(args);
        expect(typeof body).toBe("string");
        expect(checkActionBody(body as string)).toBeNull();
      }),
      { numRuns: 500, seed: 1807 },
    );
  });
});

describe("checkActionOrigin (Next's rule, as a 403)", () => {
  it("no Origin (not a browser) and the same host pass; another site, null or garbage is refused", () => {
    expect(checkActionOrigin(headers({ host: "127.0.0.1:3000" }))).toBeNull();
    expect(checkActionOrigin(headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }))).toBeNull();
    expect(checkActionOrigin(headers({ host: "internal:3000", "x-forwarded-host": "shop.example.com", origin: "https://shop.example.com" }))).toBeNull();
    for (const origin of ["https://evil.example", "http://127.0.0.1:3001", "null", "::::", "http://127.0.0.1:3000.evil.example"]) {
      expect(checkActionOrigin(headers({ host: "127.0.0.1:3000", origin })), origin).toEqual({ status: 403, reason: "origin" });
    }
    expect(checkActionOrigin(headers({ origin: "http://127.0.0.1:3000" }))).toEqual({ status: 403, reason: "origin" });
  });
});

describe("checkPagePost", () => {
  it("only POSTs to pages are checked; route handlers keep their own rules", () => {
    expect(isPagePost("POST", "/orders/1")).toBe(true);
    expect(isPagePost("GET", "/orders/1")).toBe(false);
    expect(isPagePost("POST", "/api/sync/run")).toBe(false);
  });

  it("answers each bad request with its status", async () => {
    expect(await checkPagePost(post('["en"]'))).toBeNull();
    expect(await checkPagePost(post('["en"]', { origin: "https://evil.example" }))).toEqual({ status: 403, reason: "origin" });
    expect(await checkPagePost(post("", {}))).toEqual({ status: 400, reason: "body" });
    expect(await checkPagePost(post("null"))).toEqual({ status: 400, reason: "body" });
    expect(await checkPagePost(post("x".repeat(ACTION_BODY_LIMIT + 1)))).toEqual({ status: 413, reason: "tooLarge" });
    expect(await checkPagePost(post('["en"]', { "content-length": String(ACTION_BODY_LIMIT + 1) }))).toEqual({ status: 413, reason: "tooLarge" });
    expect(await checkPagePost(post("garbage", { "content-type": "multipart/form-data; boundary=x" }))).toEqual({ status: 415, reason: "contentType" });
    const noAction = new Request("http://127.0.0.1:3000/orders", { method: "POST", body: "garbage", headers: { host: "127.0.0.1:3000", "content-type": "multipart/form-data; boundary=x" } });
    expect(await checkPagePost(noAction)).toEqual({ status: 405, reason: "method" });
    // A body exactly at the limit is read, then judged on its content.
    expect(await checkPagePost(post(`["${"x".repeat(ACTION_BODY_LIMIT - 4)}"]`))).toBeNull();
  });

  it("the answer is JSON in the request's language, never cached", async () => {
    const zh = refusalResponse({ status: 403, reason: "origin" }, { headers: headers({ "accept-language": "zh-CN,zh;q=0.9" }) });
    expect(zh.status).toBe(403);
    expect(zh.headers.get("cache-control")).toBe("no-store");
    expect(await zh.json()).toEqual({ error: { code: "forbidden", message: "请求来自其他网站，已拒绝。" } });
    const en = refusalResponse({ status: 413, reason: "tooLarge" }, { headers: headers({}), cookies: { get: () => ({ value: "en" }) } });
    expect(await en.json()).toEqual({ error: { code: "invalidInput", message: "The request is too large (at most 1 MB)." } });
    expect(refusalResponse({ status: 405, reason: "method" }, { headers: headers({}) }).headers.get("allow")).toBe("GET, HEAD");
  });
});
