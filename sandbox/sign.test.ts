import { describe, expect, it } from "vitest";
import { computeSign, signBaseString, verifySign } from "./sign";
import { signForTest } from "./testing";

const VECTOR: Record<string, string> = {
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
const map = (o: Record<string, string>) => new Map(Object.entries(o));

describe("signature (top-protocol.md §3)", () => {
  it("reproduces the official md5 test vector", () => {
    expect(signBaseString(map(VECTOR))).toBe(
      "app_key12345678fieldsnum_iid,title,nick,price,numformatjsonmethodtaobao.item.seller.getnum_iid11223344sessiontestsign_methodmd5timestamp2016-01-01 12:00:00v2.0",
    );
    expect(computeSign(map(VECTOR), "helloworld", "md5")).toBe("66987CB115214E59E6EC978214934FB8");
    expect(signForTest(VECTOR, "helloworld", "md5")).toBe("66987CB115214E59E6EC978214934FB8");
  });

  it("sorts by code unit and excludes sign", () => {
    expect(signBaseString(map({ foobar: "4", foo_bar: "3", foo: "1", bar: "2", sign: "X" }))).toBe("bar2foo1foo_bar3foobar4");
  });

  it("agrees with the independent test signer for hmac and hmac-sha256, Chinese values included", () => {
    const p = { ...VECTOR, memo: "已联系买家，改发顺丰 😊", sign_method: "hmac" };
    const hmac = computeSign(map(p), "s3cret", "hmac");
    expect(hmac).toMatch(/^[0-9A-F]{32}$/);
    expect(signForTest(p, "s3cret", "hmac")).toBe(hmac);
    const p2 = { ...p, sign_method: "hmac-sha256" };
    const sha = computeSign(map(p2), "s3cret", "hmac-sha256");
    expect(sha).toMatch(/^[0-9A-F]{64}$/);
    expect(signForTest(p2, "s3cret", "hmac-sha256")).toBe(sha);
  });

  it("hmac does not wrap the string in the secret (unlike md5)", () => {
    expect(computeSign(map(VECTOR), "helloworld", "hmac")).not.toBe(computeSign(map(VECTOR), "helloworld", "md5"));
  });

  it("verifies exactly: lower-case hex, a wrong secret or a changed value fail", () => {
    const sign = computeSign(map(VECTOR), "helloworld", "md5");
    expect(verifySign(map(VECTOR), "helloworld", "md5", sign)).toBe(true);
    expect(verifySign(map(VECTOR), "helloworld", "md5", sign.toLowerCase())).toBe(false);
    expect(verifySign(map(VECTOR), "wrong", "md5", sign)).toBe(false);
    expect(verifySign(map({ ...VECTOR, num_iid: "11223345" }), "helloworld", "md5", sign)).toBe(false);
  });

  it("keeps empty values in the signed string (strict server rule)", () => {
    expect(signBaseString(map({ a: "1", b: "", c: "3" }))).toBe("a1bc3");
  });
});
