/**
 * /api/auth/* (issue 18, item 7): a callbackUrl query parameter or cookie that is no URL made
 * next-auth answer 500 ("a problem with the server configuration"); it is a translated 400 now,
 * and everything else still goes to next-auth (a stand-in here).
 */
import fc from "fast-check";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { loadMessages } from "@/lib/i18n/messages";
import { hostileString } from "@/test/fuzz";

vi.mock("next-auth", () => ({ default: () => async () => new Response(null, { status: 204 }) }));
vi.mock("next-intl/server", () => ({
  getTranslations: async (namespace: string) => {
    const messages = (await loadMessages("zh-CN")) as unknown as Record<string, Record<string, string>>;
    return (key: string) => messages[namespace]?.[key] ?? `${namespace}.${key}`;
  },
}));

const { GET, POST } = await import("@/app/api/auth/[...nextauth]/route");
const ctx = { params: Promise.resolve({ nextauth: ["session"] }) };
const get = (query: string, cookie?: string) => GET(new NextRequest(`http://127.0.0.1:3000/api/auth/session?${query}`, { headers: cookie ? { cookie } : {} }), ctx);

describe("/api/auth/* callbackUrl", () => {
  it.each(["0", "abc\u0000def", "\u{10aa3d}", "::::", "javascript:alert(1)", "ftp://x"])("%j is a translated 400", async (callbackUrl) => {
    const res = await get(new URLSearchParams({ callbackUrl }).toString());
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "invalidInput", message: "登录后要打开的地址无效。" } });
  });

  it("a bad callback-url cookie too; paths, http(s) URLs and no callbackUrl go on to next-auth", async () => {
    expect((await get("", "next-auth.callback-url=%E4%8E%82")).status).toBe(400);
    for (const q of ["", "callbackUrl=%2Forders", "callbackUrl=http%3A%2F%2F127.0.0.1%3A3000%2Fsync", "callbackUrl="]) expect((await get(q)).status, q).toBe(204);
    expect((await POST(new NextRequest("http://127.0.0.1:3000/api/auth/signin/taobao", { method: "POST", body: "callbackUrl=0" }), ctx)).status).toBe(204);
  });

  it("property: any callbackUrl is a 400 or next-auth's answer, never an exception", async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, async (callbackUrl) => {
        expect([204, 400]).toContain((await get(new URLSearchParams({ callbackUrl }).toString())).status);
      }),
      { numRuns: 500, seed: 1807 },
    );
  });
});

describe("/api/auth/callback/* with the provider's error (issue 19, item 13)", () => {
  const callback = (query: string) => GET(new NextRequest(`http://127.0.0.1:3000/api/auth/callback/taobao?${query}`), { params: Promise.resolve({ nextauth: ["callback", "taobao"] }) });

  it("取消 on the consent page (error=access_denied) lands on the login page's 'you cancelled', not 'sign-in failed'", async () => {
    const res = await callback("error=access_denied&state=abc");
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get("location")!).pathname + new URL(res.headers.get("location")!).search).toBe("/login?error=AccessDenied");
  });

  it("another provider error is 'authorisation not completed'; a callback without error goes on to next-auth", async () => {
    const res = await callback("error=server_error&state=abc");
    expect(new URL(res.headers.get("location")!).search).toBe("?error=OAuthCallback");
    expect((await callback("code=abc&state=def")).status).toBe(204);
    // The same parameter on another route is nobody's business here.
    expect((await get("error=access_denied")).status).toBe(204);
  });
});
