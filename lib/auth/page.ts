import "server-only";
import { forbidden, redirect } from "next/navigation";
import type { Permission } from "./permissions";
import { can } from "./permissions";
import { getViewer, type Viewer } from "./viewer";

/**
 * For pages: the viewer, or a redirect to sign-in; with a permission, HTTP 403 when the role
 * lacks it. Pages render in parallel with their layout, so each page checks for itself.
 */
export async function pageViewer(permission?: Permission): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/login");
  if (permission && !can(viewer.role, permission)) forbidden();
  return viewer;
}
