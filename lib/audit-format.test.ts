/** The audit log in words: every action named, values translated, targets linkable, in both languages. */
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { loadMessages } from "@/lib/i18n/messages";
import { AUDIT_ACTIONS } from "./audit-actions";
import { formatAuditEntry, type AuditEntryInput, type Translate } from "./audit-format";

async function translator(locale: "zh-CN" | "en"): Promise<Translate> {
  return createTranslator({ locale, messages: await loadMessages(locale) }) as unknown as Translate;
}

const entry = (action: string, rest: Partial<AuditEntryInput> = {}): AuditEntryInput => ({ action, actorNick: "小米粒旗舰店", targetType: null, targetId: null, oldValue: null, newValue: null, ...rest });
const TID = "3072186541234567890";

describe("formatAuditEntry", () => {
  it("names every action in both languages, never by its code", async () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const t = await translator(locale);
      for (const a of AUDIT_ACTIONS) {
        const { action } = formatAuditEntry(entry(a), t);
        expect(action, a).not.toContain(".");
        expect(action, a).not.toMatch(/^settings\./);
      }
    }
  });

  it("reads roles, flags, memos and join policies in words (zh-CN)", async () => {
    const t = await translator("zh-CN");
    const member = { targetType: "member", targetId: "cuser123" };
    expect(formatAuditEntry(entry("member.role", { ...member, oldValue: { nick: "小米粒旗舰店:运营老李", role: "CUSTOMER_SERVICE", status: "ACTIVE" }, newValue: { nick: "小米粒旗舰店:运营老李", role: "MANAGER" } }), t)).toEqual({
      action: "修改角色",
      summary: "角色：客服 → 经理",
      target: { kind: "member", userId: "cuser123", nick: "小米粒旗舰店:运营老李" },
    });
    const flag = formatAuditEntry(entry("order.flag", { targetType: "trade", targetId: TID, oldValue: { flag: 0 }, newValue: { flag: 1 } }), t);
    expect(flag).toEqual({ action: "修改旗帜", summary: "旗帜：无旗帜 → 红旗", target: { kind: "order", tid: TID } });
    expect(formatAuditEntry(entry("order.memo", { targetType: "trade", targetId: TID, oldValue: { memo: null }, newValue: { memo: "加急" } }), t).summary).toBe("备注：（空） → “加急”");
    expect(formatAuditEntry(entry("shop.joinPolicy", { targetType: "shop", targetId: "cshop1", oldValue: { joinPolicy: "APPROVAL" }, newValue: { joinPolicy: "AUTO" } }), t)).toEqual({
      action: "修改加入方式",
      summary: "加入方式：需店主批准 → 自动加入为客服",
      target: { kind: "shop" },
    });
    expect(formatAuditEntry(entry("order.revealReceiver", { targetType: "trade", targetId: TID, newValue: { field: "mobile", scene: "2001", revealed: true } }), t).summary).toBe("查看了手机");
    expect(formatAuditEntry(entry("shop.reconnect", { targetType: "shop", targetId: "cshop1", oldValue: { status: "NEEDS_REAUTH", reauthReason: "refresh-rejected" } }), t).summary).toBe("之前：淘宝拒绝了续期");
    expect(formatAuditEntry(entry("limit.hit", { targetType: "limit", targetId: "reveal", newValue: { action: "reveal", scope: "user", limit: 60 } }), t)).toMatchObject({ summary: "每个账号每小时最多 60 次", target: { kind: "text", text: "查看收件人信息（每个字段一次）" } });
    expect(formatAuditEntry(entry("shop.limits", { oldValue: { reveal: { perUser: 60, perShop: 300 } }, newValue: { reveal: { perUser: 30, perShop: 300 }, export: { perUser: 5 } } }), t).summary).toBe("修改了 2 项限额");
  });

  it("reads the same in English, and a new member's own join names them", async () => {
    const t = await translator("en");
    expect(formatAuditEntry(entry("order.flag", { targetType: "trade", targetId: TID, oldValue: { flag: 2 }, newValue: { flag: 0 } }), t).summary).toMatch(/^Flag: .+ → .+$/);
    const join = formatAuditEntry(entry("member.join", { actorNick: "小米粒旗舰店:运营老李", targetType: "member", targetId: "cuser9", newValue: { role: "CUSTOMER_SERVICE", joinPolicy: "AUTO" } }), t);
    expect(join).toEqual({ action: expect.not.stringContaining("member"), summary: "Role: Customer service", target: { kind: "member", userId: "cuser9", nick: "小米粒旗舰店:运营老李" } });
    expect(formatAuditEntry(entry("orders.export", { newValue: { filter: "tab=all", format: "xlsx", per: "line", rows: 12 } }), t).summary).toBe("12 rows, Excel, one row per item");
  });

  it("keeps unknown actions and odd values readable instead of throwing", async () => {
    const t = await translator("zh-CN");
    expect(formatAuditEntry(entry("future.thing", { newValue: [1, 2] }), t)).toEqual({ action: "future.thing", summary: null, target: null });
    expect(formatAuditEntry(entry("member.role", { targetType: "member", targetId: "u", oldValue: "x", newValue: { role: "GOD" } }), t).summary).toBe("角色：— → —");
  });
});
