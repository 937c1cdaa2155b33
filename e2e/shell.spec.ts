import { expect, test } from "@playwright/test";
import { query } from "./fixtures/data";
import { ACCOUNTS, STATE } from "./fixtures/env";

test.use({ storageState: STATE.owner });

test.describe("app shell", () => {
  test("opens on the orders page with the sidebar and the shop in the header, in Chinese", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/orders$/);
    const nav = page.getByRole("navigation", { name: "主导航" });
    for (const label of ["订单", "报表", "同步", "设置"]) await expect(nav.getByRole("link", { name: label })).toBeVisible();
    await expect(nav.getByRole("link", { name: "订单" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { level: 1, name: "订单" })).toBeVisible();
    // The orders region: the first sync's notice while it runs, the results once it is done (other specs may have finished it).
    await expect(page.getByTestId("orders-results")).toBeVisible();
    await expect(page.getByTestId("current-shop")).toContainText("小米粒旗舰店");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  });

  test("every section has its page", async ({ page }) => {
    for (const [path, title] of [["/reports", "报表"], ["/sync", "同步"], ["/settings", "设置"]] as const) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: title })).toHaveAttribute("aria-current", "page");
    }
  });

  test("the language switch changes every label and persists across reloads and pages", async ({ page }) => {
    await page.goto("/orders");
    await page.getByTestId("language-switch").selectOption("en");
    await expect(page.getByRole("heading", { level: 1, name: "Orders" })).toBeVisible();
    await expect(page.getByTestId("account-role")).toHaveText("Owner");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.reload();
    await expect(page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Reports" })).toBeVisible();
    await page.goto("/settings");
    await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
    await page.getByTestId("language-switch").selectOption("zh-CN");
    await expect(page.getByRole("heading", { level: 1, name: "设置" })).toBeVisible();
  });

  test("follows the browser language on a first visit", async ({ browser }) => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto("/orders");
    await expect(page.getByRole("heading", { level: 1, name: "Orders" })).toBeVisible();
    await context.close();
  });

  test("the theme switch applies dark mode at once and keeps it", async ({ page }) => {
    await page.goto("/orders");
    await expect(page.locator("html")).toHaveAttribute("data-theme", "system");
    await page.getByRole("radio", { name: "深色" }).click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    const bg = await page.locator("body").evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).not.toBe("rgb(250, 250, 250)");
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    await expect(page.getByRole("radio", { name: "深色" })).toHaveAttribute("aria-checked", "true");
  });

  test("on a phone the header is one bar and the navigation is in its menu (e2e/phone.spec.ts covers every page)", async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: "zh-CN", storageState: STATE.owner });
    const page = await context.newPage();
    await page.goto("/orders");
    const header = (await page.getByTestId("app-header").boundingBox())!;
    expect(header.height).toBeLessThanOrEqual(64);
    await page.getByRole("button", { name: "菜单" }).click();
    const nav = page.getByRole("dialog", { name: "菜单" }).getByRole("navigation", { name: "主导航" });
    await nav.getByRole("link", { name: "同步" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "同步" })).toBeVisible();
    await expect(page.getByRole("dialog", { name: "菜单" })).toHaveCount(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await context.close();
  });
});

test.describe("not found", () => {
  test("a 404 page in Chinese", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
    await page.getByRole("link", { name: "返回订单" }).click();
    await expect(page).toHaveURL(/\/orders$/);
  });

  test("a 404 page in English", async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to orders" })).toBeVisible();
  });
});

test.describe("health", () => {
  test("reports a migrated database", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ ok: true, provider: "sqlite", pendingMigrations: 0 });
  });
});

test.describe("issue 19 item 13: the shell's small faults", () => {
  test("取消 on the consent page says you cancelled, in Chinese and English", async ({ browser, baseURL }) => {
    for (const [locale, text] of [["zh-CN", "你在淘宝授权页点了取消，没有登录。"], ["en", "You cancelled on Taobao's authorisation page, so you are not signed in."]] as const) {
      const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
      await context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL! }]);
      const page = await context.newPage();
      await page.goto("/login");
      await page.getByRole("button", { name: locale === "en" ? "Sign in with Taobao" : "使用淘宝账号登录" }).click();
      await page.waitForURL(/\/authorize\?/);
      await page.getByRole("button", { name: "取消" }).click();
      await page.waitForURL(/\/login\?error=AccessDenied$/);
      const alert = page.getByRole("main").getByRole("alert");
      await expect(alert).toContainText(text);
      await expect(alert).not.toContainText(locale === "en" ? "failed" : "失败");
      await context.close();
    }
  });

  test("/favicon.ico is an icon, and pages point at it", async ({ page, request }) => {
    const res = await request.get("/favicon.ico");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
    await page.goto("/orders");
    await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /favicon\.ico/);
  });

  test("the sidebar's background reaches the bottom of a long page", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 600 });
    await page.goto("/settings");
    const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(pageHeight).toBeGreaterThan(1200);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const aside = (await page.getByTestId("sidebar").evaluate((el) => el.getBoundingClientRect().height))!;
    expect(aside).toBeGreaterThanOrEqual(pageHeight - 1);
    // Its navigation stays in view while scrolling.
    await expect(page.getByTestId("sidebar").getByRole("link", { name: "设置" })).toBeInViewport();
  });

  test("English: 'Current shop: ' with an ASCII colon, and the catch-all carrier in English and last", async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
    await page.goto("/orders");
    const label = await page.getByTestId("current-shop").locator(".sr-only").textContent();
    expect(label).toBe("Current shop: ");
    const [trade] = query<{ tid: string }>(`SELECT t."tid" FROM "Trade" t JOIN "Shop" s ON s."id" = t."shopId" WHERE s."nick" = ? AND t."status" = 'WAIT_SELLER_SEND_GOODS' ORDER BY t."created" DESC LIMIT 1`, ACCOUNTS.owner);
    test.skip(!trade, "no order waiting to ship in the cache yet");
    await page.goto(`/orders/${trade!.tid}`);
    await page.getByRole("button", { name: /^Ship/ }).first().click();
    const carrier = page.getByTestId("ship-carrier");
    await expect(carrier.locator("option").first()).not.toHaveText("");
    const options = await carrier.locator("option").allTextContents();
    expect(options).not.toContain("其他");
    expect(options.at(-1)).toBe("Other carrier");
  });
});
