/** taobao.trade.memo.update: the seller memo (≤ 1000 UTF-8 bytes) and flag (0–5). */
import { z } from "zod";
import { parseTopTime } from "../../time";
import type { TopClient } from "../client";
import { tradeMemoUpdateResponseSchema } from "../schemas/memo";
import type { TopMemoUpdateResult } from "../types";
import { idParam, invoke, utf8Length, validateInput, type TopWrapperOptions } from "./shared";

export const TRADE_MEMO_UPDATE = "taobao.trade.memo.update";
export const MAX_MEMO_BYTES = 1000;

const memoInput = z
  .strictObject({
    tid: idParam,
    memo: z
      .string({ error: "must be a string" })
      .superRefine((s, ctx) => {
        const bytes = utf8Length(s);
        if (bytes > MAX_MEMO_BYTES) ctx.addIssue({ code: "custom", message: `must be at most ${MAX_MEMO_BYTES} UTF-8 bytes (got ${bytes})` });
      })
      .optional(),
    flag: z.number({ error: "must be an integer from 0 to 5" }).int("must be an integer from 0 to 5").min(0, "must be from 0 to 5").max(5, "must be from 0 to 5").optional(),
    reset: z.boolean({ error: "must be a boolean" }).optional(),
  })
  .refine((p) => p.memo !== undefined || p.flag !== undefined || p.reset === true, { path: ["memo"], message: "give memo, flag or reset: true" });
export type TradeMemoUpdateParams = z.input<typeof memoInput>;

/** Sets the seller memo and/or flag; `reset: true` clears the memo. */
export async function tradeMemoUpdate(
  client: TopClient,
  session: string,
  params: TradeMemoUpdateParams,
  options?: TopWrapperOptions,
): Promise<TopMemoUpdateResult> {
  const p = validateInput(TRADE_MEMO_UPDATE, memoInput, params);
  const data = await invoke(client, TRADE_MEMO_UPDATE, { tid: p.tid, memo: p.memo, flag: p.flag, reset: p.reset }, session, options, tradeMemoUpdateResponseSchema);
  const tid = data.trade.tid_str ?? data.trade.tid ?? p.tid;
  return { tid, modified: data.trade.modified ? parseTopTime(data.trade.modified) : null };
}
