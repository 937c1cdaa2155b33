/** Links of the list that keep every other filter (safe on server and client). */
import { serializeOrderParams, type OrderParams } from "@/lib/orders/filters";

/** The /orders URL for `params` changed by `patch`; any filter change goes back to page 1 unless the patch sets a page. */
export function ordersHref(params: OrderParams, patch: Partial<OrderParams>): string {
  const next = { ...params, ...patch };
  if (!("page" in patch)) next.page = 1;
  return serializeOrderParams("/orders", next);
}
