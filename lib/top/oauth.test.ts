import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TopOAuthError, TopTransportError, TopValidationError } from "./errors";
import { buildAuthorizeUrl, exchangeCode, parseTokenResponse, refreshToken } from "./oauth";
import { startTopStub, type StubRequest, type TopStubServer } from "./testing/stub-server";

const APP_KEY = "12345678";
const SECRET = "oauth-app-secret-0123";
const NOW = new Date("2026-11-28T01:00:00Z");
const now = () => NOW;

let stub: TopStubServer;
let seen: StubRequest[];

beforeAll(async () => {
  stub = await startTopStub({ appKey: APP_KEY, appSecret: SECRET });
});
afterAll(async () => {
  await stub.close();
});
afterEach(() => {
  stub.requests.length = 0;
});

function tokenBody(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    access_token: "6101c2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3",
    token_type: "Bearer",
    expires_in: 86400,
    refresh_token: "6102a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2",
    re_expires_in: 2592000,
    r1_expires_in: 86400,
    r2_expires_in: 86400,
    w1_expires_in: 86400,
    w2_expires_in: 1800,
    taobao_user_id: "2207495810",
    taobao_user_nick: encodeURIComponent("梳美人精品木梳"),
    ...extra,
  });
}

function serve(status: number, body: string) {
  seen = [];
  stub.onToken((r) => {
    seen.push(r);
    return { status, body };
  });
}

const base = () => ({ oauthBaseUrl: stub.oauthBaseUrl, appKey: APP_KEY, appSecret: SECRET, now });

describe("buildAuthorizeUrl", () => {
  it("builds the authorisation-code URL", () => {
    const url = new URL(buildAuthorizeUrl({ oauthBaseUrl: "https://oauth.taobao.com/", appKey: APP_KEY, redirectUri: "http://127.0.0.1:3000/api/auth/callback/taobao?x=1", state: "st&te" }));
    expect(url.origin + url.pathname).toBe("https://oauth.taobao.com/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: APP_KEY,
      redirect_uri: "http://127.0.0.1:3000/api/auth/callback/taobao?x=1",
      state: "st&te",
      view: "web",
    });
  });
  it("rejects a bad base URL or view", () => {
    expect(() => buildAuthorizeUrl({ oauthBaseUrl: "oauth.taobao.com", appKey: APP_KEY, redirectUri: "http://x/cb", state: "s" })).toThrow(TopValidationError);
    expect(() => buildAuthorizeUrl({ oauthBaseUrl: "https://o", appKey: APP_KEY, redirectUri: "http://x/cb", state: "s", view: "tv" as never })).toThrow(/"view"/);
  });
});

describe("exchangeCode", () => {
  it("POSTs the form and parses every field", async () => {
    serve(200, tokenBody());
    const t = await exchangeCode({ ...base(), code: "abc123", redirectUri: "http://127.0.0.1:3000/cb" });
    expect(seen[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded;charset=UTF-8");
    expect(seen[0]!.params).toEqual({ grant_type: "authorization_code", code: "abc123", client_id: APP_KEY, client_secret: SECRET, redirect_uri: "http://127.0.0.1:3000/cb" });
    expect(t).toEqual({
      accessToken: "6101c2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3",
      tokenType: "Bearer",
      expiresIn: 86400,
      expiresAt: new Date("2026-11-29T01:00:00Z"),
      refreshToken: "6102a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2",
      reExpiresIn: 2592000,
      refreshExpiresAt: new Date("2026-12-28T01:00:00Z"),
      refreshable: true,
      r1ExpiresIn: 86400,
      r2ExpiresIn: 86400,
      w1ExpiresIn: 86400,
      w2ExpiresIn: 1800,
      taobaoUserId: "2207495810",
      taobaoUserNick: "梳美人精品木梳",
      subTaobaoUserId: null,
      subTaobaoUserNick: null,
      isSubAccount: false,
    });
  });

  it("sends the PKCE verifier when given, and keeps it out of errors", async () => {
    serve(200, tokenBody());
    await exchangeCode({ ...base(), code: "c", redirectUri: "http://127.0.0.1:3000/cb", codeVerifier: "v".repeat(43) });
    expect(seen[0]!.params.code_verifier).toBe("v".repeat(43));
    expect(() => exchangeCode({ ...base(), code: "c", redirectUri: "http://127.0.0.1:3000/cb", codeVerifier: "" })).toThrow(/codeVerifier/);
  });

  it("parses a sub-account (URL-decoded 店铺名:客服1) and numeric ids", async () => {
    serve(200, tokenBody({ taobao_user_id: 2207495810, sub_taobao_user_id: 2208123456789, sub_taobao_user_nick: encodeURIComponent("梳美人精品木梳:客服1"), expires_in: "3600" }));
    const t = await exchangeCode({ ...base(), code: "c", redirectUri: "http://127.0.0.1:3000/cb" });
    expect(t).toMatchObject({ taobaoUserId: "2207495810", subTaobaoUserId: "2208123456789", subTaobaoUserNick: "梳美人精品木梳:客服1", isSubAccount: true, expiresIn: 3600 });
  });

  it("re_expires_in = 0 means not refreshable", async () => {
    serve(200, tokenBody({ re_expires_in: 0 }));
    const t = await exchangeCode({ ...base(), code: "c", redirectUri: "http://127.0.0.1:3000/cb" });
    expect(t.refreshable).toBe(false);
    expect(t.refreshExpiresAt).toBeNull();
    expect(t.reExpiresIn).toBe(0);
  });

  it("turns the HTTP 400 JSON error into TopOAuthError, without the secret or code", async () => {
    serve(400, JSON.stringify({ error: "invalid_grant", error_description: "authorize code expired" }));
    const e = (await exchangeCode({ ...base(), code: "the-secret-code-xyz", redirectUri: "http://127.0.0.1:3000/cb" }).catch((x: unknown) => x)) as TopOAuthError;
    expect(e).toBeInstanceOf(TopOAuthError);
    expect(e.error).toBe("invalid_grant");
    expect(e.errorDescription).toBe("authorize code expired");
    expect(e.status).toBe(400);
    expect(`${e.message} ${JSON.stringify(e)}`).not.toMatch(/oauth-app-secret|the-secret-code-xyz/);
  });

  it("a 5xx HTML page is a transport error", async () => {
    serve(503, "<html>busy</html>");
    const e = await exchangeCode({ ...base(), code: "c", redirectUri: "http://127.0.0.1:3000/cb" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TopTransportError);
    expect((e as TopTransportError).status).toBe(503);
  });

  it("requires code and redirectUri", () => {
    expect(() => exchangeCode({ ...base(), code: "", redirectUri: "http://x/cb" })).toThrow(/"code"/);
  });
});

describe("refreshToken", () => {
  it("POSTs grant_type=refresh_token and parses the new token", async () => {
    serve(200, tokenBody({ access_token: "new-access-token-value" }));
    const t = await refreshToken({ ...base(), refreshToken: "r-token" });
    expect(seen[0]!.params).toEqual({ grant_type: "refresh_token", refresh_token: "r-token", client_id: APP_KEY, client_secret: SECRET });
    expect(t.accessToken).toBe("new-access-token-value");
  });

  it("invalid refresh token → TopOAuthError", async () => {
    serve(400, JSON.stringify({ error: "invalid_request", error_description: "refresh token expired" }));
    await expect(refreshToken({ ...base(), refreshToken: "old" })).rejects.toMatchObject({ name: "TopOAuthError", error: "invalid_request" });
  });
});

describe("parseTokenResponse", () => {
  it("decodes '+' as a space (Java URLEncoder) and keeps raw nicks", () => {
    const t = parseTokenResponse({ access_token: "a", expires_in: 1, taobao_user_id: "1", taobao_user_nick: "tb+shop%E5%BA%97" }, NOW);
    expect(t.taobaoUserNick).toBe("tb shop店");
    expect(parseTokenResponse({ access_token: "a", expires_in: 1, taobao_user_id: "1", taobao_user_nick: "100%纯" }, NOW).taobaoUserNick).toBe("100%纯");
  });
  it("a token without refresh_token is not refreshable", () => {
    const t = parseTokenResponse({ access_token: "a", expires_in: 1, re_expires_in: 100, taobao_user_id: "1", taobao_user_nick: "n" }, NOW);
    expect(t.refreshable).toBe(false);
  });
});
