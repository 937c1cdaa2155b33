"use server";
/** The orders list's server actions: validated with zod, run as the Viewer, errors translated. */
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { viewerAction, type ActionResult } from "@/lib/auth/action";
import { detailAction } from "./detail-action";
import { bulkMemo, bulkMemoInput } from "./bulk";
import { ORDER_RANGES } from "./filters";
import { lookupByPhone, type PhoneLookupResult } from "./search";

const phoneLookupInput = z.strictObject({
  phone: z.string().trim().regex(/^1[3-9]\d{9}$/, "orders.search.phoneInvalid"),
  /** The list's date range: within the last 7 days asks scene 1001, anything else 1002 (three months). */
  range: z.enum(ORDER_RANGES).nullable().default(null),
});

export async function lookupByPhoneAction(input: unknown): Promise<ActionResult<PhoneLookupResult>> {
  return viewerAction(phoneLookupInput, (viewer, p) =>
    lookupByPhone(viewer, { phone: p.phone, scene: p.range === "today" || p.range === "yesterday" || p.range === "last7" ? "1001" : "1002" }),
  )(input);
}

export type BulkRowView = { tid: string; ok: true; sellerFlag: number } | { tid: string; ok: false; message: string };

/** Sets a flag and/or appends a memo on a chunk of selected trades; every row answers for itself. */
export async function bulkMemoAction(input: unknown): Promise<ActionResult<BulkRowView[]>> {
  // detailAction: a refused memo (too long, markup, a broken character) says why.
  const result = await detailAction(bulkMemoInput, (viewer, p) => bulkMemo(viewer, p))(input);
  if (!result.ok) return result;
  const [te, td] = await Promise.all([getTranslations("errors"), getTranslations("orderDetail.errors")]);
  const rows = result.data.map((r): BulkRowView => (r.ok ? r : { tid: r.tid, ok: false, message: r.reason && td.has(r.reason as never) ? td(r.reason as never) : te(r.code) }));
  if (rows.some((r) => r.ok)) revalidatePath("/orders");
  return { ok: true, data: rows };
}
