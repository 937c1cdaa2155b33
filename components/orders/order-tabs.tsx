import { clsx } from "clsx";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { OrderParams } from "@/lib/orders/filters";
import type { TabCounts } from "@/lib/orders/list";
import { ORDER_TABS, type OrderTab } from "@/lib/orders/status";
import { ordersHref } from "./order-href";

/**
 * The status tabs: links that keep the other filters, each with its live count ("1000+" when a
 * filtered count reached its cap; none when a common search term left the tab uncounted). Choosing
 * a tab leaves the open saved view (the saved views beside the tabs are the other way to choose one).
 */
export async function OrderTabs({ params, counts, capped, unknown }: { params: OrderParams; counts: TabCounts; capped: Record<OrderTab, boolean>; unknown: Record<OrderTab, boolean> }) {
  const t = await getTranslations("trade.group");
  const tl = await getTranslations("orders");
  return (
    <nav aria-label={tl("tabsLabel")} className="-mx-1 mb-3 overflow-x-auto">
      <ul className="flex min-w-max gap-1 border-b border-zinc-200 px-1 dark:border-zinc-800">
        {ORDER_TABS.map((tab) => {
          const active = params.tab === tab;
          return (
            <li key={tab}>
              <Link
                href={ordersHref(params, { tab, view: null })}
                aria-current={active ? "page" : undefined}
                data-testid={`tab-${tab}`}
                title={unknown[tab] ? tl("countUnknown") : undefined}
                className={clsx(
                  "-mb-px inline-flex items-center gap-1.5 border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
                  active ? "border-brand-600 text-brand-700 dark:text-orange-300" : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
                )}
              >
                {t(tab)}
                {unknown[tab] ? null : (
                  <span data-testid={`tab-count-${tab}`} title={capped[tab] ? tl("countAtLeast", { n: counts[tab] }) : undefined} className={clsx("rounded-full px-1.5 text-xs tabular-nums", active ? "bg-brand-50 dark:bg-brand-500/15" : "bg-zinc-100 dark:bg-zinc-800")}>
                    {counts[tab]}
                    {capped[tab] ? "+" : ""}
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
