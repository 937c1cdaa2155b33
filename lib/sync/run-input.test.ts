/**
 * POST /api/sync/run validates its body (issue 18, item 10): `{}` asks for a sync; malformed
 * JSON, another shape or an oversized body is a translated 400 and no sync is requested. The
 * Viewer, translations and the sync request are stand-ins; the route handler is the real one.
 */
import fc from "fast-check";
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { loadMessages } from "@/lib/i18n/messages";
import type { Viewer } from "@/lib/auth/viewer";
import { hostileString } from "@/test/fuzz";

const viewer: Viewer = { userId: "u1", nick: "小米粒旗舰店", isSubAccount: false, shopId: "s1", shopNick: "小米粒旗舰店", shopStatus: "ACTIVE", role: "OWNER", shops: [] };
const requested = vi.fn(async () => ({ requested: true }));

vi.mock("@/lib/auth/viewer", async (importOriginal) => ({ ...(await importOriginal<object>()), requireViewer: async () => viewer }));
vi.mock("@/lib/sync/status", () => ({ requestSyncNow: requested }));
vi.mock("next-intl/server", () => ({
  getTranslations: async (namespace: string) => {
    const messages = (await loadMessages("zh-CN")) as unknown as Record<string, Record<string, string>>;
    return (key: string) => messages[namespace]?.[key] ?? `${namespace}.${key}`;
  },
}));

const { POST } = await import("@/app/api/sync/run/route");

const call = (body: string, type = "application/json") => POST(new NextRequest("http://127.0.0.1:3000/api/sync/run", { method: "POST", body, headers: { "content-type": type } }));

beforeEach(() => requested.mockClear());

describe("POST /api/sync/run", () => {
  it("{} asks for a sync", async () => {
    const res = await call("{}");
    expect(res.status).toBe(200);
    expect(requested).toHaveBeenCalledTimes(1);
  });

  it.each(["", "{", "null", "[]", "NaN", '"x"', '{"shop":"other"}', '{"backfill":true}', `{"x":"${"a".repeat(2000)}"}`].map((b) => [b.length > 40 ? `${b.slice(0, 12)}… (${b.length} bytes)` : b, b]))("refuses %j with a translated 400 and requests nothing", async (_label, body) => {
    const res = await call(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalidInput", message: "输入有误，请检查后重试。" } });
    expect(requested).not.toHaveBeenCalled();
  });

  it("a body that is not JSON is a translated 415", async () => {
    const res = await call("{}", "text/plain");
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({ error: { code: "invalidInput", message: "不支持这种请求格式。" } });
  });

  it("property: any other body is a 400, never a 5xx or a sync", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileString, fc.json()), async (body) => {
        fc.pre(body.trim() !== "{}" && !/^\s*\{\s*\}\s*$/.test(body));
        const res = await call(body);
        expect(res.status).toBe(400);
      }),
      { numRuns: 200, seed: 1807 },
    );
    expect(requested).not.toHaveBeenCalled();
  });
});
