/** GET /api/sync/status: the viewer's shop's sync state, progress and recent runs (polled by the sync page). */
import { viewerRoute } from "@/lib/auth/action";
import { syncStatus } from "@/lib/sync/status";

export const dynamic = "force-dynamic";

export async function GET() {
  return viewerRoute((viewer) => syncStatus(viewer));
}
