/**
 * The action wrapper reads failures by brand (issue 18, item 4): an error thrown by another copy
 * of lib/top, lib/shops/tokens or lib/auth/errors (the production build holds several) answers
 * with its own code and translated message, never `internal` (服务器出错了).
 */
import { describe, expect, it, vi } from "vitest";
import { loadMessages } from "@/lib/i18n/messages";
import type { Viewer } from "./viewer";

const viewer: Viewer = { userId: "u1", nick: "小米粒旗舰店", isSubAccount: false, shopId: "s1", shopNick: "小米粒旗舰店", shopStatus: "ACTIVE", role: "OWNER", shops: [] };

vi.mock("./viewer", async (importOriginal) => ({ ...(await importOriginal<object>()), requireViewer: async () => viewer }));
vi.mock("next-intl/server", () => ({
  getTranslations: async (namespace: string) => {
    const messages = (await loadMessages("zh-CN")) as unknown as Record<string, Record<string, string>>;
    return (key: string) => messages[namespace]?.[key] ?? `${namespace}.${key}`;
  },
}));

const { viewerAction } = await import("./action");
const { z } = await import("zod");

/** A second, independent copy of the modules whose errors cross bundles. */
async function secondCopy() {
  vi.resetModules();
  const [top, tokens, app] = await Promise.all([import("@/lib/top/errors"), import("@/lib/shops/tokens"), import("@/lib/auth/errors")]);
  return { top, tokens, app };
}

const failWith = (error: unknown) => viewerAction(z.unknown(), async () => Promise.reject(error))({});

describe("viewerAction answers errors of another module copy with their own code", () => {
  it("a TOP failure from the start-up client's copy of lib/top is `platform`, not `internal`", async () => {
    const b = await secondCopy();
    const r = await failWith(b.top.TopError.from("taobao.trade.fullinfo.get", { code: 15, msg: "Remote service error", subCode: "isp.top-remote-unknown-error", subMsg: null, requestId: null }));
    expect(r).toEqual({ ok: false, error: { code: "platform", message: "淘宝接口暂时不可用，请稍后再试。" } });
    const t = await failWith(new b.top.TopTransportError("socket hang up", { reason: "network" }));
    expect(t).toMatchObject({ ok: false, error: { code: "platform" } });
  });

  it("a shop that needs re-authorisation is `shopNeedsReauth` with the re-authorise message", async () => {
    const b = await secondCopy();
    const r = await failWith(new b.tokens.ShopNeedsReauthError("s1", "refresh-rejected"));
    expect(r).toEqual({ ok: false, error: { code: "shopNeedsReauth", message: "店铺授权已失效，请店主重新授权后再试。" } });
  });

  it("an AppError of another copy keeps its code and fields", async () => {
    const b = await secondCopy();
    const r = await failWith(new b.app.AppError("conflict", "notShippable", { tid: ["notShippable"] }));
    expect(r).toEqual({ ok: false, error: { code: "conflict", message: "这个操作现在不能执行。", fields: { tid: ["notShippable"] } } });
  });

  it("anything else is still `internal`", async () => {
    expect(await failWith(new TypeError("boom"))).toMatchObject({ ok: false, error: { code: "internal" } });
    expect(await failWith({ name: "TopError", code: 15 })).toMatchObject({ ok: false, error: { code: "internal" } });
  });
});
