/**
 * Sign-in, roles and the permission matrix in Chromium, plus what must never leak: tokens in the
 * database, secrets in the browser bundles or the server log.
 */
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import Database from "better-sqlite3";
import { createDecipheriv, createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ACCOUNTS, E2E_DB_FILE, SERVER_LOG, STATE } from "./fixtures/env";
import { signInAs } from "./fixtures/sign-in";

type Role = keyof typeof STATE;

test.describe("signed out", () => {
  test("every page sends a visitor to the Chinese sign-in page", async ({ page }) => {
    for (const path of ["/orders", "/reports", "/sync", "/settings", "/settings/audit"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/login/);
    }
    await expect(page.getByRole("heading", { name: "使用淘宝账号登录" })).toBeVisible();
    await expect(page.getByRole("button", { name: "使用淘宝账号登录" })).toBeVisible();
  });

  test("the sign-in page follows the language switch", async ({ page }) => {
    await page.goto("/login");
    await page.getByTestId("language-switch").selectOption("en");
    await expect(page.getByRole("button", { name: "Sign in with Taobao" })).toBeVisible();
  });

  test("sign-in ignores an off-site callback URL", async ({ page }) => {
    await page.goto("/login?callbackUrl=//evil.example/x");
    await expect(page.getByRole("button", { name: "使用淘宝账号登录" })).toBeVisible();
    const html = await page.content();
    expect(html).toContain('\\"callbackUrl\\":\\"/orders\\"');
    expect(html).not.toMatch(/callbackUrl\\+":\\+"\/\/evil/);
  });
});

// The permission matrix of architecture.md, page by page.
const PAGES: { path: string; allowed: Role[] }[] = [
  { path: "/orders", allowed: ["owner", "manager", "cs"] },
  { path: "/reports", allowed: ["owner", "manager"] },
  { path: "/sync", allowed: ["owner", "manager", "cs"] },
  { path: "/settings", allowed: ["owner", "manager", "cs"] },
  { path: "/settings/audit", allowed: ["owner", "manager"] },
];

for (const role of ["owner", "manager", "cs"] as const) {
  test.describe(`as ${role}`, () => {
    test.use({ storageState: STATE[role] });

    test("opens exactly the pages the role allows; the others answer 403", async ({ page }) => {
      for (const p of PAGES) {
        const res = await page.goto(p.path);
        expect(res?.status(), `${role} ${p.path}`).toBe(p.allowed.includes(role) ? 200 : 403);
        if (!p.allowed.includes(role)) await expect(page.getByRole("heading", { name: "没有权限" })).toBeVisible();
      }
    });

    test("sees only the navigation and controls the role may use", async ({ page }) => {
      await page.goto("/settings");
      const nav = page.getByRole("navigation", { name: "主导航" });
      await expect(nav.getByRole("link", { name: "订单" })).toBeVisible();
      await expect(nav.getByRole("link", { name: "报表" })).toHaveCount(role === "cs" ? 0 : 1);
      await expect(page.getByTestId("members")).toHaveCount(role === "owner" ? 1 : 0);
      await expect(page.getByRole("link", { name: "查看审计日志" })).toHaveCount(role === "cs" ? 0 : 1);
    });
  });
}

/** Captures the server action request the owner's role select sends, to replay it as others. */
async function captureChangeRole(browser: Browser): Promise<{ url: string; headers: Record<string, string>; body: string; memberId: string }> {
  const ctx = await browser.newContext({ storageState: STATE.owner });
  const page = await ctx.newPage();
  await page.goto("/settings");
  const requestPromise = page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
  await page.getByTestId(`role-${ACCOUNTS.manager}`).selectOption("MANAGER");
  const req = await requestPromise;
  const body = req.postData() ?? "";
  const memberId = (JSON.parse(body) as [{ memberId: string }])[0].memberId;
  const headers = Object.fromEntries(Object.entries(req.headers()).filter(([k]) => ["next-action", "content-type", "accept", "next-router-state-tree"].includes(k)));
  await ctx.close();
  return { url: req.url(), headers, body, memberId };
}

async function replay(request: APIRequestContext, action: { url: string; headers: Record<string, string>; body: string }, extra: Record<string, string> = {}) {
  const res = await request.post(action.url, { headers: { ...action.headers, origin: new URL(action.url).origin, ...extra }, data: action.body });
  return { status: res.status(), text: await res.text() };
}

test.describe("server actions forced past the UI", () => {
  test("are refused for roles without the permission, for strangers and for other shops", async ({ browser, playwright }) => {
    const action = await captureChangeRole(browser);
    const promote = JSON.stringify([{ memberId: action.memberId, role: "OWNER" }]);

    for (const [state, expected] of [
      [STATE.cs, '"code":"forbidden"'],
      [STATE.manager, '"code":"forbidden"'],
      [STATE.otherOwner, '"code":"notFound"'],
    ] as const) {
      const ctx = await playwright.request.newContext({ storageState: state });
      const r = await replay(ctx, { ...action, body: promote });
      expect(r.text, state).toContain(expected);
      await ctx.dispose();
    }
    // Signed out: the proxy turns the call away before it reaches the action...
    const anonymous = await playwright.request.newContext({ maxRedirects: 0 });
    const anon = await anonymous.post(action.url, { headers: { ...action.headers, origin: new URL(action.url).origin }, data: promote, maxRedirects: 0 });
    expect(anon.status()).toBe(307);
    expect(anon.headers()["location"]).toContain("/login");
    // ...and the action refuses on its own a still-valid session whose memberships were removed.
    const removed = await browser.newContext({ storageState: undefined });
    const removedPage = await removed.newPage();
    await signInAs(removedPage, ACCOUNTS.otherCs);
    const sqlite = new Database(E2E_DB_FILE);
    sqlite.pragma("busy_timeout = 5000");
    sqlite.prepare('DELETE FROM "Membership" WHERE "userId" = (SELECT id FROM "User" WHERE nick = ?)').run(ACCOUNTS.otherCs);
    sqlite.close();
    const orphan = await playwright.request.newContext({ storageState: await removed.storageState() });
    expect((await replay(orphan, { ...action, body: promote })).text).toContain('"code":"unauthenticated"');
    await orphan.dispose();
    await removed.close();
    // Bad input gets a translated message, not a crash.
    const owner = await playwright.request.newContext({ storageState: STATE.owner });
    const bad = await replay(owner, { ...action, body: JSON.stringify([{ memberId: "x".repeat(5000), role: "ROOT" }]) });
    expect(bad.text).toContain('"code":"invalidInput"');
    expect(bad.text).toContain("输入有误");
    // A request from another origin is not an action call at all.
    const foreign = await replay(owner, { ...action, body: promote }, { origin: "http://evil.example" });
    expect(foreign.text).not.toContain('"ok":true');
    await owner.dispose();
    await anonymous.dispose();

    const check = await browser.newContext({ storageState: STATE.owner });
    const page = await check.newPage();
    await page.goto("/settings");
    await expect(page.getByTestId(`member-${ACCOUNTS.manager}`)).toContainText("经理");
    await check.close();
  });
});

test.describe("audit log", () => {
  test.use({ storageState: STATE.owner });

  test("records the connection, the joins and the role change, and filters them", async ({ page }) => {
    await page.goto("/settings/audit");
    const log = page.getByTestId("audit-log");
    await expect(log).toContainText("连接店铺");
    await expect(log).toContainText("成员加入");
    await expect(log).toContainText("角色：客服");
    await page.locator("select[name=action]").selectOption("member.role");
    await page.getByRole("button", { name: "筛选" }).click();
    await expect(page).toHaveURL(/action=member\.role/);
    await expect(log.locator("tbody tr")).toHaveCount(1);
    await expect(log).toContainText(ACCOUNTS.owner);
    await expect(log).toContainText("角色：客服 → 经理");
  });

  test("survives malformed filters in the URL", async ({ page }) => {
    const res = await page.goto("/settings/audit?from=2026-13-45&page=999999999999&action=%3Cscript%3E");
    expect(res?.status()).toBe(200);
    await expect(page.getByTestId("audit-log")).toBeVisible();
  });
});

test.describe("switching shops", () => {
  test.use({ storageState: STATE.owner });

  test("a member of two shops switches from the header, and the choice persists", async ({ page }) => {
    await page.goto("/orders");
    await expect(page.getByTestId("shop-switcher")).toHaveCount(0);
    // Make the owner of shop A customer service in shop B too (as shop B's owner could).
    const db = new Database(E2E_DB_FILE);
    db.pragma("busy_timeout = 5000");
    const user = db.prepare('SELECT id FROM "User" WHERE nick = ?').get(ACCOUNTS.owner) as { id: string };
    const shopB = db.prepare('SELECT id FROM "Shop" WHERE nick = ?').get(ACCOUNTS.otherOwner) as { id: string };
    const now = Date.now();
    db.prepare('INSERT INTO "Membership" (id, "shopId", "userId", role, "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)').run(`e2e-${now}`, shopB.id, user.id, "CUSTOMER_SERVICE", now, now);
    try {
      await page.reload();
      await page.getByTestId("shop-switcher").selectOption({ label: ACCOUNTS.otherOwner });
      await expect(page.getByTestId("account-role")).toHaveText("客服");
      await page.reload();
      await expect(page.getByTestId("shop-switcher")).toHaveValue(shopB.id);
      await expect(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "报表" })).toHaveCount(0);
      await page.getByTestId("shop-switcher").selectOption({ label: ACCOUNTS.owner });
      await expect(page.getByTestId("account-role")).toHaveText("店主");
    } finally {
      db.prepare('DELETE FROM "Membership" WHERE id = ?').run(`e2e-${now}`);
      db.prepare('UPDATE "User" SET "activeShopId" = NULL WHERE id = ?').run(user.id);
      db.close();
    }
  });
});

test.describe("hardening", () => {
  test.use({ storageState: STATE.owner });

  test("pages carry a strict CSP and the other security headers; the session cookie is HttpOnly", async ({ page, context }) => {
    const res = await page.goto("/orders");
    const headers = res!.headers();
    const csp = headers["content-security-policy"]!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    const session = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"))!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe("Lax");
  });

  test("signing out ends the session", async ({ browser }) => {
    // Signing out ends every session of the account (e2e/security.spec.ts), so not a saved one.
    const ctx = await browser.newContext({ storageState: undefined });
    const page = await ctx.newPage();
    await signInAs(page, ACCOUNTS.otherCs);
    await page.getByRole("button", { name: "退出登录" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/orders");
    await expect(page).toHaveURL(/\/login/);
    await ctx.close();
  });
});

/** Decrypts a sealed token (v1.<kid>.<iv>.<tag>.<data>, AES-256-GCM) independently of lib/. */
function unseal(sealed: string, context: string, keyBase64: string): string {
  const [, kid, iv, tag, data] = sealed.split(".") as [string, string, string, string, string];
  const key = Buffer.from(keyBase64, "base64");
  expect(createHash("sha256").update(key).digest("hex").slice(0, 8)).toBe(kid);
  const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  d.setAAD(Buffer.from(context));
  d.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([d.update(Buffer.from(data, "base64url")), d.final()]).toString("utf8");
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test.describe("secrets", () => {
  test("no plaintext token in the database; no secret or token in the browser bundles or the server log", async () => {
    // The e2e server runs on the local demo defaults (lib/env.ts), which this test knows.
    const { DEMO_TOKEN_KEY, SANDBOX_APP_SECRET } = { DEMO_TOKEN_KEY: "b3JkZXJkZXNrLWRlbW8tdG9rZW4ta2V5LTMyYnl0ZXM=", SANDBOX_APP_SECRET: "0d7e4c2b9a5f4e1c8b3a6d9f2e5c8b1a" };
    const db = new Database(E2E_DB_FILE, { readonly: true });
    const shops = db.prepare('SELECT id, "accessTokenEnc", "refreshTokenEnc" FROM "Shop"').all() as { id: string; accessTokenEnc: string; refreshTokenEnc: string }[];
    db.close();
    expect(shops.length).toBeGreaterThanOrEqual(2);
    const tokens = shops.flatMap((s) => [unseal(s.accessTokenEnc, `shop:${s.id}:access`, DEMO_TOKEN_KEY), unseal(s.refreshTokenEnc, `shop:${s.id}:refresh`, DEMO_TOKEN_KEY)]);
    for (const t of tokens) expect(t.length).toBeGreaterThan(16);

    const dbBytes = readFileSync(E2E_DB_FILE).toString("latin1") + readFileSync(`${E2E_DB_FILE}-wal`, { flag: "a+" }).toString("latin1");
    for (const t of tokens) expect(dbBytes.includes(t), "plaintext token in the database").toBe(false);

    const bundles = filesUnder(".next/static").map((f) => readFileSync(f, "utf8")).join("\n");
    const log = readFileSync(SERVER_LOG, "utf8");
    for (const [name, text] of [["bundles", bundles], ["server log", log]] as const) {
      expect(text.includes(SANDBOX_APP_SECRET), `app secret in the ${name}`).toBe(false);
      for (const t of tokens) expect(text.includes(t), `a token in the ${name}`).toBe(false);
    }
  });
});
