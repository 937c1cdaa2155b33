import { AlertTriangle } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/layout/page-header";
import { BarListChart } from "@/components/reports/bar-list-chart";
import { CHART } from "@/components/reports/chart-theme";
import { ComparisonChart } from "@/components/reports/comparison-chart";
import { DataTable } from "@/components/reports/data-table";
import { ExportLinks } from "@/components/reports/export-links";
import { Heatmap } from "@/components/reports/heatmap";
import { KpiCards } from "@/components/reports/kpi-cards";
import { PrintStyle } from "@/components/reports/print-style";
import { ProductDetailTable } from "@/components/reports/product-detail-table";
import { RefundChart } from "@/components/reports/refund-chart";
import { ReportControls } from "@/components/reports/report-controls";
import { ReportHelp } from "@/components/reports/report-help";
import { ReportSection } from "@/components/reports/report-section";
import { buttonClass } from "@/components/ui/button";
import { AppError } from "@/lib/auth/errors";
import { pageViewer } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { fenToYuanNumber, formatCny } from "@/lib/money";
import { translators } from "@/lib/reports/load";
import { dayBounds, GRANULARITIES, parseReportParams, rangeOf, REPORT_PRESETS } from "@/lib/reports/params";
import { hoursReport, kpiReport, productsReport, provincesReport, shippingReport, statusReport, trendReport, type ReportQuery } from "@/lib/reports/queries";
import { percentString, ratio, ratioToNumber } from "@/lib/reports/ratio";
import { bucketLabel, coverageNotes, noBaseText, noDataText, hoursTable, kpiTable, periodLabel, productsAllTable, productsTable, provincesTable, refundsTable, shippingTable, statusTable, trendTable } from "@/lib/reports/tables";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pages.reports");
  return { title: t("title") };
}

type SearchParams = Record<string, string | string[] | undefined>;

function shortLabel(from: string, granularity: ReportQuery["granularity"]): string {
  return granularity === "month" ? from.slice(0, 7) : from.slice(5);
}

export default async function ReportsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await pageViewer("reports.read");
  const raw = await searchParams;
  const { t, statusLabel } = await translators();
  const parsed = parseReportParams(raw);

  const errorView = (messages: string[]) => (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div role="alert" data-testid="report-error" className="flex max-w-2xl gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
        <AlertTriangle aria-hidden className="mt-0.5 size-5 shrink-0" />
        <div className="space-y-2">
          <p className="font-medium">{t("errors.title")}</p>
          <ul className="list-disc pl-5">
            {messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
          <Link href="/reports" className={buttonClass("secondary", "sm")}>
            {t("errors.reset")}
          </Link>
        </div>
      </div>
    </>
  );
  if (!parsed.ok) return errorView(parsed.errors.map((e) => t(`errors.${e}`)));

  const params = parsed.params;
  const range = rangeOf(params);
  const q: ReportQuery = { range, granularity: params.granularity, shop: params.shop ?? null, now: new Date() };
  let data;
  try {
    data = await Promise.all([kpiReport(viewer, q), trendReport(viewer, q), statusReport(viewer, q), productsReport(viewer, q, params.productsPage ?? 1), provincesReport(viewer, q), hoursReport(viewer, q), shippingReport(viewer, q)]);
  } catch (e) {
    if (AppError.is(e) && e.code === "forbidden") forbidden();
    if (AppError.is(e) && e.code === "notFound") return errorView([t("errors.shop")]);
    throw e;
  }
  const [kpi, trend, status, products, provinces, hours, shipping] = data;
  const query = new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => (typeof v === "string" && ["preset", "from", "to", "granularity", "shop", "productsPage"].includes(k) ? [[k, v]] : []))).toString();
  const readable = viewer.shops.filter((s) => can(s.role, "reports.read"));
  const bounds = dayBounds(range);
  const exportLabels = (title: string) => ({ csv: t("export.csv"), xlsx: t("export.xlsx"), title: t("export.title", { title }) });
  const tableSummary = t("table.show");
  const names = { cur: t("chart.current"), prev: t("chart.previous") };

  const tables = {
    kpis: kpiTable(kpi, t),
    trend: trendTable(trend, t),
    refunds: refundsTable(trend, t),
    status: statusTable(status, t, statusLabel),
    productsGmv: productsTable(products, "gmv", t),
    productsQty: productsTable(products, "quantity", t),
    productsAll: productsAllTable(products, t),
    provinces: provincesTable(provinces, t),
    hours: hoursTable(hours, t),
    shipping: shippingTable(shipping, t),
  };
  const section = (id: keyof typeof tables, note?: string) => ({
    id,
    title: tables[id].title,
    note,
    actions: <ExportLinks report={id} query={query} labels={exportLabels(tables[id].title)} />,
  });

  const noData = noDataText(trend.coverage.current, t);
  const noBase = noBaseText(trend.coverage.previous, t);
  const notes = coverageNotes(kpi.coverage.current, kpi.periods.current, t);
  const none = kpi.coverage.current.status === "none";
  const empty = none ? noDataText(kpi.coverage.current, t) : t("table.empty");
  const gmvPoints = trend.buckets.map((b) => ({
    label: shortLabel(b.current.from, trend.granularity),
    cur: b.curCoverage === "none" ? null : fenToYuanNumber(b.cur.gmvFen),
    prev: b.prev ? fenToYuanNumber(b.prev.gmvFen) : null,
    curText: b.curCoverage === "none" ? noData : formatCny(b.cur.gmvFen),
    prevText: b.prev ? formatCny(b.prev.gmvFen) : noBase,
    prevLabel: periodLabel(b.previous),
  }));
  const orderPoints = trend.buckets.map((b) => ({
    label: shortLabel(b.current.from, trend.granularity),
    cur: b.curCoverage === "none" ? null : b.cur.paidTrades,
    prev: b.prev ? b.prev.paidTrades : null,
    curText: b.curCoverage === "none" ? noData : String(b.cur.paidTrades),
    prevText: b.prev ? String(b.prev.paidTrades) : noBase,
    prevLabel: periodLabel(b.previous),
  }));
  const refundPoints = trend.buckets.filter((b) => b.curCoverage !== "none").map((b) => {
    const rate = ratio(b.cur.refundFen, b.cur.gmvFen);
    return { label: bucketLabel(b.current, trend.granularity), amount: fenToYuanNumber(b.cur.refundFen), rate: rate ? ratioToNumber(rate) * 100 : null, amountText: formatCny(b.cur.refundFen), rateText: rate ? `${percentString(rate)}%` : "—" };
  });
  const productPoints = (rows: typeof products.byGmv, by: "gmv" | "qty") =>
    rows.map((p) => ({ label: p.title ?? t("chart.untitled", { id: p.key }), value: by === "gmv" ? fenToYuanNumber(p.gmvFen) : p.quantity, text: by === "gmv" ? formatCny(p.gmvFen) : String(p.quantity) }));

  return (
    <>
      <PrintStyle />
      <PageHeader
        title={t("title")}
        description={`${q.shop === "all" ? t("scope.all", { count: readable.length }) : (viewer.shops.find((s) => s.id === (q.shop ?? viewer.shopId))?.nick ?? viewer.shopNick)} · ${t("period", { from: bounds.from, to: bounds.to })}`}
      />
      <ReportControls
        labels={{
          label: t("controls.label"),
          preset: t("controls.preset"),
          presets: Object.fromEntries(REPORT_PRESETS.map((p) => [p, t(`preset.${p}`)])) as Record<(typeof REPORT_PRESETS)[number], string>,
          from: t("controls.from"),
          to: t("controls.to"),
          apply: t("controls.apply"),
          granularity: t("controls.granularity"),
          granularities: Object.fromEntries(GRANULARITIES.map((g) => [g, t(`granularity.${g}`)])) as Record<(typeof GRANULARITIES)[number], string>,
          shop: t("controls.shop"),
          print: t("controls.print"),
          loading: t("controls.loading"),
        }}
        shops={readable.map((s) => ({ id: s.id, nick: s.nick }))}
        currentShopId={viewer.shopId}
        allLabel={readable.length > 1 ? t("scope.all", { count: readable.length }) : null}
        defaultFrom={bounds.from}
        defaultTo={bounds.to}
      />
      <ReportHelp title={t("help.title")} items={["gmv", "paidTrades", "buyers", "aov", "refund", "ship", "excluded", "compare", "today", "coverage", "time"].map((k) => t(`help.${k}`))} />

      {notes.length ? (
        <div role="note" aria-labelledby="coverage-title" data-testid="coverage-note" className="mb-4 flex max-w-3xl gap-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
          <div>
            <p id="coverage-title" className="font-medium">
              {t("coverage.title")}
            </p>
            {notes.map((n) => (
              <p key={n}>{n}</p>
            ))}
          </div>
        </div>
      ) : null}

      <section aria-labelledby="kpis-title" className="mb-4 min-w-0" data-testid="report-kpis">
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <h2 id="kpis-title" className="text-sm font-semibold">
            {tables.kpis.title}
          </h2>
          <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="compared-with">
            {kpi.sameTime
              ? t("comparedWithSameTime", { previous: periodLabel(kpi.periods.previous), lastYear: periodLabel(kpi.periods.lastYear), until: kpi.sameTime.until })
              : t("comparedWith", { previous: periodLabel(kpi.periods.previous), lastYear: periodLabel(kpi.periods.lastYear) })}
          </p>
          <ExportLinks report="kpis" query={query} labels={exportLabels(tables.kpis.title)} />
        </div>
        <KpiCards report={kpi} t={t} />
        <DataTable table={tables.kpis} summary={tableSummary} />
      </section>

      <div data-report-grid className="grid gap-4 lg:grid-cols-2">
        <ReportSection {...section("trend", t("sectionNote.trend"))} className="lg:col-span-2">
          <div className="grid gap-4 md:grid-cols-2">
            <div>
              <h3 className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">{t("table.gmv")}</h3>
              <ComparisonChart label={`${tables.trend.title}: ${t("table.gmv")}`} data={gmvPoints} names={names} />
            </div>
            <div>
              <h3 className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">{t("table.paidTrades")}</h3>
              <ComparisonChart label={`${tables.trend.title}: ${t("table.paidTrades")}`} data={orderPoints} names={names} />
            </div>
          </div>
          <DataTable table={tables.trend} summary={tableSummary} />
        </ReportSection>

        <ReportSection {...section("refunds", t("sectionNote.refunds"))}>
          <RefundChart label={tables.refunds.title} data={refundPoints} names={{ amount: t("table.refundFen"), rate: t("table.refundRate") }} />
          <DataTable table={tables.refunds} summary={tableSummary} />
        </ReportSection>

        <ReportSection {...section("status", t("sectionNote.status"))}>
          <BarListChart label={tables.status.title} empty={empty} valueName={t("table.trades")} color={CHART.secondary} data={none ? [] : status.rows.map((r) => ({ label: statusLabel(r.key), value: r.trades, text: String(r.trades) }))} />
          <DataTable table={tables.status} summary={tableSummary} />
        </ReportSection>

        <ReportSection {...section("productsGmv")}>
          <BarListChart label={tables.productsGmv.title} empty={empty} valueName={t("table.gmv")} data={none ? [] : productPoints(products.byGmv, "gmv")} />
          <DataTable table={tables.productsGmv} summary={tableSummary} />
        </ReportSection>

        <ReportSection {...section("productsQty")}>
          <BarListChart label={tables.productsQty.title} empty={empty} valueName={t("table.quantity")} color={CHART.secondary} data={none ? [] : productPoints(products.byQuantity, "qty")} />
          <DataTable table={tables.productsQty} summary={tableSummary} />
        </ReportSection>

        <ReportSection {...section("productsAll")} className="lg:col-span-2">
          <ProductDetailTable
            table={tables.productsAll}
            page={products.detail.page}
            pages={products.detail.pages}
            query={query}
            labels={{
              page: t("products.page", { page: products.detail.page, pages: products.detail.pages, total: products.detail.total }),
              prev: t("products.prev"),
              next: t("products.next"),
              pager: t("products.pager"),
              empty,
            }}
          />
        </ReportSection>

        <ReportSection {...section("provinces")}>
          <BarListChart label={tables.provinces.title} empty={empty} valueName={t("table.gmv")} data={none ? [] : provinces.rows.map((r) => ({ label: r.key || t("table.unknownProvince"), value: fenToYuanNumber(r.gmvFen), text: formatCny(r.gmvFen) }))} />
          <DataTable table={tables.provinces} summary={tableSummary} />
        </ReportSection>

        <ReportSection {...section("shipping", t("sectionNote.shipping"))}>
          <BarListChart label={tables.shipping.title} empty={empty} valueName={t("table.trades")} color={CHART.secondary} data={none ? [] : shipping.bins.map((b, i) => ({ label: tables.shipping.rows[i]![0]!.text, value: b.trades, text: String(b.trades) }))} />
          <DataTable table={tables.shipping} summary={tableSummary} />
        </ReportSection>

        <ReportSection {...section("hours", t("sectionNote.hours"))} className="lg:col-span-2">
          <Heatmap cells={hours.cells} weekdays={Array.from({ length: 7 }, (_, w) => t(`weekday.${w}`))} legend={(max) => t("chart.heatLegend", { max })} />
          <DataTable table={tables.hours} summary={tableSummary} />
        </ReportSection>
      </div>
    </>
  );
}
