/**
 * TOP request signature, exactly per top-protocol.md §3:
 * drop `sign` and empty/whitespace-only values, sort names in ASCII (code-unit) order,
 * concatenate `name + value` with no separators, digest the UTF-8 bytes, upper-case hex.
 */
import "server-only";
import { createHash, createHmac } from "node:crypto";

export const SIGN_METHODS = ["md5", "hmac", "hmac-sha256"] as const;
export type SignMethod = (typeof SIGN_METHODS)[number];

export function isSignMethod(value: unknown): value is SignMethod {
  return typeof value === "string" && (SIGN_METHODS as readonly string[]).includes(value);
}

/** True when a value is dropped from the signature and the request (empty or only whitespace). */
export function isBlankParam(value: string): boolean {
  return value.trim() === "";
}

/** Code-unit comparison (what Java's String.compareTo and the official SDKs use). */
function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The string that is digested: sorted `name + value` pairs, no separators. */
export function topSignString(params: Record<string, string>): string {
  const names = Object.keys(params)
    .filter((name) => {
      if (name === "sign") return false;
      const value = params[name];
      if (typeof value !== "string") {
        throw new TypeError(`TOP parameter "${name}" must be a string to be signed (got ${value === null ? "null" : typeof value})`);
      }
      return !isBlankParam(value);
    })
    .sort(compareAscii);
  let s = "";
  for (const name of names) s += name + params[name];
  return s;
}

export function signTopRequest(params: Record<string, string>, secret: string, signMethod: SignMethod): string {
  if (!isSignMethod(signMethod)) {
    throw new TypeError(`Unknown sign_method ${JSON.stringify(String(signMethod))}: expected one of ${SIGN_METHODS.join(", ")}`);
  }
  if (typeof secret !== "string" || secret === "") throw new TypeError("The app secret must be a non-empty string");
  const s = topSignString(params);
  switch (signMethod) {
    case "md5":
      return createHash("md5").update(secret + s + secret, "utf8").digest("hex").toUpperCase();
    case "hmac":
      return createHmac("md5", Buffer.from(secret, "utf8")).update(s, "utf8").digest("hex").toUpperCase();
    case "hmac-sha256":
      return createHmac("sha256", Buffer.from(secret, "utf8")).update(s, "utf8").digest("hex").toUpperCase();
  }
}
