/**
 * Reading one trade again from Taobao (fullinfo.get → the cache's one writer). `refreshOrder` is
 * 刷新 (always fetched, audited `order.refresh`); `ensureOrderDetail` runs when a page opens a
 * trade whose detail-only fields are missing or belong to an older `modified` — fetchTradeDetail
 * never fetches twice for the same `modified`. Both take one from the user's and the shop's hourly
 * allowance of refreshes (lib/auth/limits.ts) whenever they ask Taobao.
 */
import "server-only";
import { recordAudit } from "@/lib/audit";
import { parseInput } from "@/lib/auth/action";
import { actorOf, consumeLimit } from "@/lib/auth/limits";
import { authorize, type Viewer } from "@/lib/auth/viewer";
import { db } from "@/lib/db";
import { fetchTradeDetail } from "@/lib/sync/detail";
import { z } from "zod";
import { clientOf, mapPlatformError, ownTrade, type OrderDeps } from "./detail-access";
import { tidSchema } from "./detail-input";

export const tidInputSchema = z.strictObject({ tid: tidSchema });

export interface RefreshResult {
  tid: string;
  /** A call was made (false: the stored detail already belonged to the stored `modified`). */
  fetched: boolean;
  /** The row changed (a newer version, or detail fields it lacked). */
  changed: boolean;
  modified: string;
}

async function refresh(viewer: Viewer, tid: string, force: boolean, deps?: OrderDeps): Promise<RefreshResult> {
  await ownTrade(viewer, tid);
  const r = await fetchTradeDetail(viewer.shopId, tid, { force, client: clientOf(deps) }).catch(mapPlatformError);
  const after = await ownTrade(viewer, tid);
  const changed = !!r.store && r.store.inserted + r.store.updated + r.store.detailed > 0;
  return { tid, fetched: r.fetched, changed, modified: after.modified.toISOString() };
}

export async function refreshOrder(viewer: Viewer, input: z.input<typeof tidInputSchema>, deps?: OrderDeps): Promise<RefreshResult> {
  authorize(viewer, "orders.read");
  const { tid } = parseInput(tidInputSchema, input);
  const before = await ownTrade(viewer, tid);
  await consumeLimit(actorOf(viewer), "refresh");
  const r = await refresh(viewer, tid, true, deps);
  await recordAudit(db(), {
    shopId: viewer.shopId,
    actor: { id: viewer.userId, nick: viewer.nick },
    action: "order.refresh",
    target: { type: "trade", id: tid },
    oldValue: { modified: before.modified.toISOString(), status: before.status },
    newValue: { modified: r.modified, status: (await ownTrade(viewer, tid)).status },
  });
  return r;
}

export async function ensureOrderDetail(viewer: Viewer, input: z.input<typeof tidInputSchema>, deps?: OrderDeps): Promise<RefreshResult> {
  authorize(viewer, "orders.read");
  const { tid } = parseInput(tidInputSchema, input);
  const trade = await ownTrade(viewer, tid);
  // Only a fetch counts: fetchTradeDetail skips a trade whose detail belongs to its `modified`.
  if (trade.detailModified?.getTime() !== trade.modified.getTime()) await consumeLimit(actorOf(viewer), "refresh");
  return refresh(viewer, tid, false, deps);
}
