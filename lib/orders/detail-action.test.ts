/**
 * The detail page's actions answer bad input with a specific translated reason (never a 500):
 * a malformed tid, a 5,000-character memo, HTML, a wrong flag, a bad waybill, an unknown field.
 * The Viewer and the message loader are the real ones' stand-ins; the lib functions never run
 * because validation fails first.
 */
import { describe, expect, it, vi } from "vitest";
import { loadMessages } from "@/lib/i18n/messages";
import type { Viewer } from "@/lib/auth/viewer";

const viewer: Viewer = { userId: "u1", nick: "小米粒旗舰店:客服小王", isSubAccount: true, shopId: "s1", shopNick: "小米粒旗舰店", shopStatus: "ACTIVE", role: "CUSTOMER_SERVICE", shops: [] };

vi.mock("@/lib/auth/viewer", async (importOriginal) => ({ ...(await importOriginal<object>()), requireViewer: async () => viewer }));
vi.mock("next-intl/server", () => ({
  getTranslations: async (namespace: string) => {
    const messages = (await loadMessages("zh-CN")) as unknown as Record<string, unknown>;
    const node = namespace.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], messages) as Record<string, string>;
    const t = (key: string) => node[key] ?? `${namespace}.${key}`;
    t.has = (key: string) => typeof node[key] === "string";
    return t;
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const actions = await import("@/app/(dashboard)/(order-detail)/orders/[tid]/actions");
const bulkActions = await import("@/lib/orders/actions");

describe("detail actions refuse bad input with a translated reason", () => {
  const cases: [string, () => Promise<{ ok: boolean; error?: { code: string; message: string } }>, string][] = [
    ["5,000-character memo", () => actions.updateMemoAction({ tid: "3796207345637527441", memo: "x".repeat(5000) }), "备注最多 1000 字节（约 333 个汉字）。"],
    ["HTML memo", () => actions.updateMemoAction({ tid: "3796207345637527441", memo: "<script>alert(1)</script>" }), "备注是纯文本，不能包含 HTML 标签。"],
    ["wrong flag", () => actions.updateMemoAction({ tid: "3796207345637527441", flag: 9 }), "旗帜应为 0–5 之间的整数。"],
    ["half an emoji in a memo (a lone surrogate)", () => actions.updateMemoAction({ tid: "3796207345637527441", memo: "好评返现😀\ud83d" }), "备注里有残缺的字符（半个表情或符号），请删除后重试。"],
    ["a lone low surrogate in a bulk memo", () => bulkActions.bulkMemoAction({ tids: ["3796207345637527441"], memo: "\ude00加急" }), "备注里有残缺的字符（半个表情或符号），请删除后重试。"],
    ["SQL in the tid", () => actions.refreshOrderAction({ tid: "1 OR 1=1" }), "订单号应为数字。"],
    ["no tid", () => actions.ensureDetailAction({}), "订单号应为数字。"],
    ["not even an object", () => actions.ensureDetailAction("<img src=x onerror=alert(1)>"), "输入有误，请检查后重试。"],
    ["unknown reveal field", () => actions.revealReceiverAction({ tid: "3796207345637527441", field: "idCard" }), "只能查看姓名、手机或地址。"],
    ["waybill with markup", () => actions.shipOrderAction({ tid: "3796207345637527441", companyCode: "ZTO", waybill: "x".repeat(65) }), "运单号只能包含字母、数字和“-”，最多 64 位。"],
    ["no waybill", () => actions.shipOrderAction({ tid: "3796207345637527441", companyCode: "ZTO", waybill: " " }), "请填写运单号。"],
  ];
  for (const [name, run, message] of cases) {
    it(name, async () => {
      const r = await run();
      expect(r.ok).toBe(false);
      expect(r.error).toMatchObject({ code: "invalidInput", message });
    });
  }

  it("an unexpected key is invalid input with the generic translated message", async () => {
    const r = await actions.updateMemoAction({ tid: "3796207345637527441", flag: 1, extra: "x" });
    expect(r).toMatchObject({ ok: false, error: { code: "invalidInput", message: "输入有误，请检查后重试。" } });
  });
});
