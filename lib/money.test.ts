import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MoneyFormatError, fenToYuan, fenToYuanNumber, formatCny, parseYuan, parseYuanOrZero } from "./money";

describe("parseYuan", () => {
  it.each([
    ["199.99", 19999],
    ["0.01", 1],
    ["0.1", 10],
    ["76", 7600],
    ["76.00", 7600],
    ["-10.50", -1050],
    ["-0.00", 0],
    ["123456789012.34", 12345678901234],
    [" 5.00 ", 500],
  ])("%j is %d fen", (input, fen) => {
    expect(parseYuan(input)).toBe(fen);
  });

  it("is exact where floats are not (0.29 * 100 = 28.999999999999996)", () => {
    expect(parseYuan("0.29")).toBe(29);
    expect(parseYuan("1.15")).toBe(115);
    expect(parseYuan("4.35")).toBe(435);
  });

  it.each(["", "abc", "1.234", "1e3", "1,000.00", "¥10", ".5", "5.", "--1", "+1", "NaN", "Infinity", "1 000", "0x10", "1234567890123456"])("rejects %j", (input) => {
    expect(() => parseYuan(input)).toThrow(MoneyFormatError);
    expect(() => parseYuan(input)).toThrow(/expected yuan with at most two decimals/);
  });

  it("rejects non-strings", () => {
    expect(() => parseYuan(12 as unknown as string)).toThrow(MoneyFormatError);
    expect(() => parseYuan(null as unknown as string)).toThrow(MoneyFormatError);
  });

  it("treats absent amounts as zero only in parseYuanOrZero", () => {
    expect(parseYuanOrZero(undefined)).toBe(0);
    expect(parseYuanOrZero(null)).toBe(0);
    expect(parseYuanOrZero("")).toBe(0);
    expect(parseYuanOrZero("3.20")).toBe(320);
    expect(() => parseYuanOrZero("x")).toThrow(MoneyFormatError);
  });
});

describe("fenToYuan", () => {
  it("formats TOP money strings", () => {
    expect(fenToYuan(19999)).toBe("199.99");
    expect(fenToYuan(5)).toBe("0.05");
    expect(fenToYuan(0)).toBe("0.00");
    expect(fenToYuan(-1050)).toBe("-10.50");
    expect(fenToYuan(123456789012345678901n)).toBe("1234567890123456789.01");
  });

  it("round-trips with parseYuan for every safe amount", () => {
    fc.assert(fc.property(fc.integer({ min: -(10 ** 15), max: 10 ** 15 }), (fen) => parseYuan(fenToYuan(fen)) === fen));
  });

  it("round-trips every two-decimal string", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 99 }), (yuan, cents) => {
        const s = `${yuan}.${String(cents).padStart(2, "0")}`;
        return fenToYuan(parseYuan(s)) === s;
      }),
    );
  });

  it("refuses fractional or unsafe fen", () => {
    expect(() => fenToYuan(1.5)).toThrow(MoneyFormatError);
    expect(() => fenToYuan(2 ** 60)).toThrow(MoneyFormatError);
  });
});

describe("formatCny", () => {
  it("shows ¥ with grouping and two decimals", () => {
    expect(formatCny(1234599)).toBe("¥12,345.99");
    expect(formatCny(0)).toBe("¥0.00");
    expect(formatCny(-50)).toBe("-¥0.50");
    expect(formatCny(100000000000n)).toBe("¥1,000,000,000.00");
  });

  it("agrees with Intl for every safe amount", () => {
    const intl = new Intl.NumberFormat("zh-CN", { style: "currency", currency: "CNY" });
    fc.assert(fc.property(fc.integer({ min: -(10 ** 12), max: 10 ** 12 }), (fen) => formatCny(fen) === intl.format(fen / 100)));
  });

  it("fenToYuanNumber is the decimal value", () => {
    expect(fenToYuanNumber(19999)).toBe(199.99);
  });
});
