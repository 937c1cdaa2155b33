/**
 * The detail page's server actions run through viewerAction (Viewer, zod, translated errors);
 * when the failure names a reason of `orderDetail.errors` (e.g. memoTooLong, waybillPattern), the
 * message becomes that specific, translated reason instead of the generic one.
 */
import "server-only";
import { getTranslations } from "next-intl/server";
import type { z } from "zod";
import { viewerAction, type ActionResult } from "@/lib/auth/action";
import type { Viewer } from "@/lib/auth/viewer";

export function detailAction<S extends z.ZodType, T>(schema: S, run: (viewer: Viewer, input: z.output<S>) => Promise<T>) {
  const action = viewerAction(schema, run);
  return async (input: unknown): Promise<ActionResult<T>> => {
    const result = await action(input);
    if (result.ok || !result.error.fields) return result;
    const t = await getTranslations("orderDetail.errors");
    const key = Object.values(result.error.fields)
      .flat()
      .find((k) => t.has(k as never));
    return key ? { ok: false, error: { ...result.error, message: t(key as never) } } : result;
  };
}
