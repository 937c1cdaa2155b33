/**
 * Building blocks for the TOP response schemas: the wire form as TOP sends it (after lossless
 * parsing), with precise paths in every rejection.
 */
import { z } from "zod";
import { parseTopTime } from "../../time";
import { TopSchemaError, type TopSchemaIssue } from "../errors";

/**
 * An id: a decimal string (what lossless parsing gives for tid/oid/num_iid and any integer beyond
 * 2^53), or a safe integer (small ids in other fields), always output as a string.
 */
export const topId = z.union(
  [
    z.string().regex(/^\d{1,20}$/, "expected a decimal id"),
    z.number().superRefine((n, ctx) => {
      // (zod's .int() also rejects unsafe integers, which would hide the real cause.)
      if (!Number.isInteger(n) || n < 0) ctx.addIssue({ code: "custom", message: "expected a non-negative integer id" });
      else if (!Number.isSafeInteger(n)) ctx.addIssue({ code: "custom", message: "id beyond 2^53 received as a number: it lost precision (parse losslessly)" });
    }),
  ],
  { error: "expected an id (decimal string or integer)" },
).transform(String);

/** A string id that may be an opaque token (sku_id, refund_id can carry letters on some APIs). */
export const topIdLike = z.union([z.string().min(1), z.number().int().nonnegative().refine(Number.isSafeInteger, "id beyond 2^53 lost precision")]).transform(String);

/** Yuan as TOP sends it: a decimal string with at most two decimals ("199.99", "-5.00"), or "". */
export const topMoney = z.string({ error: "expected an amount as a string, e.g. \"199.99\"" }).regex(/^(-?\d{1,15}(\.\d{1,2})?)?$/, "expected yuan with at most two decimals, e.g. \"199.99\"");

/** `yyyy-MM-dd HH:mm:ss` in GMT+8 that names a real instant. */
export const topTime = z.string({ error: "expected a time string yyyy-MM-dd HH:mm:ss" }).refine((s) => {
  try {
    parseTopTime(s);
    return true;
  } catch {
    return false;
  }
}, "expected a time yyyy-MM-dd HH:mm:ss (GMT+8)");

/** A JSON boolean (or the strings "true"/"false", which some gateways send). */
export const topBool = z.union([z.boolean(), z.enum(["true", "false"]).transform((s) => s === "true")], { error: "expected a boolean" });

/** A JSON integer (or its decimal string). */
export const topInt = z.union([z.number().int(), z.string().regex(/^-?\d{1,15}$/).transform(Number)], { error: "expected an integer" });

/**
 * A TOP list: `{"<key>": [...]}` (e.g. `"trades":{"trade":[…]}`), usually absent when empty.
 * Also accepts the bare array (the `simplify=true` form) and a single element where an array is
 * expected. Always outputs an array.
 */
export function topList<T extends z.ZodType>(key: string, item: T) {
  const wrapper = z.strictObject({ [key]: z.array(item, { error: `expected an array of ${key}` }).optional() } as Record<string, z.ZodOptional<z.ZodArray<T>>>, {
    error: `expected a list wrapped as {"${key}": [...]}`,
  });
  return z
    .preprocess((v) => {
      if (v === undefined || v === null) return {};
      if (Array.isArray(v)) return { [key]: v };
      if (typeof v === "object") {
        const inner = (v as Record<string, unknown>)[key];
        if (inner !== undefined && inner !== null && !Array.isArray(inner) && typeof inner === "object") return { [key]: [inner] };
      }
      return v;
    }, wrapper)
    .transform((o): z.output<T>[] => (o[key] ?? []) as z.output<T>[]);
}

/** "trades.trade[3].orders.order[0].oid" from a zod issue path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let s = "";
  for (const p of path) {
    if (typeof p === "number") s += `[${p}]`;
    else s += s === "" ? String(p) : `.${String(p)}`;
  }
  return s;
}

function join(prefix: string, path: string): string {
  if (!prefix) return path;
  if (!path) return prefix;
  return path.startsWith("[") ? prefix + path : `${prefix}.${path}`;
}

/** Parses with a schema; a failure becomes a TopSchemaError whose path names the bad field. */
export function parseWith<S extends z.ZodType>(schema: S, method: string | null, data: unknown, pathPrefix = ""): z.output<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issues: TopSchemaIssue[] = r.error.issues.map((i) => ({ path: join(pathPrefix, formatIssuePath(i.path)), message: i.message }));
  throw new TopSchemaError(method, issues);
}

export const requestId = z.string().optional();
