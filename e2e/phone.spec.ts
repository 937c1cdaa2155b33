/**
 * Issue 19 item 13: every page of the app at 390 × 844 — no horizontal scroll, the header at most
 * 64 px (its menu holds the navigation, shop, language, theme and account), axe without serious
 * or critical violations — in Chinese and English, with a screenshot of each for a person to look at.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { firstSyncDone, query } from "./fixtures/data";
import { ACCOUNTS, STATE } from "./fixtures/env";

test.use({ viewport: { width: 390, height: 844 }, storageState: STATE.owner });

async function check(page: Page, name: string, locale: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${name}: page width`).toBeLessThanOrEqual(390);
  const header = page.getByTestId("app-header");
  if ((await header.count()) > 0) expect((await header.boundingBox())!.height, `${name}: header height`).toBeLessThanOrEqual(64);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${name}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await page.screenshot({ path: `test-results/screens/phone-${name}-${locale}.png` });
}

for (const locale of ["zh-CN", "en"] as const) {
  test(`every page at 390 × 844 (${locale})`, async ({ page, context, baseURL, browser }) => {
    test.setTimeout(180_000);
    await context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL! }]);
    await firstSyncDone(page);
    const [trade] = query<{ tid: string }>(`SELECT t."tid" FROM "Trade" t JOIN "Shop" s ON s."id" = t."shopId" WHERE s."nick" = ? ORDER BY t."created" DESC LIMIT 1`, ACCOUNTS.owner);
    const pages: [string, string, RegExp][] = [
      ["orders", "/orders", locale === "en" ? /Orders/ : /订单/],
      ["order", `/orders/${trade!.tid}`, locale === "en" ? /Order details/ : /订单详情/],
      ["reports", "/reports", locale === "en" ? /Reports/ : /报表/],
      ["sync", "/sync", locale === "en" ? /Sync/ : /同步/],
      ["settings", "/settings", locale === "en" ? /Settings/ : /设置/],
      ["audit", "/settings/audit", locale === "en" ? /Audit log/ : /审计日志/],
    ];
    for (const [name, path, heading] of pages) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 }).first()).toHaveText(heading);
      await check(page, name, locale);
    }

    // The menu: navigation, language, theme and the account, and it closes when a link is followed.
    await page.goto("/orders");
    await page.getByTestId("mobile-menu").click();
    const menu = page.getByTestId("mobile-menu-panel");
    await expect(menu.getByTestId("account-nick")).toHaveText(ACCOUNTS.owner);
    await expect(menu.getByTestId("language-switch")).toBeVisible();
    await expect(menu.getByRole("radiogroup")).toBeVisible();
    await check(page, "menu", locale);
    await menu.getByRole("navigation").getByRole("link", { name: locale === "en" ? "Reports" : "报表" }).click();
    await expect(page).toHaveURL(/\/reports/);
    await expect(menu).toHaveCount(0);

    // The login page, signed out.
    const signedOut = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: { cookies: [], origins: [] } });
    await signedOut.addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL! }]);
    const login = await signedOut.newPage();
    await login.goto("/login");
    await expect(login.getByRole("heading", { level: 1 })).toBeVisible();
    await check(login, "login", locale);
    await signedOut.close();
  });
}
