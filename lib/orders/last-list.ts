/**
 * The list view a user last looked at, kept in the tab's sessionStorage so 返回订单列表 on the
 * detail page goes back to the same filters without carrying them in the detail's (shareable) URL.
 * Safe on the client only; everything it reads is re-validated by the list page's parser.
 */
const KEY = "orderdesk:orders:last-list";

export function rememberListUrl(search: string, storage: Pick<Storage, "setItem"> = sessionStorage): void {
  try {
    storage.setItem(KEY, search.startsWith("?") ? search : search ? `?${search}` : "");
  } catch {
    // Storage may be full or disabled (private mode): the link then falls back to /orders.
  }
}

/** `/orders` with the remembered query, or plain `/orders`. Only a query string is ever accepted. */
export function lastListHref(storage: Pick<Storage, "getItem"> = sessionStorage): string {
  try {
    const search = storage.getItem(KEY) ?? "";
    return /^\?[^#\s]{1,4000}$/.test(search) ? `/orders${search}` : "/orders";
  } catch {
    return "/orders";
  }
}
