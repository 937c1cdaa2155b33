/**
 * Which shops a report covers: the viewer's shop, another of their shops, or all their shops
 * where their role there may read reports. Checked here, in lib, for every report and export.
 */
import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { notFound } from "@/lib/auth/errors";
import { authorize, can } from "@/lib/auth/permissions";
import { ALL_SHOPS } from "./params";

export interface ReportScope {
  all: boolean;
  shops: { id: string; nick: string }[];
  shopIds: string[];
}

export function reportScope(viewer: Viewer, shop?: string | null): ReportScope {
  if (shop === ALL_SHOPS) {
    // At least one of the viewer's shops must allow reports; the others are left out.
    authorize(viewer.shops, "reports.read");
    const shops = viewer.shops.filter((s) => can(s.role, "reports.read")).map((s) => ({ id: s.id, nick: s.nick }));
    return { all: true, shops, shopIds: shops.map((s) => s.id) };
  }
  if (shop && shop !== viewer.shopId) {
    const s = viewer.shops.find((x) => x.id === shop);
    if (!s) throw notFound();
    authorize(s, "reports.read");
    return { all: false, shops: [{ id: s.id, nick: s.nick }], shopIds: [s.id] };
  }
  authorize(viewer, "reports.read");
  return { all: false, shops: [{ id: viewer.shopId, nick: viewer.shopNick }], shopIds: [viewer.shopId] };
}
