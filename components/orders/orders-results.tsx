import { Inbox, RefreshCw, SearchX } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state";
import type { Viewer } from "@/lib/auth/viewer";
import { serializeOrderParams, type OrderParams } from "@/lib/orders/filters";
import { listOrders } from "@/lib/orders/list";
import { SHORT_TERM_SCAN } from "@/lib/orders/where";
import { ExportButton } from "./export-button";
import { OrderPager } from "./order-pager";
import { OrderTabs } from "./order-tabs";
import { OrdersTable } from "./orders-table";

/** The list region (inside the page's Suspense): tabs with counts, the rows and the pager, all from one query. */
export async function OrdersResults({ viewer, params, backfillDone, canExport, canMemo, filtered }: { viewer: Viewer; params: OrderParams; backfillDone: boolean; canExport: boolean; canMemo: boolean; filtered: boolean }) {
  const r = await listOrders(viewer, params);
  const t = await getTranslations("orders");
  const exportQuery = serializeOrderParams({ ...params, page: 1, size: 20, view: null }).replace(/^\?/, "");
  return (
    <div data-testid="orders-results" data-view={serializeOrderParams(params)}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0 flex-1">
          <OrderTabs params={params} counts={r.counts} capped={r.countsCapped} unknown={r.countsUnknown} />
        </div>
        {canExport ? <ExportButton query={exportQuery} total={r.total} atLeast={r.totalCapped} /> : null}
      </div>
      {params.ids ? (
        <p className="mb-2 text-sm text-zinc-700 dark:text-zinc-300" data-testid="phone-result">
          {params.phone ? t("search.phoneResult", { count: params.ids.length, phone: params.phone }) : t("search.idsResult", { count: params.ids.length })} ·{" "}
          <Link href="/orders" className="font-medium text-brand-700 hover:underline dark:text-orange-300">
            {t("search.clear")}
          </Link>
        </p>
      ) : null}
      {r.search ? (
        <p className="mb-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="search-kind" data-kind={r.search.kind}>
          {t(`search.kind.${r.search.kind}`)}
          {r.search.bounded ? ` · ${t("search.bounded", { n: SHORT_TERM_SCAN })}` : ""}
        </p>
      ) : null}
      {r.pageClamped && r.total > 0 ? (
        <p role="status" className="mb-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100" data-testid="page-clamped">
          {t("notice.pageClamped", { asked: params.page, page: r.page })}
        </p>
      ) : null}
      {!backfillDone && r.total > 0 ? (
        <p role="status" className="mb-2 text-sm text-zinc-600 dark:text-zinc-400" data-testid="orders-syncing">
          <RefreshCw aria-hidden className="mr-1 inline size-3.5 animate-spin" />
          {t("empty.syncing")}{" "}
          <Link href="/sync" className="font-medium text-brand-700 hover:underline dark:text-orange-300">
            {t("empty.syncLink")}
          </Link>
        </p>
      ) : null}
      {r.rows.length === 0 ? (
        params.phone && !params.ids ? (
          <EmptyState testId="orders-empty" icon={<SearchX aria-hidden className="size-5" />} title={t("search.phoneNoneTitle", { phone: params.phone })}>
            <p data-testid="phone-none">{t("search.phoneNoneBody")}</p>
            <Link href="/orders" className="mt-3 inline-block font-medium text-brand-700 hover:underline dark:text-orange-300">
              {t("search.phoneAgain")}
            </Link>
          </EmptyState>
        ) : !backfillDone && !filtered ? (
          <EmptyState testId="orders-syncing" icon={<RefreshCw aria-hidden className="size-5" />} title={t("empty.syncingTitle")}>
            <p>{t("empty.syncing")}</p>
            <Link href="/sync" className="mt-3 inline-block font-medium text-brand-700 hover:underline dark:text-orange-300">
              {t("empty.syncLink")}
            </Link>
          </EmptyState>
        ) : (
          <EmptyState testId="orders-empty" icon={<Inbox aria-hidden className="size-5" />} title={t("empty.title")}>
            <p>{t("empty.body")}</p>
            {filtered ? (
              <Link href={serializeOrderParams("/orders", { ...params, q: "", ids: null, phone: null, range: null, from: null, to: null, refund: null, flag: null, msg: null, type: null, ship: null, prov: null, min: null, max: null, page: 1 })} data-testid="clear-filters" className="mt-3 inline-block font-medium text-brand-700 hover:underline dark:text-orange-300">
                {t("empty.clear")}
              </Link>
            ) : null}
          </EmptyState>
        )
      ) : (
        <>
          <OrdersTable rows={r.rows} canExport={canExport} exportQuery={exportQuery} bulkMemo={canMemo} matching={{ query: exportQuery, total: r.total, atLeast: r.totalCapped }} />
          <OrderPager params={params} page={r.page} pageCount={r.pageCount} total={r.total} atLeast={r.totalCapped} />
        </>
      )}
    </div>
  );
}
