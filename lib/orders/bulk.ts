/**
 * Bulk flag / memo for the selected rows: each trade goes through the detail half's updateMemo
 * (memo.update → fullinfo.get → cache → audit), a few at a time so a hundred rows neither hammer
 * the platform nor wait on each other one by one. Each row gets its own result; one failing
 * trade never stops the others.
 */
import "server-only";
import { z } from "zod";
import { AppError, type AppErrorCode } from "@/lib/auth/errors";
import { authorize, type Viewer } from "@/lib/auth/viewer";
import { ShopNeedsReauthError } from "@/lib/shops/tokens";
import { TopClientError } from "@/lib/top";
import type { OrderDeps } from "./detail-access";
import { memoTextSchema, tidSchema } from "./detail-input";
import { updateMemo } from "./memo";

/** Trades per call: the client sends chunks of this size and shows progress between them. */
export const BULK_CHUNK = 5;
const CONCURRENCY = 3;

export const bulkMemoInput = z
  .strictObject({
    tids: z.array(tidSchema).min(1).max(BULK_CHUNK * 4),
    flag: z.number().int().min(0).max(5).optional(),
    memo: memoTextSchema.optional(),
  })
  .refine((p) => p.flag !== undefined || (p.memo !== undefined && p.memo.trim() !== ""), { path: ["memo"], message: "memoNothing" });
export type BulkMemoInput = z.input<typeof bulkMemoInput>;

export type BulkRowResult = { tid: string; ok: true; sellerFlag: number } | { tid: string; ok: false; code: AppErrorCode; reason: string | null };

function failureOf(e: unknown): { code: AppErrorCode; reason: string | null } {
  if (AppError.is(e)) return { code: e.code, reason: e.fields ? (Object.values(e.fields).flat()[0] ?? null) : null };
  if (ShopNeedsReauthError.is(e)) return { code: "shopNeedsReauth", reason: null };
  if (TopClientError.is(e)) return { code: "platform", reason: null };
  return { code: "internal", reason: null };
}

export async function bulkMemo(viewer: Viewer, input: z.output<typeof bulkMemoInput>, deps?: OrderDeps): Promise<BulkRowResult[]> {
  authorize(viewer, "orders.memo");
  const tids = [...new Set(input.tids)];
  const results = new Map<string, BulkRowResult>();
  const queue = [...tids];
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
      for (let tid = queue.shift(); tid !== undefined; tid = queue.shift()) {
        try {
          const r = await updateMemo(viewer, { tid, ...(input.flag !== undefined ? { flag: input.flag } : {}), ...(input.memo !== undefined && input.memo.trim() !== "" ? { memo: input.memo, append: true } : {}) }, deps);
          results.set(tid, { tid, ok: true, sellerFlag: r.sellerFlag });
        } catch (e) {
          results.set(tid, { tid, ok: false, ...failureOf(e) });
        }
      }
    }),
  );
  return tids.map((t) => results.get(t)!);
}
