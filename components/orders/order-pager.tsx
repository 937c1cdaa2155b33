import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { buttonClass } from "@/components/ui/button";
import type { OrderParams } from "@/lib/orders/filters";
import { ordersHref } from "./order-href";
import { PageSizeSelect } from "./page-size-select";

/** Server-side pagination: previous/next links, the page position and the page-size choice. */
export async function OrderPager({ params, page, pageCount, total, atLeast = false }: { params: OrderParams; page: number; pageCount: number; total: number; atLeast?: boolean }) {
  const t = await getTranslations("orders.pager");
  const link = (to: number, label: string, icon: React.ReactNode, testId: string) =>
    to < 1 || to > pageCount || to === page ? (
      <span aria-disabled="true" className={buttonClass("secondary", "sm", "pointer-events-none opacity-50")}>
        {icon}
        <span className="sr-only sm:not-sr-only">{label}</span>
      </span>
    ) : (
      <Link href={ordersHref(params, { page: to })} className={buttonClass("secondary", "sm")} data-testid={testId} rel={to > page ? "next" : "prev"}>
        {icon}
        <span className="sr-only sm:not-sr-only">{label}</span>
      </Link>
    );
  return (
    <nav aria-label={t("label")} className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-zinc-600 dark:text-zinc-400" data-testid="orders-total">
        {t(atLeast ? "totalAtLeast" : "total", { total })}
      </p>
      <div className="flex items-center gap-2">
        <PageSizeSelect size={params.size} label={t("pageSize")} />
        {link(page - 1, t("prev"), <ChevronLeft aria-hidden className="size-4" />, "page-prev")}
        <span className="tabular-nums" data-testid="orders-page">
          {t("page", { page, count: pageCount })}
        </span>
        {link(page + 1, t("next"), <ChevronRight aria-hidden className="size-4" />, "page-next")}
      </div>
    </nav>
  );
}
