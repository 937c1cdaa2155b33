/**
 * GET /api/reports/export?report=<table>&format=csv|xlsx&<the page's params>: one report as a
 * file, the same cells the page shows. Needs reports.read (checked in lib/reports); exports of
 * aggregate figures hold no buyer data, so they are not written to the audit log.
 */
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { parseInput, viewerRoute } from "@/lib/auth/action";
import { EXPORT_FORMATS, tableToCsv, tableToXlsx } from "@/lib/reports/export";
import { loadTable, reportQueryFromParams, TABLES } from "@/lib/reports/load";
import { dayBounds } from "@/lib/reports/params";

export const dynamic = "force-dynamic";

const exportSchema = z.object({ report: z.enum(TABLES), format: z.enum(EXPORT_FORMATS).default("csv") });

export async function GET(req: NextRequest) {
  const raw = Object.fromEntries(req.nextUrl.searchParams);
  let file: { body: Buffer; type: string; name: string } | null = null;
  // viewerRoute gives the translated error responses; on success the file replaces its JSON.
  const res = await viewerRoute(async (viewer) => {
    const { report, format } = parseInput(exportSchema, raw);
    const { query } = await reportQueryFromParams(raw);
    const table = await loadTable(viewer, report, query);
    const { from, to } = dayBounds(query.range);
    const name = `orderdesk-${report}-${from}_${to}.${format}`;
    file =
      format === "csv"
        ? { body: tableToCsv(table), type: "text/csv; charset=utf-8", name }
        : { body: await tableToXlsx(table), type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name };
    return { ok: true };
  });
  if (!file) return res;
  const f = file as { body: Buffer; type: string; name: string };
  return new NextResponse(new Uint8Array(f.body), {
    headers: { "Content-Type": f.type, "Content-Disposition": `attachment; filename="${f.name}"`, "Cache-Control": "no-store" },
  });
}
