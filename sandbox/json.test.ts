import { describe, expect, it } from "vitest";
import { raw, RawNumber, toJson } from "./json";

describe("toJson", () => {
  it("writes 19-digit ids as exact JSON numbers", () => {
    const s = toJson({ tid: raw("3796207345637527441"), tid_str: "3796207345637527441" });
    expect(s).toBe('{"tid":3796207345637527441,"tid_str":"3796207345637527441"}');
    // JSON.parse would corrupt it: the digits on the wire are the exact ones.
    expect(Number(JSON.parse(s).tid).toString()).not.toBe("3796207345637527441");
  });

  it("escapes strings, skips undefined members, keeps nested lists", () => {
    expect(toJson({ a: 'x"<\\>\n😊', b: undefined, c: [1, true, null, { d: raw(5) }] })).toBe('{"a":"x\\"<\\\\>\\n😊","c":[1,true,null,{"d":5}]}');
  });

  it("refuses non-integers as raw numbers and non-finite numbers", () => {
    expect(() => new RawNumber("1.5")).toThrow();
    expect(() => new RawNumber("0123")).toThrow();
    expect(() => toJson({ x: Number.NaN })).toThrow();
  });
});
