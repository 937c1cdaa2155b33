/**
 * Input rules shared by the detail page's actions and their lib functions; safe on the client
 * (the memo editor checks the same limits before sending). Zod messages are keys of
 * `orderDetail.errors`, so a refusal is shown as a specific translated reason.
 */
import { z } from "zod";

export const MAX_MEMO_BYTES = 1000;

/** A tid: 1–20 decimal digits (Taobao's are 18–19). */
export const tidSchema = z.string({ error: "tidInvalid" }).trim().regex(/^\d{1,20}$/, "tidInvalid");

export function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** Markup tags: a memo is plain text on Taobao, so `<b>` or `<script>` is refused rather than stored. */
const TAG = /<\/?[a-zA-Z!][^>]*>/;
/** Control characters other than tab and newline. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/**
 * Half of a surrogate pair (a cut emoji): it has no UTF-8 form, so sending it would silently turn
 * it into U+FFFD on Taobao. Refused instead (issue 18, item 10).
 */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const memoTextSchema = z
  .string({ error: "memoInvalid" })
  .max(MAX_MEMO_BYTES * 4, "memoTooLong")
  .superRefine((s, ctx) => {
    if (utf8Bytes(s) > MAX_MEMO_BYTES) ctx.addIssue({ code: "custom", message: "memoTooLong" });
    else if (TAG.test(s)) ctx.addIssue({ code: "custom", message: "memoHtml" });
    else if (CONTROL.test(s)) ctx.addIssue({ code: "custom", message: "memoInvalid" });
    else if (LONE_SURROGATE.test(s)) ctx.addIssue({ code: "custom", message: "memoSurrogate" });
  });

export const flagSchema = z.number({ error: "flagInvalid" }).int("flagInvalid").min(0, "flagInvalid").max(5, "flagInvalid");

export const memoInputSchema = z
  .strictObject({
    tid: tidSchema,
    memo: memoTextSchema.optional(),
    flag: flagSchema.optional(),
    /** Add `memo` to the existing memo on a new line instead of replacing it. */
    append: z.boolean({ error: "memoInvalid" }).optional(),
  })
  .refine((p) => p.memo !== undefined || p.flag !== undefined, { path: ["memo"], message: "memoNothing" });
export type MemoInput = z.input<typeof memoInputSchema>;
