/**
 * fast-check arbitraries for hostile input (issue 18, item 7), shared by the parser property
 * tests, the database ones and the HTTP fuzz suite (e2e/security-input.spec.ts). No app imports:
 * callers pass the valid values of each field, so most generated cases mix valid values with
 * hostile ones and get past the first check.
 */
import fc from "fast-check";

/** Values that broke or nearly broke something somewhere: NUL, lone surrogates, odd dates, huge numbers, markup, SQL, React's `$` tags. */
export const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "abc\u0000def",
  "\u0007\u001b[31m",
  "\ud800",
  "好\udc00",
  "😀\ud83d",
  "\ufeff",
  "\u202e",
  "%00",
  "%",
  "%E0%A4%A",
  "'; DROP TABLE \"Trade\"; --",
  "\" OR 1=1 --",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "=HYPERLINK(\"http://evil\")",
  "../../etc/passwd",
  "__proto__",
  "constructor",
  "toString",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-1",
  "0",
  "1e309",
  "9007199254740993",
  "99999999999999999999999",
  "0001-01-01",
  "2026-02-30",
  "2026-13-01",
  "9999-12-31",
  "2026-11-28T00:00:00Z",
  "abc",
  "$",
  "$$",
  "$undefined",
  "$@1",
  "$Q1",
  "$h1",
  "$n1x",
  "$Dnot-a-date",
  "*",
  "**",
  "t**",
  "\\",
  "/\\evil.com",
  "x".repeat(101),
  "9".repeat(5000),
];

/** Any UTF-16 code unit: lone surrogates and control characters included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));

/** A hostile string: a known-nasty value, any code units, any code points, or printable ASCII. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: codeUnit, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
);

/** A field's value: one of its valid values (so other fields are reached), or something hostile. */
export function fieldValue(valid: readonly string[]): fc.Arbitrary<string> {
  return valid.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...valid) }, { weight: 2, arbitrary: hostileString }) : hostileString;
}

/**
 * Raw query params (`Record<string, string | string[]>`, as Next hands them over) for fields with
 * their valid values: a valid combination, one with a single hostile field (so each field's own
 * check is reached), or anything at all, plus stray keys.
 */
export function rawParams(fields: Readonly<Record<string, readonly string[]>>): fc.Arbitrary<Record<string, string | string[]>> {
  const keys = Object.keys(fields);
  const withValid = keys.filter((k) => fields[k]!.length > 0);
  const valid = fc.record(Object.fromEntries(withValid.map((k) => [k, fc.constantFrom(...fields[k]!)])), { requiredKeys: [], noNullPrototype: true }) as fc.Arbitrary<Record<string, string | string[]>>;
  const hostileValue = fc.oneof({ weight: 4, arbitrary: hostileString }, { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) });
  const oneHostile = keys.length > 0 ? fc.tuple(valid, fc.constantFrom(...keys), hostileValue).map(([p, k, v]) => ({ ...p, [k]: v })) : valid;
  const value = (v: readonly string[]) => fc.oneof({ weight: 5, arbitrary: fieldValue(v) }, { weight: 1, arbitrary: fc.array(fieldValue(v), { minLength: 0, maxLength: 3 }) });
  const anything = fc.record(Object.fromEntries(keys.map((k) => [k, value(fields[k]!)])), { requiredKeys: [], noNullPrototype: true }) as fc.Arbitrary<Record<string, string | string[]>>;
  const stray = fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(hostileString, value([]), { maxKeys: 2, noNullPrototype: true }) });
  const known = fc.oneof({ weight: 3, arbitrary: valid }, { weight: 3, arbitrary: oneHostile }, { weight: 2, arbitrary: anything });
  return fc.tuple(known, stray).map(([k, st]) => ({ ...st, ...k }));
}

/** The same as a query string (what a browser or a script would send). */
export function queryString(params: Record<string, string | string[]>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
  return q.toString();
}

/** Any JSON-ish value an action might be sent (objects with valid keys, wrong types, deep nesting). */
export function actionInput(fields: Readonly<Record<string, fc.Arbitrary<unknown>>>): fc.Arbitrary<unknown> {
  const all = fc.record(fields, { noNullPrototype: true });
  const known = fc.record(fields, { requiredKeys: [], noNullPrototype: true });
  const junk = fc.oneof(
    fc.constantFrom(null, undefined, 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, true, "", [], {}),
    hostileString,
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4, noNullPrototype: true }),
  );
  const withExtra = fc.tuple(known, fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2, noNullPrototype: true })).map(([k, e]) => ({ ...e, ...k }));
  return fc.oneof({ weight: 5, arbitrary: all }, { weight: 2, arbitrary: known }, { weight: 1, arbitrary: withExtra }, { weight: 2, arbitrary: junk });
}

/** A field that is mostly right: one of `valid`, else anything. */
export function mostly<T>(valid: readonly T[]): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.oneof(hostileString, fc.jsonValue({ maxDepth: 1 }), fc.constantFrom(null, undefined, Number.NaN)) });
}
