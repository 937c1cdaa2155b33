import { expect, test } from "@playwright/test";
import { STATE } from "./fixtures/env";

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

  test("on a phone the navigation becomes a row above the page", async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: "zh-CN", storageState: STATE.owner });
    const page = await context.newPage();
    await page.goto("/orders");
    const nav = page.getByRole("navigation", { name: "主导航" });
    const heading = page.getByRole("heading", { level: 1, name: "订单" });
    const navBox = (await nav.boundingBox())!;
    const headingBox = (await heading.boundingBox())!;
    expect(navBox.y + navBox.height).toBeLessThanOrEqual(headingBox.y);
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
