import "server-only";
import { forbidden, redirect } from "next/navigation";
import { AppError } from "./errors";
import { authorize, type Permission } from "./permissions";
import { getViewer, type Viewer } from "./viewer";

/**
 * For pages: the viewer, or a redirect to sign-in; with a permission, HTTP 403 when the role
 * lacks it. Pages render in parallel with their layout, so each page checks for itself.
 */
export async function pageViewer(permission?: Permission): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/login");
  if (permission) {
    try {
      authorize(viewer, permission);
    } catch (e) {
      // The same check as lib/'s, answered the way pages answer it: app/forbidden.tsx, HTTP 403.
      if (AppError.is(e) && e.code === "forbidden") forbidden();
      throw e;
    }
  }
  return viewer;
}
