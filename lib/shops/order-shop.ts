/**
 * Which of the viewer's other shops holds a trade: for a person in several shops who opens an
 * order of a shop other than the active one (a link from the list's shop filter, a shared link),
 * so the page can offer to switch to that shop instead of a bare 404. Only the viewer's own
 * ACTIVE memberships count (Viewer.shops), each with its own role's permission; any other shop's
 * trade stays "not found".
 */
import "server-only";
import { authorize } from "@/lib/auth/permissions";
import type { Viewer, ViewerShop } from "@/lib/auth/viewer";
import { tidSchema } from "@/lib/orders/detail-input";
import { syncSql } from "@/lib/sync/sql";

export async function otherShopOfOrder(viewer: Viewer, tid: string): Promise<ViewerShop | null> {
  if (!tidSchema.safeParse(tid).success) return null;
  const others = viewer.shops.filter((s) => s.id !== viewer.shopId);
  if (others.length === 0) return null;
  const [t] = await (await syncSql()).all<{ shopId: string }>(`SELECT "shopId" FROM "Trade" WHERE "tid" = ?`, tid);
  const shop = others.find((s) => s.id === t?.shopId) ?? null;
  if (shop) authorize(shop, "orders.read");
  return shop;
}
