/**
 * What each role may do, in words, read from the one permission table (lib/auth/permissions.ts)
 * so that the explanation under 设置 → 成员与角色 cannot drift from what `authorize()` enforces.
 * The words are the messages `settings.roles.permissions.<permission with _>`.
 */
import { can, PERMISSIONS, ROLES, type Permission, type Role } from "./permissions";

/** next-intl reads dots in keys as nesting, so "orders.read" is stored as "orders_read". */
export type PermissionKey = `${string}_${string}`;
export const permissionKey = (p: Permission): PermissionKey => p.replaceAll(".", "_") as PermissionKey;

export interface RoleAbilities {
  role: Role;
  /** In the table's order. */
  can: Permission[];
  cannot: Permission[];
}

export function roleAbilities(): RoleAbilities[] {
  return ROLES.map((role) => {
    const allowed = PERMISSIONS.filter((p) => can(role, p));
    return { role, can: allowed, cannot: PERMISSIONS.filter((p) => !allowed.includes(p)) };
  });
}
