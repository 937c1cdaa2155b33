/**
 * Saved views of the orders list: a named tab + filters + sort (the list's query, see
 * lib/orders/view-query.ts), personal to its creator or shared with the shop, shown beside the
 * tabs with a live count.
 *
 * Who may do what (the matrix in lib/auth/permissions.ts):
 * - any member (orders.read) keeps personal views: only their creator sees, edits or deletes them;
 * - shared views are created, edited (renamed, updated, unshared) and deleted by roles with
 *   `orders.views.share` (owner, manager), whoever created them; everyone in the shop sees them;
 * - a view lives in one shop: the viewer's active shop. An id of another shop, or of someone
 *   else's personal view, is `notFound` (a probe learns nothing). A member removed from the shop
 *   has no Viewer for it (lib/auth/viewer.ts builds it from ACTIVE memberships), so no view of it.
 *
 * The stored query is re-validated by the list's own parser whenever it is saved, so a view
 * always opens as a URL the list accepts without a notice.
 */
import "server-only";
import { z } from "zod";
import { AppError, notFound } from "@/lib/auth/errors";
import { authorize, type Viewer } from "@/lib/auth/viewer";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { syncSql } from "@/lib/sync/sql";
import { parseOrderFilters } from "./filters";
import { viewTabCount } from "./list";
import { classifySearch } from "./search-kind";
import { VIEW_NAME_MAX, VIEW_QUERY_MAX, VIEWS_PER_USER, viewQueryOf } from "./view-query";

/** Live counts are computed for this many views at most (the first ones shown); the rest show none. */
export const VIEW_COUNTS_MAX = 12;

export interface SavedViewItem {
  id: string;
  name: string;
  shared: boolean;
  query: string;
  /** The viewer created it. */
  mine: boolean;
  /** The viewer may rename, update, share/unshare and delete it. */
  editable: boolean;
}

const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;
const nameSchema = z
  .string()
  .trim()
  .min(1, "orderViews.errors.nameEmpty")
  .refine((s) => [...s].length <= VIEW_NAME_MAX, "orderViews.errors.nameTooLong")
  .refine((s) => !CONTROL.test(s) && !/[<>]/.test(s), "orderViews.errors.nameChars");
const querySchema = z.string().max(VIEW_QUERY_MAX, "orderViews.errors.queryInvalid");
export const viewIdSchema = z.string().regex(/^[a-z0-9]{8,40}$/, "orderViews.errors.notFound");

export const createViewInput = z.strictObject({ name: nameSchema, query: querySchema, shared: z.boolean().default(false) });
export const updateViewInput = z.strictObject({ id: viewIdSchema, name: nameSchema.optional(), query: querySchema.optional(), shared: z.boolean().optional() });
export const deleteViewInput = z.strictObject({ id: viewIdSchema });

function invalid(field: string, key: string, values?: Record<string, string | number>): AppError {
  return new AppError("invalidInput", key, { [field]: [key] }, values);
}

/** The list's query for a view, as the list itself would write it; refused when the list would refuse any of it. */
function canonicalQuery(viewer: Viewer, query: string): string {
  const raw = Object.fromEntries(new URLSearchParams(query.replace(/^\?/, "")));
  const { params, notices } = parseOrderFilters(raw, viewer.shops.map((s) => s.id));
  // A phone number never goes into a URL (the list drops it; a view must not keep it either).
  if (notices.length > 0 || classifySearch(params.q)?.kind === "phone") throw invalid("query", "orderViews.errors.queryInvalid");
  return viewQueryOf(params);
}

const visibleTo = (viewer: Viewer) => ({ shopId: viewer.shopId, OR: [{ userId: viewer.userId }, { shared: true }] });

function itemOf(viewer: Viewer, v: { id: string; name: string; shared: boolean; query: string; userId: string }): SavedViewItem {
  const mine = v.userId === viewer.userId;
  const editable = v.shared ? can(viewer.role, "orders.views.share") : mine;
  return { id: v.id, name: v.name, shared: v.shared, query: v.query, mine, editable };
}

/** The views the viewer sees in their active shop: shared ones first, then their own, each by position. */
export async function listViews(viewer: Viewer): Promise<SavedViewItem[]> {
  authorize(viewer, "orders.read");
  const rows = await db().savedView.findMany({ where: visibleTo(viewer), orderBy: [{ shared: "desc" }, { position: "asc" }, { createdAt: "asc" }, { id: "asc" }] });
  return rows.map((v) => itemOf(viewer, v));
}

/** One view the viewer sees, or notFound (another shop's, someone else's personal one, unknown). */
export async function getView(viewer: Viewer, id: string): Promise<SavedViewItem> {
  authorize(viewer, "orders.read");
  if (!viewIdSchema.safeParse(id).success) throw notFound();
  const v = await db().savedView.findFirst({ where: { id, ...visibleTo(viewer) } });
  if (!v) throw notFound();
  return itemOf(viewer, v);
}

/** The row behind an edit, checked: visible to the viewer and theirs to change. */
async function editableRow(viewer: Viewer, id: string) {
  authorize(viewer, "orders.read");
  const v = await db().savedView.findFirst({ where: { id, ...visibleTo(viewer) } });
  if (!v) throw notFound();
  if (v.shared) authorize(viewer, "orders.views.share");
  else if (v.userId !== viewer.userId) throw notFound();
  return v;
}

async function nameTaken(shopId: string, userId: string, name: string, exceptId?: string): Promise<boolean> {
  const n = await db().savedView.count({ where: { shopId, userId, name, ...(exceptId ? { NOT: { id: exceptId } } : {}) } });
  return n > 0;
}

const isUniqueViolation = (e: unknown) => typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";

export async function createView(viewer: Viewer, input: z.output<typeof createViewInput>): Promise<SavedViewItem> {
  authorize(viewer, "orders.read");
  if (input.shared) authorize(viewer, "orders.views.share");
  const query = canonicalQuery(viewer, input.query);
  const own = await db().savedView.count({ where: { shopId: viewer.shopId, userId: viewer.userId } });
  if (own >= VIEWS_PER_USER) throw invalid("name", "orderViews.errors.tooMany", { max: VIEWS_PER_USER });
  if (await nameTaken(viewer.shopId, viewer.userId, input.name)) throw invalid("name", "orderViews.errors.nameTaken");
  try {
    const v = await db().savedView.create({ data: { shopId: viewer.shopId, userId: viewer.userId, name: input.name, shared: input.shared, query, position: own } });
    return itemOf(viewer, v);
  } catch (e) {
    if (isUniqueViolation(e)) throw invalid("name", "orderViews.errors.nameTaken");
    throw e;
  }
}

export async function updateView(viewer: Viewer, input: z.output<typeof updateViewInput>): Promise<SavedViewItem> {
  const v = await editableRow(viewer, input.id);
  // Sharing (or unsharing) is itself a change to the shop's shared views.
  if (input.shared !== undefined && input.shared !== v.shared) authorize(viewer, "orders.views.share");
  const data: { name?: string; query?: string; shared?: boolean } = {};
  if (input.name !== undefined && input.name !== v.name) {
    if (await nameTaken(v.shopId, v.userId, input.name, v.id)) throw invalid("name", "orderViews.errors.nameTaken");
    data.name = input.name;
  }
  if (input.query !== undefined) data.query = canonicalQuery(viewer, input.query);
  if (input.shared !== undefined) data.shared = input.shared;
  try {
    const next = await db().savedView.update({ where: { id: v.id }, data });
    return itemOf(viewer, next);
  } catch (e) {
    if (isUniqueViolation(e)) throw invalid("name", "orderViews.errors.nameTaken");
    throw e;
  }
}

export async function deleteView(viewer: Viewer, input: z.output<typeof deleteViewInput>): Promise<void> {
  const v = await editableRow(viewer, input.id);
  await db().savedView.delete({ where: { id: v.id } });
}

/**
 * Live counts of the first VIEW_COUNTS_MAX views (each its own tab's count, as the tab would show
 * it: exact, or capped at the list's cap); later views get none (null), so a member with fifty
 * views does not pay fifty counts on every list view.
 */
export async function viewCounts(viewer: Viewer, views: readonly SavedViewItem[], opts: { now?: Date } = {}): Promise<Record<string, { count: number; capped: boolean } | null>> {
  authorize(viewer, "orders.read");
  const sql = await syncSql();
  const now = opts.now ?? new Date();
  const out: Record<string, { count: number; capped: boolean } | null> = {};
  for (const [i, v] of views.entries()) {
    if (i >= VIEW_COUNTS_MAX) {
      out[v.id] = null;
      continue;
    }
    const { params, notices } = parseOrderFilters(Object.fromEntries(new URLSearchParams(v.query)), viewer.shops.map((s) => s.id));
    // A stored query the list no longer accepts (a filter value retired since) is not counted.
    out[v.id] = notices.length > 0 ? null : await viewTabCount(sql, viewer.shopId, { ...params, shop: null }, now);
  }
  return out;
}

/**
 * The list page's views: every view the viewer sees, the open one (`?view=<id>`) when it is one of
 * them, and whether the URL named a view that is not (unknown, deleted, another shop's, someone
 * else's personal one) — the page says so instead of failing.
 */
export async function savedViewsOfList(viewer: Viewer, viewId: string | null): Promise<{ all: SavedViewItem[]; active: SavedViewItem | null; unknown: boolean }> {
  const all = await listViews(viewer);
  const active = viewId ? (all.find((v) => v.id === viewId) ?? null) : null;
  return { all, active, unknown: viewId !== null && active === null };
}
