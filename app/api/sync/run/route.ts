/**
 * POST /api/sync/run (立即同步): asks for a sync of the viewer's shop now; permission sync.run,
 * audited. A JSON body is required, which a cross-site form cannot send without a CORS preflight;
 * it must be `{}` (zod: anything else, malformed JSON or more than 1 KB is a translated 400).
 */
import { NextResponse, type NextRequest } from "next/server";
import { getTranslations } from "next-intl/server";
import { parseInput, viewerRoute } from "@/lib/auth/action";
import { AppError } from "@/lib/auth/errors";
import { readSyncRunBody, syncRunInput } from "@/lib/sync/run-input";
import { requestSyncNow } from "@/lib/sync/status";

export const dynamic = "force-dynamic";

export async function POST(request: NextRequest) {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    const t = await getTranslations("requestErrors");
    return NextResponse.json({ error: { code: "invalidInput", message: t("contentType") } }, { status: 415, headers: { "Cache-Control": "no-store" } });
  }
  return viewerRoute(async (viewer) => {
    const body = await readSyncRunBody(request);
    if (!body.ok) throw new AppError("invalidInput", "malformed body", { body: [body.reason] });
    parseInput(syncRunInput, body.value);
    return requestSyncNow(viewer);
  });
}
