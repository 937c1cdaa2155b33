/**
 * A saved view's query: the list's URL state (lib/orders/filters.ts) without what is not part of
 * a view — the shop (a view belongs to one shop already), the page and the view marker itself —
 * serialised the one way the list serialises it, so "is this the view" is a string comparison on
 * the server and in the browser alike. Safe on the client.
 */
import { serializeOrderParams, type OrderParams } from "./filters";

export const VIEW_NAME_MAX = 30;
export const VIEW_QUERY_MAX = 2000;
/** Views one member may keep in one shop (personal and shared together). */
export const VIEWS_PER_USER = 50;

export function viewQueryOf(p: OrderParams): string {
  return serializeOrderParams({ ...p, shop: null, page: 1, view: null }).replace(/^\?/, "");
}

/** The list URL that opens a saved view: its query plus the marker that says which view it is. */
export function viewHref(view: { id: string; query: string }): string {
  return `/orders?${view.query ? `${view.query}&` : ""}view=${encodeURIComponent(view.id)}`;
}
