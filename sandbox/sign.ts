/**
 * The gateway's own signature check (top-protocol.md §3), written with node:crypto and kept
 * independent of lib/top's signer so that one bug cannot hide in both.
 *
 * The server signs over every received parameter except `sign`, sorted by name in code-unit
 * order, concatenated as name+value with no separators. Empty values are kept in the string
 * (the strictest reading): a client that sends an empty parameter but leaves it out of its own
 * string gets code 25, exactly as the protocol page warns.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const SIGN_METHODS = ["md5", "hmac", "hmac-sha256"] as const;
export type SignMethod = (typeof SIGN_METHODS)[number];

export function isSignMethod(v: string): v is SignMethod {
  return (SIGN_METHODS as readonly string[]).includes(v);
}

/** The string that is digested: sorted `name + value` pairs, `sign` excluded. */
export function signBaseString(params: ReadonlyMap<string, string>): string {
  const names = [...params.keys()].filter((k) => k !== "sign");
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let s = "";
  for (const n of names) s += n + (params.get(n) as string);
  return s;
}

/** Upper-case hex signature of the given parameters. */
export function computeSign(params: ReadonlyMap<string, string>, secret: string, method: SignMethod): string {
  const base = signBaseString(params);
  switch (method) {
    case "md5":
      return createHash("md5").update(secret + base + secret, "utf8").digest("hex").toUpperCase();
    case "hmac":
      return createHmac("md5", Buffer.from(secret, "utf8")).update(base, "utf8").digest("hex").toUpperCase();
    case "hmac-sha256":
      return createHmac("sha256", Buffer.from(secret, "utf8")).update(base, "utf8").digest("hex").toUpperCase();
  }
}

/** Constant-time comparison of the given signature with the expected one (exact, upper-case hex). */
export function verifySign(params: ReadonlyMap<string, string>, secret: string, method: SignMethod, given: string): boolean {
  const expected = computeSign(params, secret, method);
  if (given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given, "utf8"), Buffer.from(expected, "utf8"));
}
