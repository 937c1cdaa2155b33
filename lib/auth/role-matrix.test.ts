/** The roles explained under 设置 → 成员与角色 are the permission table itself, in both languages. */
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { loadMessages } from "@/lib/i18n/messages";
import { can, PERMISSIONS, ROLES } from "./permissions";
import { permissionKey, roleAbilities } from "./role-matrix";

describe("roleAbilities", () => {
  it("is the permission table: every role × permission once, on the side can() answers", () => {
    const rows = roleAbilities();
    expect(rows.map((r) => r.role)).toEqual([...ROLES]);
    for (const r of rows) {
      expect([...r.can, ...r.cannot].sort()).toEqual([...PERMISSIONS].sort());
      for (const p of r.can) expect(can(r.role, p)).toBe(true);
      for (const p of r.cannot) expect(can(r.role, p)).toBe(false);
    }
  });

  it("explains 运营老李's case: a manager ships but does not see the receiver", () => {
    const manager = roleAbilities().find((r) => r.role === "MANAGER")!;
    expect(manager.can).toContain("orders.ship");
    expect(manager.cannot).toContain("orders.revealReceiver");
    expect(roleAbilities().find((r) => r.role === "OWNER")!.cannot).toEqual([]);
  });

  it.each(["zh-CN", "en"] as const)("every permission has its words in %s", async (locale) => {
    const t = createTranslator({ locale, messages: await loadMessages(locale), namespace: "settings.roles.permissions" });
    const seen = new Set<string>();
    for (const p of PERMISSIONS) {
      const text = t(permissionKey(p) as never);
      expect(text, p).not.toMatch(/settings\.roles/);
      expect(seen.has(text), `${p} says the same as another permission`).toBe(false);
      seen.add(text);
    }
  });
});
