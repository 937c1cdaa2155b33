"use server";
/**
 * Server actions of the saved views and of "select all matching": validated with zod, run as the
 * Viewer (lib/orders/views.ts and bulk-all.ts check the permission and the shop), and answered
 * with a translated message — a refused field says its own reason (name taken, too long …).
 */
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import type { z } from "zod";
import { viewerAction, type ActionResult } from "@/lib/auth/action";
import { detailAction } from "./detail-action";
import { BULK_ALL_MAX, bulkAllInput, bulkMemoAll, countMatching, matchCountInput, type MatchCounts } from "./bulk-all";
import type { BulkRowView } from "./actions";
import { VIEW_NAME_MAX, VIEWS_PER_USER } from "./view-query";
import { createView, createViewInput, deleteView, deleteViewInput, updateView, updateViewInput, type SavedViewItem } from "./views";

/** A refused field's own reason (a message key of orderViews.*) instead of the generic "invalid input". */
async function withReason<T>(r: ActionResult<T>): Promise<ActionResult<T>> {
  if (r.ok || !r.error.fields) return r;
  const key = Object.values(r.error.fields).flat()[0];
  if (!key?.startsWith("orderViews.")) return r;
  const t = await getTranslations();
  const translate = t as unknown as (key: string, values: Record<string, number>) => string;
  return { ok: false, error: { ...r.error, message: translate(key, { max: key.endsWith("tooMany") && key.includes("bulkAll") ? BULK_ALL_MAX : VIEWS_PER_USER, maxName: VIEW_NAME_MAX }) } };
}

export async function createViewAction(input: unknown): Promise<ActionResult<SavedViewItem>> {
  const r = await viewerAction(createViewInput, (viewer, p) => createView(viewer, p))(input);
  if (r.ok) revalidatePath("/orders");
  return withReason(r);
}

export async function updateViewAction(input: unknown): Promise<ActionResult<SavedViewItem>> {
  const r = await viewerAction(updateViewInput, (viewer, p) => updateView(viewer, p))(input);
  if (r.ok) revalidatePath("/orders");
  return withReason(r);
}

export async function deleteViewAction(input: unknown): Promise<ActionResult<null>> {
  const r = await viewerAction(deleteViewInput, async (viewer, p: z.output<typeof deleteViewInput>) => (await deleteView(viewer, p), null))(input);
  if (r.ok) revalidatePath("/orders");
  return withReason(r);
}

/** How many orders the list's filter matches, against the flag/memo cap and the export row cap. */
export async function countMatchingAction(input: unknown): Promise<ActionResult<MatchCounts>> {
  return withReason(await viewerAction(matchCountInput, (viewer, p) => countMatching(viewer, p))(input));
}

export interface BulkAllChunkView {
  rows: BulkRowView[];
  next: { created: number; tid: string } | null;
  total: number;
}

/** One chunk of a flag / memo run over every order the filter matches; every row answers for itself. */
export async function bulkMemoAllAction(input: unknown): Promise<ActionResult<BulkAllChunkView>> {
  const result = await withReason(await detailAction(bulkAllInput, (viewer, p) => bulkMemoAll(viewer, p))(input));
  if (!result.ok) return result;
  const [te, td] = await Promise.all([getTranslations("errors"), getTranslations("orderDetail.errors")]);
  const rows = result.data.rows.map((r): BulkRowView => (r.ok ? r : { tid: r.tid, ok: false, message: r.reason && td.has(r.reason as never) ? td(r.reason as never) : te(r.code) }));
  if (rows.some((r) => r.ok)) revalidatePath("/orders");
  return { ok: true, data: { ...result.data, rows } };
}
