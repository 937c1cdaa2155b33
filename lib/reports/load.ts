/**
 * One report by name as its table, for the export and the JSON data endpoint: validates the
 * URL parameters, reads through the permission-checked queries, translates.
 */
import "server-only";
import { getTranslations } from "next-intl/server";
import { AppError } from "@/lib/auth/errors";
import type { Viewer } from "@/lib/auth/viewer";
import { TRADE_STATUSES } from "@/lib/top";
import { parseReportParams, rangeOf, type ReportParams } from "./params";
import { hoursReport, kpiReport, productsReport, provincesReport, shippingReport, statusReport, trendReport, type ReportQuery } from "./queries";
import { hoursTable, kpiTable, productsAllTable, productsTable, provincesTable, refundsTable, shippingTable, statusTable, trendTable, type ReportTable, type Translate } from "./tables";

export const TABLES = ["kpis", "trend", "refunds", "status", "productsGmv", "productsQty", "productsAll", "provinces", "hours", "shipping"] as const;
export type TableName = (typeof TABLES)[number];

/** The query the URL names, or invalidInput with the translated reason per parameter. */
export async function reportQueryFromParams(raw: Record<string, string | string[] | undefined>, now = new Date()): Promise<{ params: ReportParams; query: ReportQuery }> {
  const parsed = parseReportParams(raw);
  if (!parsed.ok) {
    const t = await getTranslations("reports.errors");
    throw new AppError("invalidInput", "invalid report parameters", { params: parsed.errors.map((e) => t(e)) });
  }
  const p = parsed.params;
  return { params: p, query: { range: rangeOf(p, now), granularity: p.granularity, shop: p.shop ?? null, now } };
}

export async function translators(): Promise<{ t: Translate; statusLabel: (code: string) => string }> {
  const t = await getTranslations("reports");
  const ts = await getTranslations("trade.status");
  return {
    t: (key, values) => t(key as never, values as never),
    statusLabel: (code) => ((TRADE_STATUSES as readonly string[]).includes(code) ? ts(code as never) : ts("unknown", { code })),
  };
}

export async function loadTable(viewer: Viewer, name: TableName, query: ReportQuery): Promise<ReportTable> {
  const { t, statusLabel } = await translators();
  switch (name) {
    case "kpis":
      return kpiTable(await kpiReport(viewer, query), t);
    case "trend":
      return trendTable(await trendReport(viewer, query), t);
    case "refunds":
      return refundsTable(await trendReport(viewer, query), t);
    case "status":
      return statusTable(await statusReport(viewer, query), t, statusLabel);
    case "productsGmv":
      return productsTable(await productsReport(viewer, query), "gmv", t);
    case "productsQty":
      return productsTable(await productsReport(viewer, query), "quantity", t);
    case "productsAll":
      // The export holds every product, not the page's.
      return productsAllTable(await productsReport(viewer, query, "all"), t);
    case "provinces":
      return provincesTable(await provincesReport(viewer, query), t);
    case "hours":
      return hoursTable(await hoursReport(viewer, query), t);
    case "shipping":
      return shippingTable(await shippingReport(viewer, query), t);
  }
}
