/**
 * The security suite (issue 18): each defect the probe found, tried again against the production
 * build the way an attacker or a careless user would. One `describe` per item, named after it;
 * other items add their own blocks.
 */
import { expect, test } from "@playwright/test";
import { APP_URL, SANDBOX_URL, STATE } from "./fixtures/env";

test.describe("item 1: open redirect after sign-in", () => {
  const hostile = [
    "/\\evil.example",
    `/\\${new URL(SANDBOX_URL).host}/_sandbox/clock`,
    "//evil.example/orders",
    "/%2Fevil.example",
    "/%5Cevil.example",
    "/\t/evil.example",
    "https://evil.example/orders",
    "javascript:alert(1)",
  ];

  test("a signed-in /login answers only same-origin redirects, falling back to /orders", async ({ playwright }) => {
    const owner = await playwright.request.newContext({ baseURL: APP_URL, storageState: STATE.owner });
    for (const value of hostile) {
      const res = await owner.get(`/login?callbackUrl=${encodeURIComponent(value)}`, { maxRedirects: 0 });
      expect(res.status(), value).toBe(307);
      const location = res.headers()["location"]!;
      expect(location, value).not.toMatch(/\\|^\/\/|^[a-z]+:/i);
      expect(new URL(location, APP_URL).href, value).toBe(`${APP_URL}/orders`);
    }
    const fine = await owner.get(`/login?callbackUrl=${encodeURIComponent("/reports?preset=last7")}`, { maxRedirects: 0 });
    expect(fine.headers()["location"]).toBe("/reports?preset=last7");
    await owner.dispose();
  });

  test("Chromium stays on the app when a signed-in user follows a hostile callbackUrl", async ({ browser }) => {
    const ctx = await browser.newContext({ storageState: STATE.owner });
    const page = await ctx.newPage();
    await page.goto(`/login?callbackUrl=${encodeURIComponent(`/\\${new URL(SANDBOX_URL).host}/_sandbox/clock`)}`);
    await page.waitForURL(/\/orders$/);
    expect(new URL(page.url()).origin).toBe(APP_URL);
    await ctx.close();
  });

  test("next-auth's redirect callback keeps the same rule for the callbackUrl it remembers", async ({ playwright }) => {
    const anon = await playwright.request.newContext({ baseURL: APP_URL });
    for (const value of ["/\\evil.example", "https://evil.example/x", "/settings"]) {
      const { csrfToken } = (await (await anon.get("/api/auth/csrf")).json()) as { csrfToken: string };
      const res = await anon.post("/api/auth/signin/taobao", { form: { csrfToken, callbackUrl: value, json: "true" } });
      expect(res.status()).toBe(200);
      const cookie = (await anon.storageState()).cookies.find((c) => c.name.endsWith("next-auth.callback-url"))!;
      expect(decodeURIComponent(cookie.value), value).toBe(value === "/settings" ? `${APP_URL}/settings` : `${APP_URL}/orders`);
    }
    await anon.dispose();
  });

  test("the proxy's sign-in redirect carries only a same-origin callbackUrl", async ({ playwright }) => {
    const anon = await playwright.request.newContext({ baseURL: APP_URL });
    const plain = await anon.get("/orders?tab=toShip", { maxRedirects: 0 });
    expect(plain.status()).toBe(307);
    expect(new URL(plain.headers()["location"]!, APP_URL).searchParams.get("callbackUrl")).toBe("/orders?tab=toShip");
    const odd = await anon.get("/%5Cevil.example", { maxRedirects: 0 });
    expect(odd.status()).toBe(307);
    expect(new URL(odd.headers()["location"]!, APP_URL).searchParams.get("callbackUrl")).toBeNull();
    await anon.dispose();
  });
});

test.describe("item 9: strict headers on every answer", () => {
  function expectStrict(headers: Record<string, string>, what: string) {
    const csp = headers["content-security-policy"];
    expect(csp, `${what}: CSP`).toBeTruthy();
    expect(csp, what).toContain("frame-ancestors 'none'");
    expect(csp, what).toContain("object-src 'none'");
    expect(csp, what).not.toContain("unsafe-eval");
    expect(headers["x-content-type-options"], what).toBe("nosniff");
    expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
    expect(headers["x-frame-options"], what).toBe("DENY");
    return csp!;
  }

  /** Every <script> of the page carries the CSP's nonce (Next reads it from the proxy). */
  function expectNoncedScripts(html: string, csp: string, what: string) {
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce, `${what}: nonce in the CSP`).toBeTruthy();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length, what).toBeGreaterThan(0);
    for (const s of scripts) expect(s, what).toContain(`nonce="${nonce}"`);
    expect(html, what).not.toContain("nonce:$undefined");
    expect(html, what).not.toMatch(/\\?"nonce\\?":\\?"\$undefined/);
  }

  test("/login, an API route, a 404 and a static file carry the CSP, nosniff, frame-ancestors and referrer headers", async ({ playwright }) => {
    const anon = await playwright.request.newContext({ baseURL: APP_URL });
    const login = await anon.get("/login");
    expect(login.status()).toBe(200);
    const html = await login.text();
    expectNoncedScripts(html, expectStrict(login.headers(), "/login"), "/login");

    const api = await anon.get("/api/health");
    expect(api.status()).toBe(200);
    expectStrict(api.headers(), "/api/health");
    const apiDenied = await anon.get("/api/sync/status");
    expect(apiDenied.status()).toBe(401);
    expectStrict(apiDenied.headers(), "/api/sync/status (401)");

    const apiMissing = await anon.get("/api/no-such-route");
    expect(apiMissing.status()).toBe(404);
    expectStrict(apiMissing.headers(), "/api 404");
    // Signed-out visitors of any other path are sent to /login; a member gets the 404 page.
    const owner = await playwright.request.newContext({ baseURL: APP_URL, storageState: STATE.owner });
    const missing = await owner.get("/no-such-page-anywhere");
    expect(missing.status()).toBe(404);
    expectNoncedScripts(await missing.text(), expectStrict(missing.headers(), "404"), "404");
    await owner.dispose();

    const asset = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const file = await anon.get(asset!);
    expect(file.status()).toBe(200);
    expect(expectStrict(file.headers(), asset!)).toContain("default-src 'none'");
    await anon.dispose();
  });

  test("a signed-in page and a 404 of the dashboard carry the same headers, and /login runs under its CSP without violations", async ({ browser }) => {
    const ctx = await browser.newContext({ storageState: STATE.owner });
    const page = await ctx.newPage();
    const res = await page.goto("/orders/0000000000000000000");
    expect(res!.status()).toBe(404);
    expectStrict(res!.headers(), "dashboard 404");
    await ctx.close();

    const anon = await browser.newContext();
    const login = await anon.newPage();
    const violations: string[] = [];
    login.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await login.goto("/login");
    // Hydrated (the language switch works), so its scripts ran under the nonce.
    await login.getByTestId("language-switch").selectOption("en");
    await expect(login.getByRole("button", { name: "Sign in with Taobao" })).toBeVisible();
    expect(violations).toEqual([]);
    await anon.close();
  });
});
