import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { DensityProvider, DensitySwitch } from "@/components/orders/density";
import { FilterBar } from "@/components/orders/filter-bar";
import { FilterNotices } from "@/components/orders/filter-notices";
import { OrdersResults } from "@/components/orders/orders-results";
import { OrdersSkeleton } from "@/components/orders/orders-skeleton";
import { RememberListUrl } from "@/components/orders/remember-list-url";
import { SavedViews } from "@/components/orders/saved-views";
import { SearchBox } from "@/components/orders/search-box";
import { SortSelect } from "@/components/orders/sort-select";
import { PageHeader } from "@/components/layout/page-header";
import { pageViewer } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { DENSITY_COOKIE, parseDensity } from "@/lib/density";
import { hasFilters, parseOrderFilters, serializeOrderParams } from "@/lib/orders/filters";
import { listContext, viewShop } from "@/lib/orders/list";
import { classifySearch } from "@/lib/orders/search-kind";
import { viewHref, viewQueryOf } from "@/lib/orders/view-query";
import { savedViewsOfList } from "@/lib/orders/views";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pages.orders");
  return { title: t("title") };
}

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await pageViewer("orders.read");
  const raw = await searchParams;
  const { params, notices } = parseOrderFilters(raw, viewer.shops.map((s) => s.id));
  const t = await getTranslations();
  // A phone number is looked up through the search box (Taobao, audited), never from a URL.
  const phoneInUrl = classifySearch(params.q)?.kind === "phone";
  // The box starts with the term the list was searched with; a phone number from the URL stays in
  // it, unsearched, for the seller to submit (the notice says so).
  const boxQuery = params.q;
  if (phoneInUrl) params.q = "";
  const ctx = await listContext(viewer, params.shop);
  const viewing = viewShop(viewer, params.shop);
  const role = viewing.role;
  const density = parseDensity((await cookies()).get(DENSITY_COOKIE)?.value);
  // Saved views are the active shop's; `?view=<id>` alone opens the view (its filters go to the URL).
  const views = viewing.shopId === viewer.shopId ? await savedViewsOfList(viewer, params.view) : null;
  if (views?.active && Object.keys(raw).every((k) => k === "view") && views.active.query !== "") redirect(viewHref(views.active));
  if (params.view && !views?.active) params.view = null;
  return (
    <DensityProvider initial={density}>
      <PageHeader
        title={t("pages.orders.title")}
        description={t("pages.orders.description")}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <SortSelect />
            <DensitySwitch />
          </div>
        }
      />
      <RememberListUrl />
      <FilterNotices notices={notices} extra={[...(phoneInUrl ? [t("orders.search.phoneInUrl")] : []), ...(views?.unknown ? [t("orderViews.notice.notFound")] : [])]} />
      <FilterBar
        search={<SearchBox key={boxQuery} initialQuery={boxQuery} canLookupByPhone={can(viewer.role, "orders.lookupByPhone")} />}
        provinces={ctx.provinces}
        types={ctx.types}
        shops={viewer.shops.length > 1 ? viewer.shops : []}
      />
      {views ? (
        // The counts stream in; the strip's height is held meanwhile so the list does not jump.
        <Suspense fallback={<div aria-hidden className="mb-2 h-9" />}>
          <SavedViews viewer={viewer} views={views.all} active={views.active} current={viewQueryOf(params)} />
        </Suspense>
      ) : null}
      <Suspense key={serializeOrderParams(params) || "all"} fallback={<OrdersSkeleton />}>
        <OrdersResults viewer={viewer} params={params} backfillDone={ctx.backfillDone} canExport={can(role, "orders.export")} canMemo={viewing.shopId === viewer.shopId && can(role, "orders.memo")} filtered={hasFilters(params)} />
      </Suspense>
      <p className="mt-6 text-xs text-zinc-500 dark:text-zinc-400">{t("orders.shortcuts")}</p>
    </DensityProvider>
  );
}
