/**
 * Liveness and readiness: the database answers and every migration is applied. The demo
 * launcher and deployments poll it; it reveals no data.
 */
import { NextResponse } from "next/server";
import { databaseStatus } from "@/lib/db/status";

export const dynamic = "force-dynamic";

export async function GET() {
  const status = await databaseStatus();
  return NextResponse.json(status, { status: status.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
