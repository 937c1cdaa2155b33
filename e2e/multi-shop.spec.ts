/**
 * Issue 19 item 18: one person in two shops, end to end. 小米粒旗舰店:店长阿明 is a sub-account of
 * 小米粒旗舰店 that 棉语家居旗舰店 also authorises (跨店授权, sandbox/README.md "An account in two
 * shops"): he signs in for each shop through the consent page, both owners make him manager, and
 * he works across them — the orders of the other shop, its order detail, the all-shop reports and
 * the sync page of both. Both shops let sub-accounts join automatically (e2e/global.setup.ts).
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { query } from "./fixtures/data";
import { ACCOUNTS, STATE } from "./fixtures/env";
import { signInAs } from "./fixtures/sign-in";

const MING = "小米粒旗舰店:店长阿明";
const MING_FOR_OTHER = `${MING}@${ACCOUNTS.otherOwner}`;

const shopIdOf = (nick: string) => query<{ id: string }>(`SELECT "id" FROM "Shop" WHERE "nick" = ?`, nick)[0]!.id;
const tidsOf = (nick: string) => new Set(query<{ tid: string }>(`SELECT t."tid" FROM "Trade" t JOIN "Shop" s ON s."id" = t."shopId" WHERE s."nick" = ?`, nick).map((t) => t.tid));

async function makeManager(browser: Browser, ownerState: string) {
  const ctx = await browser.newContext({ storageState: ownerState });
  const page = await ctx.newPage();
  await page.goto("/settings");
  await page.getByTestId(`role-${MING}`).selectOption("MANAGER");
  await expect(page.getByTestId(`member-${MING}`)).toContainText("经理");
  await ctx.close();
}

async function axe(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("one account signs in to two shops and works across them", async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await ctx.newPage();

  // Signing in for his own shop, then for the shop that authorises him: one user, two memberships.
  await signInAs(page, MING);
  await expect(page.getByTestId("current-shop")).toContainText(ACCOUNTS.owner);
  await expect(page.getByTestId("account-nick")).toHaveText(MING);
  await page.getByTestId("account").getByRole("button", { name: "退出登录" }).click();
  await page.waitForURL(/\/login/);
  await signInAs(page, MING_FOR_OTHER);
  const switcher = page.getByTestId("current-shop").getByTestId("shop-switcher");
  await expect(switcher).toHaveValue(shopIdOf(ACCOUNTS.otherOwner));
  await expect(switcher.locator("option")).toHaveText([ACCOUNTS.owner, ACCOUNTS.otherOwner]);
  const users = query<{ n: number }>(`SELECT COUNT(*) AS n FROM "User" WHERE "nick" = ?`, MING)[0]!.n;
  expect(users).toBe(1);

  // Both owners make him manager (reports need it); the change ends his session, he signs in again.
  await makeManager(browser, STATE.owner);
  await makeManager(browser, STATE.otherOwner);
  await page.reload();
  await expect(page).toHaveURL(/\/login/);
  await signInAs(page, MING);
  await expect(page.getByTestId("account-role")).toHaveText("经理");
  await expect(switcher).toHaveValue(shopIdOf(ACCOUNTS.owner));

  // The orders of the other shop, from the list's shop filter.
  await expect.poll(() => tidsOf(ACCOUNTS.otherOwner).size, { timeout: 120_000 }).toBeGreaterThan(0);
  await page.goto("/orders");
  await page.getByTestId("more-filters").click(); // the shop filter is behind 更多筛选
  await page.getByTestId("f-shop").selectOption(shopIdOf(ACCOUNTS.otherOwner));
  await expect(page).toHaveURL(/[?&]shop=/);
  const firstRow = page.getByTestId("orders-results").locator('a[href^="/orders/"]').first();
  await expect(firstRow).toBeVisible();
  const tid = (await firstRow.getAttribute("href"))!.split("/").pop()!;
  expect(tidsOf(ACCOUNTS.otherOwner).has(tid)).toBe(true);
  await axe(page);

  // Its order detail: the page says whose order it is and switches there.
  await page.goto(`/orders/${tid}`);
  const notice = page.getByTestId("other-shop-order");
  await expect(notice).toContainText(`这笔订单属于${ACCOUNTS.otherOwner}`);
  await axe(page);
  await notice.getByRole("button", { name: `切换到${ACCOUNTS.otherOwner}查看` }).click();
  await expect(page.getByTestId("order-detail")).toHaveAttribute("data-tid", tid);
  await expect(switcher).toHaveValue(shopIdOf(ACCOUNTS.otherOwner));

  // The sync page of each shop, through the header's switcher.
  await page.goto("/sync");
  await expect(page.getByRole("heading", { name: `状态 · ${ACCOUNTS.otherOwner}` })).toBeVisible();
  await switcher.selectOption(shopIdOf(ACCOUNTS.owner));
  await expect(page.getByRole("heading", { name: `状态 · ${ACCOUNTS.owner}` })).toBeVisible();
  await expect(page.getByTestId("sync-runs")).toBeVisible();

  // Reports across both shops.
  await page.goto("/reports?shop=all");
  await expect(page.getByTestId("shop")).toHaveValue("all");
  await expect(page.getByTestId("kpi-cards")).toBeVisible();
  const all = await page.request.get("/api/reports/kpis?shop=all");
  expect(all.status()).toBe(200);
  expect(((await all.json()) as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
  await axe(page);

  // In English.
  await ctx.addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
  const otherTid = [...tidsOf(ACCOUNTS.otherOwner)][0]!;
  await page.goto(`/orders/${otherTid}`);
  await expect(page.getByTestId("other-shop-order")).toContainText(`This order belongs to ${ACCOUNTS.otherOwner}`);
  await expect(page.getByRole("button", { name: `Switch to ${ACCOUNTS.otherOwner} and open it` })).toBeVisible();
  await ctx.close();
});
