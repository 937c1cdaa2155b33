import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TopError, TopParseError, TopSessionError } from "./errors";
import { parseLosslessJson, parseLosslessJsonReference, parseTopResponse, topResponseKey } from "./parse";
import { BIG_TID, TRADES_SOLD_GET, UNSAFE_NUM_IID } from "./testing/fixtures";

const M = "taobao.trades.sold.get";

describe("topResponseKey", () => {
  it("strips taobao. and turns dots into underscores; other namespaces keep their prefix", () => {
    expect(topResponseKey("taobao.trade.fullinfo.get")).toBe("trade_fullinfo_get_response");
    expect(topResponseKey("taobao.logistics.trace.search")).toBe("logistics_trace_search_response");
    expect(topResponseKey("alibaba.x.y")).toBe("alibaba_x_y_response");
  });
});

describe("parseTopResponse", () => {
  it("keeps 19-digit ids exact as strings and small integers as numbers", () => {
    const r = parseTopResponse(M, `{"trades_sold_get_response":${TRADES_SOLD_GET}}`);
    const trades = (r.trades as { trade: Record<string, unknown>[] }).trade;
    const t0 = trades[0]!;
    expect(t0.tid).toBe(BIG_TID);
    expect(t0.tid_str).toBe(BIG_TID);
    expect(t0.seller_flag).toBe(2);
    expect(r.total_results).toBe(2);
    const order = (t0.orders as { order: Record<string, unknown>[] }).order[0]!;
    expect(order.num_iid).toBe(UNSAFE_NUM_IID);
    expect(order.num).toBe(2);
    // safe-sized ids are strings too
    expect(trades[1]!.tid).toBe("518073718172548");
    // JSON.parse would have corrupted it: the test data really is beyond 2^53.
    expect(String(JSON.parse(`{"tid":${BIG_TID}}`).tid)).not.toBe(BIG_TID);
  });

  it("turns any unsafe integer into an exact string, whatever its key", () => {
    const r = parseTopResponse("taobao.x.get", '{"x_get_response":{"n":12345678901234567890,"neg":-9007199254740993,"f":1.5,"ok":9007199254740991}}');
    expect(r).toEqual({ n: "12345678901234567890", neg: "-9007199254740993", f: 1.5, ok: 9007199254740991 });
  });

  it("property: every 64-bit unsigned tid survives exactly", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (n) => {
        const r = parseTopResponse("taobao.trade.fullinfo.get", `{"trade_fullinfo_get_response":{"trade":{"tid":${n},"oid":${n}}}}`);
        expect((r.trade as { tid: string }).tid).toBe(n.toString());
        expect((r.trade as { oid: string }).oid).toBe(n.toString());
      }),
    );
  });

  it("throws TopError with every field for error_response", () => {
    const body = '{"error_response":{"code":15,"msg":"Remote service error","sub_code":"isv.trade-not-exist","sub_msg":"交易不存在","request_id":"r1"}}';
    const e = (() => {
      try {
        parseTopResponse(M, body);
      } catch (error) {
        return error;
      }
    })() as TopError;
    expect(e).toBeInstanceOf(TopError);
    expect(e).not.toBeInstanceOf(TopSessionError);
    expect({ code: e.code, msg: e.msg, subCode: e.subCode, subMsg: e.subMsg, requestId: e.requestId, method: e.method }).toEqual({
      code: 15,
      msg: "Remote service error",
      subCode: "isv.trade-not-exist",
      subMsg: "交易不存在",
      requestId: "r1",
      method: M,
    });
    expect(e.kind).toBe("invalid-request");
    expect(e.retryable).toBe(false);
    expect(e.message).toContain("isv.trade-not-exist");
  });

  it("throws TopSessionError for code 27 (optional sub fields absent)", () => {
    expect(() => parseTopResponse(M, '{"error_response":{"code":27,"msg":"Invalid session"}}')).toThrow(TopSessionError);
  });

  it.each([
    ["empty", "   ", "empty"],
    ["html", "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "html"],
    ["truncated", `{"trades_sold_get_response":{"total_results":2,"trades":{"trade":[{"tid":${BIG_TID},"sta`, "truncated"],
    ["truncated after a value", `{"trades_sold_get_response":{"total_results":2`, "truncated"],
    ["not json", "Service Unavailable", "invalid-json"],
    ["no envelope", '{"other_response":{}}', "missing-envelope"],
    ["not an object", "[1,2]", "missing-envelope"],
  ])("throws TopParseError for %s bodies", (_name, body, reason) => {
    try {
      parseTopResponse(M, body);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TopParseError);
      expect((error as TopParseError).reason).toBe(reason);
      expect((error as TopParseError).retryable).toBe(true);
      expect((error as TopParseError).kind).toBe("transient");
    }
  });

  it("redacts given secrets from error text copied from the body", () => {
    const session = "6100e23657fb0b2d0c78568e55a3031134be9a3a5d4b3a0";
    try {
      parseTopResponse(M, `{"error_response":{"code":27,"msg":"Invalid session","sub_msg":"session ${session} is invalid"}}`, { redact: [session] });
      expect.unreachable();
    } catch (error) {
      expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(session);
    }
    try {
      parseTopResponse(M, `<html>${session}</html>`, { redact: [session] });
      expect.unreachable();
    } catch (error) {
      expect((error as TopParseError).snippet).not.toContain(session);
      expect((error as TopParseError).snippet).toContain("[redacted]");
    }
  });
});

describe("parseLosslessJson", () => {
  it("parses nested content strings losslessly", () => {
    expect(parseLosslessJson(`{"tid":${BIG_TID},"list":[${BIG_TID}]}`)).toEqual({ tid: BIG_TID, list: [BIG_TID] });
  });
});

describe("the fast lossless path agrees with lossless-json", () => {
  const idKey = fc.constantFrom("tid", "oid", "num_iid", "sku_id", "num", "seller_flag", "price", "title", "x");
  const bigInt = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String);
  const scalar = fc.oneof(
    bigInt,
    fc.integer().map(String),
    // Integers come from the two arbitraries above (TOP never writes one in exponent form).
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)).map((d) => JSON.stringify(d)),
    // Strings full of digits, quotes, escapes and colons must stay untouched.
    fc.string().map((s) => JSON.stringify(s)),
    fc.stringMatching(/^[0-9:,\]\[ "\\]{0,30}$/).map((s) => JSON.stringify(s)),
    fc.constantFrom("true", "false", "null", '"3796207345637527441"', '"tid"'),
  );
  const json: fc.Arbitrary<string> = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small" }, scalar, tie("object"), tie("array")),
    object: fc.uniqueArray(fc.tuple(idKey, tie("value") as fc.Arbitrary<string>, fc.constantFrom("", " ", "\n  ")), { maxLength: 5, selector: ([k]) => k }).map((kvs) => `{${kvs.map(([k, v, ws]) => `${ws}"${k}"${ws}:${ws}${v}`).join(",")}}`),
    array: fc.array(tie("value") as fc.Arbitrary<string>, { maxLength: 5 }).map((vs) => `[${vs.join(", ")}]`),
  })).value as fc.Arbitrary<string>;

  it("on random documents with big integers, id keys and tricky strings", () => {
    fc.assert(
      fc.property(json, (text) => {
        expect(parseLosslessJson(text)).toEqual(parseLosslessJsonReference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it.each(['{"tid":-}', '{"tid":0123}', '{"tid":12a}', '{"tid":1.}', '[-]', '{"tid":3796207345637527441', '{"x":"3796207345637527441}'])("rejects the invalid document %s like the reference", (text) => {
    expect(() => parseLosslessJsonReference(text)).toThrow();
    expect(() => parseLosslessJson(text)).toThrow(SyntaxError);
  });

  it("on a real-shaped page", () => {
    const page = `{"trades_sold_get_response":{"trades":{"trade":[${Array.from({ length: 50 }, (_, i) => `{"tid":${BIG_TID.slice(0, -2)}${String(i).padStart(2, "0")},"num_iid":612345678901,"buyer_message":"tid:\\"1\\" 价格:19999999999999999,[1]","payment":"19.99","num":2,"orders":{"order":[{"oid":${BIG_TID},"sku_id":"5","num":1}]}}`).join(",")}]},"has_next":true}}`;
    expect(parseLosslessJson(page)).toEqual(parseLosslessJsonReference(page));
  });
});
