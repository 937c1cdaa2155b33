/**
 * The one permission matrix (architecture.md "Roles") and the one way to enforce it:
 * `authorize(who, permission)`, called inside every data-access function in lib/ (the viewer,
 * or one of the viewer's shops for a view of another shop). `can()` only answers the question,
 * for the UI to hide what a role cannot do and for lib/ to choose what to include; it never
 * guards anything by itself.
 */
import { forbidden } from "./errors";

export const ROLES = ["OWNER", "MANAGER", "CUSTOMER_SERVICE"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "orders.read",
  "orders.trace",
  "orders.lookupByPhone",
  "orders.revealReceiver",
  "orders.memo",
  "orders.ship",
  "orders.export",
  /** Create, edit and delete the shop's shared saved views (anyone may keep personal ones): lib/orders/views.ts. */
  "orders.views.share",
  "reports.read",
  "sync.read",
  "sync.run",
  "shop.manage",
  "members.manage",
  "audit.read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const MATRIX: Record<Role, readonly Permission[]> = {
  OWNER: PERMISSIONS,
  MANAGER: ["orders.read", "orders.trace", "orders.memo", "orders.ship", "orders.export", "orders.views.share", "reports.read", "sync.read", "sync.run", "audit.read"],
  CUSTOMER_SERVICE: ["orders.read", "orders.trace", "orders.lookupByPhone", "orders.revealReceiver", "orders.memo", "sync.read"],
};

export function can(role: Role, permission: Permission): boolean {
  return MATRIX[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return MATRIX[role];
}

/**
 * Throws the `forbidden` AppError unless `who` — a Viewer, one of its shops, or a list of shops
 * of which at least one must do — has the permission.
 */
export function authorize(who: { role: Role } | readonly { role: Role }[], permission: Permission): void {
  const allowed = Array.isArray(who) ? who.some((w: { role: Role }) => can(w.role, permission)) : can((who as { role: Role }).role, permission);
  if (!allowed) throw forbidden(permission);
}
