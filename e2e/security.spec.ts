/**
 * The security suite (issue 18): each defect the probe found, tried again against the production
 * build the way an attacker or a careless user would. One `describe` per item, named after it;
 * other items add their own blocks.
 *
 * The membership and session tests use 棉语家居旗舰店 and its sub-account 客服小美, whom no saved
 * session (e2e/global.setup.ts) belongs to: removing her, changing her role or signing her out
 * ends only her own sessions. Arrangements that the old code could not make through its UI go
 * straight to the e2e database, so each test fails on the old code at the assertion that matters.
 */
import { expect, test, type APIRequest, type Browser, type BrowserContext, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { encode } from "next-auth/jwt";
import { ACCOUNTS, APP_URL, E2E_DB_FILE, SANDBOX_URL, STATE } from "./fixtures/env";

const MEI = ACCOUNTS.otherCs;
const SHOP_B = ACCOUNTS.otherOwner;
// The e2e server runs on the local demo defaults (lib/env.ts), which the tests know.
const DEMO_AUTH_SECRET = "orderdesk-demo-auth-secret-change-me-0123456789";
const SESSION_COOKIE = "next-auth.session-token";

function sql<T>(run: (db: Database.Database) => T): T {
  const db = new Database(E2E_DB_FILE);
  db.pragma("busy_timeout = 5000");
  try {
    return run(db);
  } finally {
    db.close();
  }
}

const shopB = () => sql((db) => db.prepare('SELECT id FROM "Shop" WHERE nick = ?').get(SHOP_B) as { id: string });
const meiUser = () => sql((db) => db.prepare('SELECT id, "sessionVersion" FROM "User" WHERE nick = ?').get(MEI) as { id: string; sessionVersion: number } | undefined);
/** 小美 as if she had never signed in to shop B, and the shop's join policy; returns the time it was done. */
function arrange(policy: "AUTO" | "APPROVAL"): number {
  const at = Date.now();
  sql((db) => {
    db.prepare('DELETE FROM "Membership" WHERE "userId" IN (SELECT id FROM "User" WHERE nick = ?)').run(MEI);
    db.prepare('UPDATE "Shop" SET "joinPolicy" = ? WHERE nick = ?').run(policy, SHOP_B);
  });
  return at;
}
/** The audit trail of a member of shop B since `since` (SQLite keeps instants as milliseconds). */
const auditOf = (userId: string, since: number) =>
  sql((db) =>
    (db.prepare('SELECT action FROM "AuditLog" WHERE "targetId" = ? AND "shopId" = ? AND "createdAt" >= ? ORDER BY "createdAt", id').all(userId, shopB().id, since) as { action: string }[]).map((r) => r.action),
  );

/** Signs in through the login page and the sandbox's consent page; `landing` is where it must end. */
async function signIn(page: Page, account: string, landing: RegExp = /\/orders$/): Promise<void> {
  await page.goto("/login");
  await page.getByRole("button", { name: "使用淘宝账号登录" }).click();
  await page.waitForURL(/\/authorize\?/);
  await page.locator(`input[name=account][value="${account}"]`).check();
  await page.getByRole("button", { name: "授权", exact: true }).click();
  await page.waitForURL(landing);
}

async function signedIn(browser: Browser, account: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, account);
  return { ctx, page };
}

/** A copy of `ctx`'s cookies taken now (a stolen or left-behind cookie), and what the API says to it. */
async function captureCookie(ctx: BrowserContext) {
  const state = await ctx.storageState();
  return {
    state,
    async status(pw: APIRequest): Promise<number> {
      const replay = await pw.newContext({ baseURL: APP_URL, storageState: state });
      const res = await replay.get("/api/sync/status");
      await replay.dispose();
      return res.status();
    },
  };
}

async function ownerOfShopB(browser: Browser): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ storageState: STATE.otherOwner });
  const page = await ctx.newPage();
  page.on("dialog", (d) => void d.accept());
  await page.goto("/settings");
  return { ctx, page };
}

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

test.describe("item 2: a removed member gets back in by signing in again", () => {
  test.afterAll(() => arrange("AUTO"));

  test("removal sticks: the removed sub-account is told so until the owner re-admits it (重新加入)", async ({ browser }) => {
    const since = arrange("AUTO");
    const mei = await signedIn(browser, MEI);
    const owner = await ownerOfShopB(browser);
    await owner.page.getByTestId(`member-${MEI}`).getByRole("button", { name: "移除" }).click();
    await owner.page.getByRole("dialog", { name: `移除 ${MEI}？` }).getByRole("button", { name: "移除" }).click();
    await expect(owner.page.getByTestId(`member-${MEI}`)).toHaveCount(0);

    // Her next sign-in: no way back in, and a page that says why.
    await signIn(mei.page, MEI, /\/login\?error=MembershipRemoved/);
    await expect(mei.page.getByRole("heading", { name: "你已被移出店铺" })).toBeVisible();
    await mei.page.goto("/orders");
    await expect(mei.page).toHaveURL(/\/login/);
    const user = meiUser()!;
    expect(auditOf(user.id, since)).toEqual(["member.join", "member.remove"]);

    // 设置 → 成员与角色 lists her as removed; 重新加入 lets her in again.
    await owner.page.reload();
    const removed = owner.page.getByTestId(`removed-${MEI}`);
    await expect(removed).toBeVisible();
    await removed.getByRole("button", { name: "重新加入" }).click();
    await expect(owner.page.getByTestId(`member-${MEI}`)).toContainText("客服");
    await signIn(mei.page, MEI);
    await expect(mei.page.getByTestId("account-role")).toHaveText("客服");
    expect(auditOf(user.id, since)).toEqual(["member.join", "member.remove", "member.readmit"]);
    await Promise.all([mei.ctx.close(), owner.ctx.close()]);
  });

  test("需店主批准 (the default): a new sub-account waits, the owner approves it with a role, or declines it", async ({ browser }) => {
    const since = arrange("APPROVAL");
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, MEI, /\/login\?error=MembershipPending/);
    await expect(page.getByRole("heading", { name: "等待店主批准" })).toBeVisible();
    await page.goto("/orders");
    await expect(page).toHaveURL(/\/login/);

    const owner = await ownerOfShopB(browser);
    const request = owner.page.getByTestId(`requests-${MEI}`);
    await expect(request).toBeVisible();
    await owner.page.getByTestId(`approve-role-${MEI}`).selectOption("MANAGER");
    await owner.page.getByTestId(`approve-${MEI}`).click();
    await expect(owner.page.getByTestId(`member-${MEI}`)).toContainText("经理");
    await signIn(page, MEI);
    await expect(page.getByTestId("account-role")).toHaveText("经理");
    expect(auditOf(meiUser()!.id, since)).toEqual(["member.pending", "member.approve"]);

    // Declined: listed as removed, and her sign-in says so.
    const again = arrange("APPROVAL");
    await ctx.clearCookies();
    await signIn(page, MEI, /\/login\?error=MembershipPending/);
    await owner.page.reload();
    await owner.page.getByTestId(`decline-${MEI}`).click();
    await owner.page.getByTestId("confirm-decline-confirm").click();
    await expect(owner.page.getByTestId(`removed-${MEI}`)).toBeVisible();
    await signIn(page, MEI, /\/login\?error=MembershipRemoved/);
    expect(auditOf(meiUser()!.id, again)).toEqual(["member.pending", "member.decline"]);
    await Promise.all([ctx.close(), owner.ctx.close()]);
  });

  test("the owner chooses the join policy (自动加入为客服 / 需店主批准); managers cannot", async ({ browser }) => {
    arrange("APPROVAL");
    const owner = await ownerOfShopB(browser);
    const policy = owner.page.getByTestId("join-policy");
    await expect(policy.getByLabel(/需店主批准/)).toBeChecked();
    await policy.getByLabel(/自动加入为客服/).check();
    await expect(policy.getByRole("status")).toHaveText("已保存");
    expect(sql((db) => (db.prepare('SELECT "joinPolicy" FROM "Shop" WHERE nick = ?').get(SHOP_B) as { joinPolicy: string }).joinPolicy)).toBe("AUTO");
    const entry = sql((db) => db.prepare('SELECT "oldValue", "newValue" FROM "AuditLog" WHERE action = ? AND "shopId" = ? ORDER BY "createdAt" DESC').get("shop.joinPolicy", shopB().id) as { oldValue: string; newValue: string });
    expect(JSON.parse(entry.newValue)).toEqual({ joinPolicy: "AUTO" });

    const mei = await signedIn(browser, MEI);
    await expect(mei.page.getByTestId("account-role")).toHaveText("客服");
    await owner.ctx.close();

    // Shop A's manager sees no such control (shop.manage is the owner's).
    const manager = await browser.newContext({ storageState: STATE.manager });
    const managerPage = await manager.newPage();
    await managerPage.goto("/settings");
    await expect(managerPage.getByTestId("join-policy")).toHaveCount(0);
    await Promise.all([manager.close(), mei.ctx.close()]);
  });
});

test.describe("item 3: sign-out and removal do not end sessions", () => {
  test.afterAll(() => arrange("AUTO"));

  test("a session cookie captured before sign-out is refused after it", async ({ browser, playwright }) => {
    arrange("AUTO");
    const mei = await signedIn(browser, MEI);
    const stolen = await captureCookie(mei.ctx);
    expect(await stolen.status(playwright.request)).toBe(200);
    await mei.page.getByRole("button", { name: "退出登录" }).click();
    await expect(mei.page).toHaveURL(/\/login/);
    expect(await stolen.status(playwright.request)).toBe(401);
    // Pages refuse it too.
    const replay = await playwright.request.newContext({ baseURL: APP_URL, storageState: stolen.state });
    const page = await replay.get("/orders", { maxRedirects: 0 });
    expect([307, 308]).toContain(page.status());
    expect(page.headers()["location"]).toMatch(/\/login/);
    await replay.dispose();
    await mei.ctx.close();
  });

  test("removal and a role change end the member's session on its next request", async ({ browser, playwright }) => {
    arrange("AUTO");
    const mei = await signedIn(browser, MEI);
    const before = await captureCookie(mei.ctx);
    const owner = await ownerOfShopB(browser);
    await owner.page.getByTestId(`role-${MEI}`).selectOption("MANAGER");
    await expect(owner.page.getByTestId(`member-${MEI}`)).toContainText("经理");
    expect(await before.status(playwright.request)).toBe(401);
    await mei.page.goto("/orders");
    await expect(mei.page).toHaveURL(/\/login/);

    // Signed in again, with the new role; then removed.
    await signIn(mei.page, MEI);
    await expect(mei.page.getByTestId("account-role")).toHaveText("经理");
    const again = await captureCookie(mei.ctx);
    expect(await again.status(playwright.request)).toBe(200);
    await owner.page.reload();
    await owner.page.getByTestId(`member-${MEI}`).getByRole("button", { name: "移除" }).click();
    await owner.page.getByRole("dialog", { name: `移除 ${MEI}？` }).getByRole("button", { name: "移除" }).click();
    await expect(owner.page.getByTestId(`member-${MEI}`)).toHaveCount(0);
    expect(await again.status(playwright.request)).toBe(401);
    await Promise.all([mei.ctx.close(), owner.ctx.close()]);
  });

  test("退出所有设备 ends the account's sessions on every device", async ({ browser, playwright }) => {
    arrange("AUTO");
    const laptop = await signedIn(browser, MEI);
    const phone = await signedIn(browser, MEI);
    laptop.page.on("dialog", (d) => void d.accept());
    await laptop.page.goto("/settings");
    await laptop.page.getByTestId("sign-out-everywhere").click();
    await expect(laptop.page).toHaveURL(/\/login/);
    expect(await (await captureCookie(phone.ctx)).status(playwright.request)).toBe(401);
    await phone.page.goto("/orders");
    await expect(phone.page).toHaveURL(/\/login/);
    await Promise.all([laptop.ctx.close(), phone.ctx.close()]);
  });

  test("a session lives for the idle timeout, renews on activity (not on polling), and never past the absolute lifetime", async ({ browser, playwright }) => {
    test.setTimeout(150_000);
    arrange("AUTO");
    const mei = await signedIn(browser, MEI);
    const first = (await mei.ctx.cookies()).find((c) => c.name === SESSION_COOKIE)!;
    // The e2e server runs with SESSION_IDLE_MINUTES=600 (playwright.config.ts); the default is 30.
    const idle = 600 * 60;
    expect(first.expires).toBeGreaterThan(Date.now() / 1000 + idle - 120);
    expect(first.expires).toBeLessThan(Date.now() / 1000 + idle + 60);

    // A minute later: polling does not renew, a page load does.
    await mei.page.waitForTimeout(61_000);
    const poll = await mei.ctx.request.get("/api/sync/status");
    expect(poll.status()).toBe(200);
    expect(poll.headersArray().some((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith(SESSION_COOKIE))).toBe(false);
    await mei.page.goto("/orders");
    const renewed = (await mei.ctx.cookies()).find((c) => c.name === SESSION_COOKIE)!;
    expect(renewed.value).not.toBe(first.value);
    expect(renewed.expires).toBeGreaterThan(first.expires + 50);
    expect(renewed.httpOnly).toBe(true);
    expect(renewed.sameSite).toBe("Lax");
    await mei.ctx.close();

    // A token of the right user and version but signed in 12 h and a minute ago is refused.
    const user = meiUser()!;
    const now = Math.floor(Date.now() / 1000);
    for (const token of [
      { uid: user.id, sv: user.sessionVersion, authTime: now - 12 * 3600 - 60 },
      // The 7-day tokens issued before sessions were revocable: a user id only.
      { uid: user.id },
    ]) {
      const value = await encode({ token, secret: DEMO_AUTH_SECRET, maxAge: 600 });
      const ctx = await playwright.request.newContext({ baseURL: APP_URL, extraHTTPHeaders: { cookie: `${SESSION_COOKIE}=${value}` } });
      expect((await ctx.get("/api/sync/status")).status(), JSON.stringify(token)).toBe(401);
      const page = await ctx.get("/orders", { maxRedirects: 0 });
      expect(page.headers()["location"], JSON.stringify(token)).toMatch(/\/login/);
      await ctx.dispose();
    }
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
