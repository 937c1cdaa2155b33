/**
 * The one permission matrix (architecture.md "Roles"). The server checks it in lib/ on every
 * read and write; the UI mirrors it only to hide what a role cannot do.
 */
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
  MANAGER: ["orders.read", "orders.trace", "orders.memo", "orders.ship", "orders.export", "reports.read", "sync.read", "sync.run", "audit.read"],
  CUSTOMER_SERVICE: ["orders.read", "orders.trace", "orders.lookupByPhone", "orders.revealReceiver", "orders.memo", "sync.read"],
};

export function can(role: Role, permission: Permission): boolean {
  return MATRIX[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return MATRIX[role];
}
