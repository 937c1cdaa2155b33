/** GET /api/reports/<table>?<the page's params>: one report's table as JSON (reports.read). */
import type { NextRequest } from "next/server";
import { z } from "zod";
import { parseInput, viewerRoute } from "@/lib/auth/action";
import { loadTable, reportQueryFromParams, TABLES } from "@/lib/reports/load";

export const dynamic = "force-dynamic";

export async function GET(req: NextRequest, ctx: { params: Promise<{ report: string }> }) {
  const { report } = await ctx.params;
  return viewerRoute(async (viewer) => {
    const name = parseInput(z.enum(TABLES), report);
    const { query } = await reportQueryFromParams(Object.fromEntries(req.nextUrl.searchParams));
    return loadTable(viewer, name, query);
  });
}
