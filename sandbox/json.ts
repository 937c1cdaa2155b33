/**
 * A small JSON writer that can emit 64-bit ids as exact JSON numbers. TOP sends `tid`, `oid` and
 * `num_iid` as bare numbers of up to 19 digits; `JSON.stringify` cannot write a number beyond
 * 2^53 exactly, so ids travel through the sandbox as digit strings wrapped in `RawNumber`.
 */

export class RawNumber {
  constructor(readonly digits: string) {
    if (!/^-?(0|[1-9]\d*)$/.test(digits)) throw new Error(`RawNumber: not an integer: ${digits}`);
  }
}

/** A pre-serialised JSON fragment, written verbatim (must be valid JSON). */
export class RawJson {
  constructor(readonly text: string) {}
}

export function raw(digits: string | number | bigint): RawNumber {
  return new RawNumber(String(digits));
}

export type JsonValue = string | number | boolean | null | RawNumber | RawJson | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

const keyCache = new Map<string, string>();

function quoteKey(key: string): string {
  let q = keyCache.get(key);
  if (q === undefined) {
    q = `${JSON.stringify(key)}:`;
    if (keyCache.size < 10_000) keyCache.set(key, q);
  }
  return q;
}

function write(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new Error("JSON: non-finite number");
      return String(value);
    case "boolean":
      return value ? "true" : "false";
  }
  if (value instanceof RawNumber) return value.digits;
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) {
    let s = "[";
    for (let i = 0; i < value.length; i++) s += (i > 0 ? "," : "") + write(value[i]);
    return `${s}]`;
  }
  let s = "{";
  let first = true;
  for (const key in value) {
    const v = value[key];
    if (v === undefined) continue;
    s += (first ? "" : ",") + quoteKey(key) + write(v);
    first = false;
  }
  return `${s}}`;
}

/** Serialises a value; `undefined` object members are skipped, `RawNumber`s are written verbatim. */
export function toJson(value: JsonValue): string {
  return write(value);
}
