/**
 * Exact arithmetic for report figures: money stays integer fen (bigint), and every derived figure
 * (客单价, 退款率, Δ%) is a ratio of integers rounded once, half away from zero, only when shown.
 */
export interface Ratio {
  num: bigint;
  /** Always > 0. */
  den: bigint;
}

export const ratio = (num: bigint | number, den: bigint | number = 1n): Ratio | null => {
  const d = BigInt(den);
  if (d === 0n) return null;
  const n = BigInt(num);
  return d < 0n ? { num: -n, den: -d } : { num: n, den: d };
};

export const sub = (a: Ratio, b: Ratio): Ratio => ({ num: a.num * b.den - b.num * a.den, den: a.den * b.den });

/** a / b, or null when b is zero. */
export const div = (a: Ratio, b: Ratio): Ratio | null => ratio(a.num * b.den, a.den * b.num);

/** round(r × 10^scale), half away from zero. */
export function roundScaled(r: Ratio, scale = 0): bigint {
  const n = r.num * 10n ** BigInt(scale);
  const q = n / r.den;
  const rem = n % r.den;
  const twice = (rem < 0n ? -rem : rem) * 2n;
  if (twice >= r.den) return n < 0n ? q - 1n : q + 1n;
  return q;
}

/** A scaled integer as a decimal string: (12345n, 2) → "123.45". */
export function scaledToString(v: bigint, scale: number): string {
  if (scale === 0) return v.toString();
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(scale + 1, "0");
  return `${neg ? "-" : ""}${s.slice(0, -scale)}.${s.slice(-scale)}`;
}

/** A ratio as a percentage with `decimals` places: 1/3 → "33.33". */
export function percentString(r: Ratio, decimals = 2): string {
  return scaledToString(roundScaled({ num: r.num * 100n, den: r.den }, decimals), decimals);
}

export function ratioToNumber(r: Ratio): number {
  return Number(r.num) / Number(r.den);
}
