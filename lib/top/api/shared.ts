/** Helpers shared by the method wrappers: input validation (zod) and typed response parsing. */
import { z } from "zod";
import { parseTopTime } from "../../time";
import type { TopCallOptions, TopClient } from "../client";
import { TopValidationError } from "../errors";
import type { TopParams } from "../params";
import { parseWith } from "../schemas/common";

/** Per-call options for wrappers (the session is a positional argument). */
export type TopWrapperOptions = Omit<TopCallOptions, "session">;

/** Validates wrapper input; the first issue becomes a TopValidationError naming the parameter. */
export function validateInput<S extends z.ZodType>(method: string, schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  let param = issue.path.length ? issue.path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "[") : "params";
  let message = issue.message;
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "?";
    param = param === "params" ? key : `${param}.${key}`;
    message = "is not a parameter of this method";
  }
  throw new TopValidationError(method, param, message);
}

export async function invoke<S extends z.ZodType>(
  client: TopClient,
  method: string,
  params: TopParams,
  session: string | undefined,
  options: TopWrapperOptions | undefined,
  schema: S,
): Promise<z.output<S>> {
  const data = await client.call(method, params, { ...options, ...(session === undefined ? {} : { session }) });
  return parseWith(schema, method, data);
}

/** A time parameter: a Date or a TOP time string (`yyyy-MM-dd HH:mm:ss`, GMT+8), output as a Date. */
export const topTimeParam = z.union([
  z.date({ error: "must be a valid Date" }),
  z.string().transform((s, ctx) => {
    try {
      return parseTopTime(s);
    } catch {
      ctx.addIssue({ code: "custom", message: "must be a Date or a time string yyyy-MM-dd HH:mm:ss (GMT+8)" });
      return z.NEVER;
    }
  }),
], { error: "must be a Date or a time string yyyy-MM-dd HH:mm:ss (GMT+8)" });

/** A tid / oid parameter: a decimal string (or a safe integer / bigint), output as a string. */
export const idParam = z.union(
  [
    z.string().regex(/^\d{1,20}$/, "must be a decimal id string such as \"3796207345637527441\""),
    z.bigint().nonnegative().transform(String),
    z
      .number()
      .superRefine((n, ctx) => {
        if (!Number.isInteger(n) || n < 0) ctx.addIssue({ code: "custom", message: "must be a non-negative integer id" });
        else if (!Number.isSafeInteger(n)) ctx.addIssue({ code: "custom", message: "is a number beyond 2^53 and has lost precision: pass ids as strings" });
      })
      .transform(String),
  ],
  { error: "is required: a decimal id string such as \"3796207345637527441\"" },
);

export const pageNoParam = z.number({ error: "must be an integer >= 1" }).int("must be an integer >= 1").min(1, "must be an integer >= 1");
export const pageSizeParam = (max: number) =>
  z.number({ error: `must be an integer between 1 and ${max}` }).int(`must be an integer between 1 and ${max}`).min(1, `must be between 1 and ${max}`).max(max, `must be between 1 and ${max}`);

/** A `fields` parameter: a list or a comma-separated string, never empty. */
export const fieldsParam = z.union([z.array(z.string().min(1)).min(1), z.string().trim().min(1)], { error: "must be a non-empty list of field names" });

export function utf8Length(s: string): number {
  return Buffer.byteLength(s, "utf8");
}
