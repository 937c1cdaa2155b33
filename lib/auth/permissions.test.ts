import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES, can, permissionsOf, type Permission, type Role } from "./permissions";

// architecture.md's table, written out cell by cell so a change to the matrix must change this too.
const EXPECTED: Record<Permission, Record<Role, boolean>> = {
  "orders.read": { OWNER: true, MANAGER: true, CUSTOMER_SERVICE: true },
  "orders.trace": { OWNER: true, MANAGER: true, CUSTOMER_SERVICE: true },
  "orders.lookupByPhone": { OWNER: true, MANAGER: false, CUSTOMER_SERVICE: true },
  "orders.revealReceiver": { OWNER: true, MANAGER: false, CUSTOMER_SERVICE: true },
  "orders.memo": { OWNER: true, MANAGER: true, CUSTOMER_SERVICE: true },
  "orders.ship": { OWNER: true, MANAGER: true, CUSTOMER_SERVICE: false },
  "orders.export": { OWNER: true, MANAGER: true, CUSTOMER_SERVICE: false },
  "orders.views.share": { OWNER: true, MANAGER: true, CUSTOMER_SERVICE: false },
  "reports.read": { OWNER: true, MANAGER: true, CUSTOMER_SERVICE: false },
  "sync.read": { OWNER: true, MANAGER: true, CUSTOMER_SERVICE: true },
  "sync.run": { OWNER: true, MANAGER: true, CUSTOMER_SERVICE: false },
  "shop.manage": { OWNER: true, MANAGER: false, CUSTOMER_SERVICE: false },
  "members.manage": { OWNER: true, MANAGER: false, CUSTOMER_SERVICE: false },
  "audit.read": { OWNER: true, MANAGER: true, CUSTOMER_SERVICE: false },
};

describe("permission matrix", () => {
  it.each(PERMISSIONS.flatMap((p) => ROLES.map((r) => [p, r] as const)))("%s for %s", (permission, role) => {
    expect(can(role, permission)).toBe(EXPECTED[permission][role]);
  });

  it("covers every permission", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...PERMISSIONS].sort());
    for (const role of ROLES) expect(permissionsOf(role).every((p) => PERMISSIONS.includes(p))).toBe(true);
  });
});
