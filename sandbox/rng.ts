/**
 * Deterministic randomness for the sandbox. Everything the sandbox generates comes from a seed
 * through these functions, so the same seed (and the same clock) always gives the same shop.
 * sfc32 is small, fast and good enough for synthetic data; seeds are mixed with a murmur3-style
 * finaliser so that neighbouring indices give unrelated streams.
 */

/** murmur3's 32-bit finaliser. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a list of 32-bit integers into one (order matters). */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    h = mix32((h ^ (v >>> 0)) + 0x7f4a7c15 + Math.imul(h, 31));
  }
  return h;
}

/** FNV-1a over the UTF-16 code units of a string, then mixed. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seedA: number, seedB = 0x2545f491) {
    this.a = mix32(seedA ^ 0xdeadbeef);
    this.b = mix32(seedB ^ 0x41c64e6d);
    this.c = mix32((seedA + seedB) ^ 0x6c078965);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniform unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** A uniform integer in [min, max] (both included). */
  range(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** Picks an index by weight (weights need not sum to 1). */
  weighted(weights: readonly number[], total?: number): number {
    let sum = total ?? 0;
    if (total === undefined) for (const w of weights) sum += w;
    let r = this.float() * sum;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** A log-normal sample with the given median and spread (sigma of the underlying normal). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** A standard normal sample (Box–Muller). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A Poisson sample (Knuth for small means, a rounded normal for large ones). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = 1;
    for (;;) {
      p *= this.float();
      if (p <= limit) return k;
      k++;
    }
  }

  /** `n` decimal digits (the first may be 0). */
  digits(n: number): string {
    let s = "";
    while (s.length < n) s += String(this.u32() % 1_000_000_000).padStart(9, "0");
    return s.slice(0, n);
  }

  /** `n` characters from an alphabet (of at most 64 characters; five per 32-bit draw). */
  chars(n: number, alphabet: string): string {
    let s = "";
    const len = alphabet.length;
    while (s.length < n) {
      let x = this.u32();
      for (let k = 0; k < 5 && s.length < n; k++) {
        s += alphabet[(x & 63) % len];
        x >>>= 6;
      }
    }
    return s;
  }
}

/** A stream for (seed, parts...). */
export function rngFor(seed: number, ...parts: number[]): Rng {
  return new Rng(hashInts(seed, ...parts), hashInts(...parts, seed, 0x5bd1e995));
}

export const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
