/**
 * POST /api/sync/run (立即同步): asks for a sync of the viewer's shop now; permission sync.run,
 * audited. A JSON body is required, which a cross-site form cannot send without a CORS preflight.
 */
import { NextResponse, type NextRequest } from "next/server";
import { viewerRoute } from "@/lib/auth/action";
import { requestSyncNow } from "@/lib/sync/status";

export const dynamic = "force-dynamic";

export async function POST(request: NextRequest) {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    return NextResponse.json({ error: { code: "invalidInput", message: "send application/json" } }, { status: 415 });
  }
  return viewerRoute((viewer) => requestSyncNow(viewer));
}
