/** The OAuth pages and /token (top-protocol.md §8), over plain HTTP as a browser would use them. */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_APP_KEY, DEFAULT_APP_SECRET } from "./defaults";
import { redirectAllowed } from "./oauth";
import { authorizeViaHttp, parseConsentForm, refreshViaHttp, TokenHttpError, tokenRequest } from "./testing";
import { startTestSandbox, type TestSandbox } from "./testkit";

let t: TestSandbox;
const CB = "http://127.0.0.1:3000/api/auth/callback/taobao";

beforeAll(async () => {
  t = await startTestSandbox({ tokenTtl: 3600, refreshTtl: 7 * 86_400, codeTtl: 600, extraApps: [{ appKey: "99990001", appSecret: "other", name: "另一个应用" }] });
});
afterAll(() => t.close());

const authorizeUrl = (q: Record<string, string>) => `${t.sb.url}/authorize?${new URLSearchParams({ response_type: "code", client_id: DEFAULT_APP_KEY, redirect_uri: CB, state: "s1", ...q })}`;

/** Gets a code through the consent form without exchanging it. */
async function code(account: string, redirectUri = CB, extra: Record<string, string> = {}): Promise<string> {
  const html = await (await fetch(authorizeUrl({ redirect_uri: redirectUri, ...extra }))).text();
  const form = parseConsentForm(html);
  const res = await fetch(`${t.sb.url}/authorize`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...form.hidden, account, action: "authorize" }).toString(),
    redirect: "manual",
  });
  return new URL(res.headers.get("location")!).searchParams.get("code")!;
}

async function tokenError(p: Promise<unknown>): Promise<{ status: number; error?: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TokenHttpError) return { status: e.status, error: e.body.error };
    throw e;
  }
  throw new Error("expected /token to fail");
}

describe("a sub-account that a second shop authorises (跨店授权)", () => {
  it("signs in for either shop: the same sub_taobao_user_id, the chosen shop's taobao_user_id; revoking that shop ends only the grant for it", async () => {
    const home = await authorizeViaHttp(t.sb.url, { account: "小米粒旗舰店:店长阿明", redirectUri: CB });
    const other = await authorizeViaHttp(t.sb.url, { account: "小米粒旗舰店:店长阿明@棉语家居旗舰店", redirectUri: CB });
    expect(decodeURIComponent(home.taobao_user_nick)).toBe("小米粒旗舰店");
    expect(decodeURIComponent(other.taobao_user_nick)).toBe("棉语家居旗舰店");
    expect(decodeURIComponent(other.sub_taobao_user_nick!)).toBe("小米粒旗舰店:店长阿明");
    expect(other.sub_taobao_user_id).toBe(home.sub_taobao_user_id);
    expect(other.taobao_user_id).not.toBe(home.taobao_user_id);
    const main = t.sb.store.accounts[1]!;
    expect(other.taobao_user_id).toBe(main.userId);
    expect(t.sb.store.accounts[1]!.authorisedSubAccounts.map((a) => a.nick)).toEqual(["小米粒旗舰店:店长阿明"]);
    // A sub-account nobody authorised cannot be used for another shop.
    expect(t.sb.store.accountByLogin("小米粒旗舰店:客服小王@棉语家居旗舰店")).toBeUndefined();
    // Revoking by the second shop's nick ends the grant that acts for it, not the sub-account's own.
    expect(await t.admin("/_sandbox/revoke", { nick: "棉语家居旗舰店" })).toEqual({ revoked: 1 });
    expect(((await t.ok("taobao.trades.sold.get", { fields: "tid", page_size: "1" }, { session: home.access_token })) as { _key?: string })._key).toBe("trades_sold_get_response");
    expect(await t.admin("/_sandbox/revoke", { token: home.access_token })).toEqual({ revoked: 1 });
  });
});

describe("GET /authorize", () => {
  it("renders a Chinese consent page listing every main account and sub-account", async () => {
    const res = await fetch(authorizeUrl({}));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('lang="zh-CN"');
    expect(html).toContain("授权");
    const form = parseConsentForm(html);
    expect(form.accounts).toEqual(["小米粒旗舰店", "小米粒旗舰店:客服小王", "小米粒旗舰店:运营老李", "小米粒旗舰店:店长阿明", "棉语家居旗舰店", "棉语家居旗舰店:客服小美", "小米粒旗舰店:店长阿明@棉语家居旗舰店"]);
    expect(html).toContain("跨店授权子账号");
    expect(form.hidden).toMatchObject({ client_id: DEFAULT_APP_KEY, redirect_uri: CB, state: "s1" });
  });

  it("refuses unknown clients and redirect_uris outside the callback hosts, without redirecting", async () => {
    const cases: Record<string, string>[] = [
      { client_id: "123" },
      { redirect_uri: "http://evil.example.com/cb" },
      { redirect_uri: "http://127.0.0.1.evil.com/cb" },
      { redirect_uri: "javascript:alert(1)" },
      { redirect_uri: "http://127.0.0.1/cb#frag" },
      { response_type: "token" },
      { view: "desktop" },
    ];
    for (const q of cases) {
      const res = await fetch(authorizeUrl(q), { redirect: "manual" });
      expect(res.status).toBe(400);
      expect(res.headers.get("location")).toBeNull();
    }
  });

  it("callback hosts match on the host name, any port", () => {
    expect(redirectAllowed("http://localhost:5173/x", ["localhost"])).toBe(true);
    expect(redirectAllowed("https://LOCALHOST/x", ["localhost"])).toBe(true);
    expect(redirectAllowed("http://localhost.evil/x", ["localhost"])).toBe(false);
    expect(redirectAllowed("ftp://localhost/x", ["localhost"])).toBe(false);
  });
});

describe("POST /authorize", () => {
  it("redirects with code and state; 取消 redirects with access_denied", async () => {
    const html = await (await fetch(authorizeUrl({}))).text();
    const form = parseConsentForm(html);
    const ok = await fetch(`${t.sb.url}/authorize`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ ...form.hidden, account: "小米粒旗舰店", action: "authorize" }).toString(), redirect: "manual" });
    expect(ok.status).toBe(302);
    const loc = new URL(ok.headers.get("location")!);
    expect(`${loc.origin}${loc.pathname}`).toBe(CB);
    expect(loc.searchParams.get("state")).toBe("s1");
    expect(loc.searchParams.get("code")).toMatch(/^[0-9a-f]{32}$/);
    const deny = await fetch(`${t.sb.url}/authorize`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ ...form.hidden, action: "deny" }).toString(), redirect: "manual" });
    const denied = new URL(deny.headers.get("location")!);
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.get("code")).toBeNull();
  });

  it("refuses a tampered form (redirect_uri changed after the page was rendered)", async () => {
    const form = parseConsentForm(await (await fetch(authorizeUrl({}))).text());
    const res = await fetch(`${t.sb.url}/authorize`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ ...form.hidden, redirect_uri: "http://localhost:1/steal", account: "小米粒旗舰店", action: "authorize" }).toString(), redirect: "manual" });
    expect(res.status).toBe(400);
  });
});

describe("PKCE (S256)", () => {
  const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const exchange = (c: string, extra: Record<string, string> = {}) =>
    tokenRequest(t.sb.url, { grant_type: "authorization_code", code: c, client_id: DEFAULT_APP_KEY, client_secret: DEFAULT_APP_SECRET, redirect_uri: CB, ...extra });

  it("a code issued with a challenge needs the matching verifier", async () => {
    const pkce = { code_challenge: challenge, code_challenge_method: "S256" };
    expect(await tokenError(exchange(await code("小米粒旗舰店", CB, pkce)))).toEqual({ status: 400, error: "invalid_request" });
    expect(await tokenError(exchange(await code("小米粒旗舰店", CB, pkce), { code_verifier: `${verifier.slice(1)}x` }))).toEqual({ status: 400, error: "invalid_grant" });
    const token = await exchange(await code("小米粒旗舰店", CB, pkce), { code_verifier: verifier });
    expect(token.access_token).toBeTruthy();
  });

  it("refuses plain or malformed challenges at /authorize, and a verifier without a challenge at /token", async () => {
    expect((await fetch(authorizeUrl({ code_challenge: verifier, code_challenge_method: "plain" }))).status).toBe(400);
    expect((await fetch(authorizeUrl({ code_challenge: "short", code_challenge_method: "S256" }))).status).toBe(400);
    expect(await tokenError(exchange(await code("小米粒旗舰店"), { code_verifier: verifier }))).toEqual({ status: 400, error: "invalid_request" });
  });
});

describe("POST /token", () => {
  it("authorization_code: every field of §8 for the owner; the sub-account fields for a sub-account", async () => {
    const owner = await authorizeViaHttp(t.sb.url, { account: "小米粒旗舰店", redirectUri: CB });
    expect(owner).toMatchObject({ token_type: "Bearer", expires_in: 3600, re_expires_in: 7 * 86_400, taobao_user_nick: encodeURIComponent("小米粒旗舰店") });
    for (const k of ["access_token", "refresh_token", "r1_expires_in", "r2_expires_in", "w1_expires_in", "w2_expires_in", "taobao_user_id"]) expect(owner).toHaveProperty(k);
    expect(owner.taobao_user_id).toMatch(/^\d+$/);
    expect(owner.sub_taobao_user_id).toBeUndefined();
    const sub = await authorizeViaHttp(t.sb.url, { account: "小米粒旗舰店:客服小王", redirectUri: CB });
    expect(sub.taobao_user_id).toBe(owner.taobao_user_id);
    expect(decodeURIComponent(sub.sub_taobao_user_nick!)).toBe("小米粒旗舰店:客服小王");
    expect(sub.sub_taobao_user_id).toMatch(/^\d+$/);
    expect(sub.sub_taobao_user_id).not.toBe(owner.taobao_user_id);
    // The sub-account's token acts for the main shop.
    const body = await t.ok("taobao.trades.sold.get", { fields: "tid", page_size: "1" }, { session: sub.access_token });
    expect(body._key).toBe("trades_sold_get_response");
  });

  it("HTTP 400 for a bad code, a reused code (which also revokes its tokens), a wrong secret or redirect_uri", async () => {
    const c1 = await code("小米粒旗舰店");
    const form = { grant_type: "authorization_code", client_id: DEFAULT_APP_KEY, client_secret: DEFAULT_APP_SECRET, redirect_uri: CB };
    expect(await tokenError(tokenRequest(t.sb.url, { ...form, code: "0".repeat(32) }))).toEqual({ status: 400, error: "invalid_grant" });
    expect(await tokenError(tokenRequest(t.sb.url, { ...form, code: c1, client_secret: "wrong" }))).toEqual({ status: 400, error: "invalid_client" });
    expect(await tokenError(tokenRequest(t.sb.url, { ...form, code: c1, redirect_uri: "http://127.0.0.1:3000/other" }))).toEqual({ status: 400, error: "invalid_grant" });
    expect(await tokenError(tokenRequest(t.sb.url, { ...form, code: c1, client_id: "99990001", client_secret: "other" }))).toEqual({ status: 400, error: "invalid_grant" });
    const tok = await tokenRequest(t.sb.url, { ...form, code: c1 });
    expect((await t.ok("taobao.trades.sold.get", { fields: "tid", page_size: "1" }, { session: tok.access_token }))._key).toBe("trades_sold_get_response");
    expect(await tokenError(tokenRequest(t.sb.url, { ...form, code: c1 }))).toEqual({ status: 400, error: "invalid_grant" });
    expect(((await t.ok("taobao.trades.sold.get", { fields: "tid" }, { session: tok.access_token })) as { code?: number }).code).toBe(27);
    expect(await tokenError(tokenRequest(t.sb.url, { ...form, grant_type: "password", code: "x" }))).toEqual({ status: 400, error: "unsupported_grant_type" });
    expect(await tokenError(tokenRequest(t.sb.url, { grant_type: "authorization_code", code: "x" }))).toEqual({ status: 400, error: "invalid_request" });
    const get = await fetch(`${t.sb.url}/token`);
    expect(get.status).toBe(405);
  });

  it("a code expires after codeTtl seconds of sandbox time", async () => {
    const c = await code("小米粒旗舰店");
    await t.advance(601);
    const r = await tokenError(tokenRequest(t.sb.url, { grant_type: "authorization_code", client_id: DEFAULT_APP_KEY, client_secret: DEFAULT_APP_SECRET, redirect_uri: CB, code: c }));
    expect(r.error).toBe("invalid_grant");
  });

  it("an expired token gives 27; refresh works once per refresh token and re_expires_in counts down", async () => {
    const tok = await authorizeViaHttp(t.sb.url, { account: "小米粒旗舰店", redirectUri: CB });
    await t.advance(3601);
    const expired = (await t.ok("taobao.trades.sold.get", { fields: "tid" }, { session: tok.access_token })) as { code?: number; sub_code?: string };
    expect(expired).toMatchObject({ code: 27, sub_code: "invalid-sessionkey" });
    const fresh = await refreshViaHttp(t.sb.url, { refreshToken: tok.refresh_token });
    expect(fresh.access_token).not.toBe(tok.access_token);
    expect(fresh.refresh_token).not.toBe(tok.refresh_token);
    expect(fresh.re_expires_in).toBe(7 * 86_400 - 3601);
    expect((await t.ok("taobao.trades.sold.get", { fields: "tid", page_size: "1" }, { session: fresh.access_token }))._key).toBe("trades_sold_get_response");
    expect((await tokenError(refreshViaHttp(t.sb.url, { refreshToken: tok.refresh_token }))).error).toBe("invalid_grant");
    expect((await tokenError(refreshViaHttp(t.sb.url, { refreshToken: fresh.refresh_token, appSecret: "x" }))).error).toBe("invalid_client");
    // After the refresh deadline nothing can be refreshed.
    await t.advance(7 * 86_400);
    expect((await tokenError(refreshViaHttp(t.sb.url, { refreshToken: fresh.refresh_token }))).error).toBe("invalid_grant");
  });

  it("a revoked grant (admin) stops the session and the refresh token", async () => {
    const tok = await authorizeViaHttp(t.sb.url, { account: "棉语家居旗舰店", redirectUri: CB });
    expect(await t.admin("/_sandbox/revoke", { nick: "棉语家居旗舰店" })).toEqual({ revoked: 1 });
    expect(((await t.ok("taobao.trades.sold.get", { fields: "tid" }, { session: tok.access_token })) as { code?: number }).code).toBe(27);
    expect((await tokenError(refreshViaHttp(t.sb.url, { refreshToken: tok.refresh_token }))).error).toBe("invalid_grant");
  });
});
