import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signTopRequest, topSignString } from "./sign";

const DOC_PARAMS = {
  method: "taobao.item.seller.get",
  app_key: "12345678",
  session: "test",
  timestamp: "2016-01-01 12:00:00",
  format: "json",
  v: "2.0",
  sign_method: "md5",
  fields: "num_iid,title,nick,price,num",
  num_iid: "11223344",
};
const DOC_STRING =
  "app_key12345678fieldsnum_iid,title,nick,price,numformatjsonmethodtaobao.item.seller.getnum_iid11223344sessiontestsign_methodmd5timestamp2016-01-01 12:00:00v2.0";

describe("signTopRequest", () => {
  it("reproduces the official doc vector (md5)", () => {
    expect(topSignString(DOC_PARAMS)).toBe(DOC_STRING);
    expect(signTopRequest(DOC_PARAMS, "helloworld", "md5")).toBe("66987CB115214E59E6EC978214934FB8");
  });

  it("hmac is HMAC-MD5 keyed by the secret over the bare string", () => {
    const expected = createHmac("md5", "helloworld").update(DOC_STRING, "utf8").digest("hex").toUpperCase();
    const sign = signTopRequest({ ...DOC_PARAMS, sign_method: "hmac" }, "helloworld", "hmac");
    const expectedWithMethod = createHmac("md5", "helloworld").update(DOC_STRING.replace("sign_methodmd5", "sign_methodhmac"), "utf8").digest("hex").toUpperCase();
    expect(sign).toBe(expectedWithMethod);
    expect(sign).toMatch(/^[0-9A-F]{32}$/);
    expect(signTopRequest(DOC_PARAMS, "helloworld", "hmac")).toBe(expected);
  });

  it("hmac-sha256 is HMAC-SHA256 keyed by the secret, 64 upper-case hex chars", () => {
    const expected = createHmac("sha256", "helloworld").update(DOC_STRING, "utf8").digest("hex").toUpperCase();
    const sign = signTopRequest(DOC_PARAMS, "helloworld", "hmac-sha256");
    expect(sign).toBe(expected);
    expect(sign).toMatch(/^[0-9A-F]{64}$/);
  });

  it("signs Chinese values over their UTF-8 bytes", () => {
    const params = { method: "taobao.trade.memo.update", memo: "请用顺丰，谢谢", buyer_nick: "梳美人精品木梳", tid: "3796207345637527441" };
    const s = "buyer_nick梳美人精品木梳memo请用顺丰，谢谢methodtaobao.trade.memo.updatetid3796207345637527441";
    expect(topSignString(params)).toBe(s);
    const utf8 = Buffer.from(s, "utf8");
    expect(signTopRequest(params, "sécret密钥", "md5")).toBe(
      createHash("md5").update(Buffer.concat([Buffer.from("sécret密钥"), utf8, Buffer.from("sécret密钥")])).digest("hex").toUpperCase(),
    );
    expect(signTopRequest(params, "sécret密钥", "hmac-sha256")).toBe(createHmac("sha256", Buffer.from("sécret密钥")).update(utf8).digest("hex").toUpperCase());
    // A latin1 digest (the known Node-client bug) must differ.
    const latin1 = createHmac("sha256", "k").update(Buffer.from(s, "latin1")).digest("hex").toUpperCase();
    expect(signTopRequest(params, "k", "hmac-sha256")).not.toBe(latin1);
  });

  it("sorts names in ASCII code-unit order (bar, foo, foo_bar, foobar)", () => {
    expect(topSignString({ foobar: "4", foo_bar: "3", foo: "1", bar: "2" })).toBe("bar2foo1foo_bar3foobar4");
    expect(topSignString({ b: "1", B: "2", _a: "3", a: "4" })).toBe("B2_a3a4b1");
  });

  it("excludes sign and drops empty or whitespace-only values", () => {
    const base = signTopRequest(DOC_PARAMS, "helloworld", "md5");
    expect(signTopRequest({ ...DOC_PARAMS, sign: "ABC" }, "helloworld", "md5")).toBe(base);
    expect(signTopRequest({ ...DOC_PARAMS, empty: "", blank: "  \t\n" }, "helloworld", "md5")).toBe(base);
    // A value with surrounding spaces is kept verbatim.
    expect(topSignString({ a: " x " })).toBe("a x ");
  });

  it("rejects non-string values naming the parameter, and unknown sign methods", () => {
    expect(() => signTopRequest({ page_no: 1 } as unknown as Record<string, string>, "s", "md5")).toThrow(/"page_no" must be a string/);
    expect(() => signTopRequest({ a: "1" }, "s", "sha1" as never)).toThrow(/sign_method "sha1"/);
    expect(() => signTopRequest({ a: "1" }, "", "md5")).toThrow(/secret/);
  });

  describe("properties", () => {
    const name = fc.stringMatching(/^[a-z_][a-z0-9_.]{0,11}$/).filter((n) => n !== "sign");
    const value = fc.string({ minLength: 1, maxLength: 20, unit: "grapheme" });
    const params = fc.dictionary(name, value, { maxKeys: 12 });
    const method = fc.constantFrom("md5" as const, "hmac" as const, "hmac-sha256" as const);

    it("parameter order never changes the sign", () => {
      fc.assert(
        fc.property(params, method, fc.integer(), (p, m, seed) => {
          const entries = Object.entries(p);
          const shuffled = [...entries].reverse();
          const k = entries.length ? Math.abs(seed) % entries.length : 0;
          const rotated = [...entries.slice(k), ...entries.slice(0, k)];
          const s = signTopRequest(p, "secret", m);
          expect(signTopRequest(Object.fromEntries(shuffled), "secret", m)).toBe(s);
          expect(signTopRequest(Object.fromEntries(rotated), "secret", m)).toBe(s);
        }),
      );
    });

    it("the sign parameter itself is excluded", () => {
      fc.assert(
        fc.property(params, method, fc.string(), (p, m, sign) => {
          expect(signTopRequest({ ...p, sign }, "secret", m)).toBe(signTopRequest(p, "secret", m));
        }),
      );
    });

    it("empty and whitespace-only values are dropped", () => {
      const blank = fc.stringMatching(/^[ \t\r\n]{0,5}$/);
      fc.assert(
        fc.property(params, name, blank, method, (p, extra, b, m) => {
          fc.pre(!(extra in p));
          expect(signTopRequest({ ...p, [extra]: b }, "secret", m)).toBe(signTopRequest(p, "secret", m));
        }),
      );
    });

    it("any change of a kept value changes the sign", () => {
      fc.assert(
        fc.property(params, method, (p, m) => {
          const keys = Object.keys(p).filter((k) => p[k]!.trim() !== "");
          fc.pre(keys.length > 0);
          const k = keys[0]!;
          expect(signTopRequest({ ...p, [k]: `${p[k]}x` }, "secret", m)).not.toBe(signTopRequest(p, "secret", m));
        }),
      );
    });
  });
});
