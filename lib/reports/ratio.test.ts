import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { div, percentString, ratio, roundScaled, scaledToString, sub } from "./ratio";

describe("exact report ratios", () => {
  it("rounds half away from zero", () => {
    expect(roundScaled(ratio(5, 2)!)).toBe(3n);
    expect(roundScaled(ratio(-5, 2)!)).toBe(-3n);
    expect(roundScaled(ratio(7, 3)!)).toBe(2n);
    expect(roundScaled(ratio(1, 3)!, 4)).toBe(3333n);
    expect(roundScaled(ratio(2, 3)!, 4)).toBe(6667n);
  });

  it("formats percentages and scaled decimals", () => {
    expect(percentString(ratio(1, 3)!)).toBe("33.33");
    expect(percentString(ratio(-1, 8)!)).toBe("-12.50");
    expect(percentString(ratio(0, 5)!)).toBe("0.00");
    expect(scaledToString(5n, 2)).toBe("0.05");
    expect(scaledToString(-123456n, 2)).toBe("-1234.56");
  });

  it("has no zero denominators", () => {
    expect(ratio(1, 0)).toBeNull();
    expect(div(ratio(1)!, ratio(0)!)).toBeNull();
  });

  it("matches exact rational arithmetic on big amounts (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (a, b, c) => {
        const r = sub(ratio(a, b)!, ratio(1n, c)!);
        // r × b × c = a·c − b exactly.
        expect(r.num * b * c).toBe((a * c - b) * r.den);
        const q = roundScaled(ratio(a, b)!);
        const err = a * 2n - q * 2n * b; // 2(a − q·b) must lie in [−b, b]
        expect(err >= -b && err <= b).toBe(true);
      }),
    );
  });
});
