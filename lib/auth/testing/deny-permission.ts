/**
 * Test support: the permissions module with one permission revocable at run time, so a test can
 * prove a check happens (e.g. on every chunk of a bulk run). authorize() calls can() inside its own
 * module, so it is rebuilt with the same rule on top of the wrapped can().
 *
 *   const deny = vi.hoisted(() => ({ memo: false }));
 *   vi.mock("@/lib/auth/permissions", async (real) =>
 *     (await import("@/lib/auth/testing/deny-permission")).permissionsDenying(await real(), () => (deny.memo ? "orders.memo" : null)));
 */
import { forbidden } from "@/lib/auth/errors";
import type * as Permissions from "@/lib/auth/permissions";

type Module = typeof Permissions;
type Role = Parameters<Module["can"]>[0];
type Permission = Parameters<Module["can"]>[1];

export function permissionsDenying(real: Module, denied: () => Permission | null): Module {
  const can = (role: Role, p: Permission) => (denied() === p ? false : real.can(role, p));
  const authorize: Module["authorize"] = (who, p) => {
    const roles: readonly { role: Role }[] = Array.isArray(who) ? who : [who as { role: Role }];
    if (!roles.some((w) => can(w.role, p))) throw forbidden(p);
  };
  return { ...real, can, authorize };
}
