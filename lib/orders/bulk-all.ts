/**
 * "Select all N orders matching the filter": bulk flag / memo over every trade the list's filter
 * matches, not just the page. The server resolves the set from the filter itself (the list's own
 * WHERE, lib/orders/where.ts), never from a list of tids sent by the browser, and walks it in
 * chunks in a fixed order (created, tid — the export's keyset, unaffected by what the run changes:
 * a flag or memo moves `modified`, never `created`), so the browser shows progress between chunks
 * and each chunk is one short server action. Every chunk re-checks the permission and the cap;
 * each trade goes through updateMemo (memo.update → fullinfo.get → cache → one audit entry per
 * order and change), exactly as the page selection's bulk actions (lib/orders/bulk.ts).
 *
 * The cap: BULK_ALL_MAX orders per run. Each order costs Taobao two or three calls (memo.update,
 * fullinfo.get, and one more to read the memo before appending), so a thousand stays a few
 * minutes and a small share of the app key's budget; a filter matching more is refused before
 * anything is sent, with the cap stated (the dialog states it first).
 */
import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/auth/errors";
import { shopLimits } from "@/lib/auth/limits";
import { authorize, type Viewer } from "@/lib/auth/viewer";
import { syncSql } from "@/lib/sync/sql";
import type { OrderDeps } from "./detail-access";
import { memoTextSchema } from "./detail-input";
import { bulkMemo, type BulkRowResult } from "./bulk";
import { parseOrderFilters, type OrderParams } from "./filters";
import { classifySearch } from "./search-kind";
import { authorizeView } from "./list";
import { joinAnd, viewWhere, type SqlPart } from "./where";

/** Orders one "all matching" flag / memo run may change. */
export const BULK_ALL_MAX = 1000;
/** Trades per chunk (one server action each). */
export const BULK_ALL_CHUNK = 10;

const querySchema = z.string().max(4000, "orderViews.errors.queryInvalid");
const cursorSchema = z.strictObject({ created: z.number().int().min(0).max(8.64e15), tid: z.string().regex(/^\d{6,20}$/) });

export const matchCountInput = z.strictObject({ query: querySchema });
export const bulkAllInput = z
  .strictObject({
    query: querySchema,
    after: cursorSchema.nullable().default(null),
    flag: z.number().int().min(0).max(5).optional(),
    memo: memoTextSchema.optional(),
  })
  .refine((p) => p.flag !== undefined || (p.memo !== undefined && p.memo.trim() !== ""), { path: ["memo"], message: "memoNothing" });

export interface MatchCount {
  /** Matching orders, counted up to `limit` + 1. */
  total: number;
  /** More than `limit` match: `total` is `limit` + 1, a lower bound. */
  over: boolean;
  limit: number;
}

export interface MatchCounts {
  /** Against the flag / memo cap. */
  memo: MatchCount;
  /** Against the shop's export row cap (lib/auth/limits.ts), counted in orders. */
  export: MatchCount;
}

/** The list's filter from its query string; anything the list would refuse is refused here too. */
function filterOf(viewer: Viewer, query: string): OrderParams {
  const raw = Object.fromEntries(new URLSearchParams(query.replace(/^\?/, "")));
  const { params, notices } = parseOrderFilters(raw, viewer.shops.map((s) => s.id));
  if (notices.length > 0) throw new AppError("invalidInput", "invalid filter", Object.fromEntries(notices.map((n) => [n, [`orders.notice.${n}`]])));
  // The list never searches a phone number from its URL (app/(dashboard)/orders/page.tsx): neither does this.
  if (classifySearch(params.q)?.kind === "phone") params.q = "";
  return { ...params, page: 1, view: null };
}

async function countUpTo(where: SqlPart, limit: number): Promise<MatchCount> {
  const sql = await syncSql();
  const [row] = await sql.all<{ n: number }>(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM "Trade" t WHERE ${where.sql} LIMIT ${limit + 1}) AS x`, ...where.params);
  const total = Number(row?.n ?? 0);
  return { total, over: total > limit, limit };
}

/** What "select all" states before anything runs: how many orders the filter matches, against each cap. */
export async function countMatching(viewer: Viewer, input: z.output<typeof matchCountInput>, opts: { now?: Date } = {}): Promise<MatchCounts> {
  const p = filterOf(viewer, input.query);
  const shopId = authorizeView(viewer, p.shop, "orders.read");
  const sql = await syncSql();
  const where = viewWhere(sql.dialect, shopId, p, opts.now ?? new Date()).withTab;
  const exportMax = (await shopLimits(shopId)).exportMaxRows;
  const big = await countUpTo(where, Math.max(exportMax, BULK_ALL_MAX));
  const at = (limit: number): MatchCount => ({ total: Math.min(big.total, limit + 1), over: big.total > limit, limit });
  return { memo: at(BULK_ALL_MAX), export: at(exportMax) };
}

export interface BulkAllChunk {
  rows: BulkRowResult[];
  /** Where the next chunk starts; null when the set is done. */
  next: { created: number; tid: string } | null;
  /** Orders the filter matches now (the progress bar's total). */
  total: number;
}

/**
 * One chunk of an "all matching" flag / memo run: the next BULK_ALL_CHUNK matching trades after
 * `after`, each changed and audited on its own. Only in the viewer's active shop (memo.update runs
 * with that shop's session), like the page's bulk actions.
 */
export async function bulkMemoAll(viewer: Viewer, input: z.output<typeof bulkAllInput>, opts: { now?: Date; deps?: OrderDeps; max?: number } = {}): Promise<BulkAllChunk> {
  const max = opts.max ?? BULK_ALL_MAX;
  authorize(viewer, "orders.memo");
  const p = filterOf(viewer, input.query);
  // memo.update runs with the active shop's session: another of the viewer's shops must be switched to first.
  if (p.shop !== null && p.shop !== viewer.shopId) throw new AppError("invalidInput", "bulk changes run in the active shop only", { shop: ["orderViews.bulkAll.otherShop"] });
  const sql = await syncSql();
  const where = viewWhere(sql.dialect, viewer.shopId, { ...p, shop: null }, opts.now ?? new Date()).withTab;
  const count = await countUpTo(where, max);
  if (count.over) throw new AppError("invalidInput", `more than ${max} orders match`, { all: ["orderViews.bulkAll.tooMany"] }, { max });
  const keyset: SqlPart | null = input.after ? { sql: `(t."created" < ? OR (t."created" = ? AND t."tid" < ?))`, params: [new Date(input.after.created), new Date(input.after.created), input.after.tid] } : null;
  const w = joinAnd([where, keyset]);
  const picked = await sql.all<{ tid: string; created: number }>(`SELECT t."tid" AS tid, t."created" AS created FROM "Trade" t WHERE ${w.sql} ORDER BY t."created" DESC, t."tid" DESC LIMIT ${BULK_ALL_CHUNK}`, ...w.params);
  const rows = picked.length === 0 ? [] : await bulkMemo(viewer, { tids: picked.map((r) => r.tid), ...(input.flag !== undefined ? { flag: input.flag } : {}), ...(input.memo !== undefined ? { memo: input.memo } : {}) }, opts.deps);
  const last = picked[picked.length - 1];
  return { rows, next: picked.length === BULK_ALL_CHUNK && last ? { created: Number(last.created), tid: last.tid } : null, total: count.total };
}
