/**
 * Issue 19 item 15, saved views on /orders through the real UI (browser in Los Angeles, zh-CN
 * unless the English cookie is set):
 *
 * - a manager saves the current tab + filters + sort as a shared view: it shows beside the tabs
 *   with the same count as its tab, `?view=<id>` alone opens it with its filters in the URL, a
 *   changed filter marks it 已修改 with 保存 / 另存为, and 编辑视图 renames, unshares and deletes it;
 * - customer service sees the shared view but cannot edit it, keeps a personal view in English that
 *   nobody else sees; another shop's owner opening the view's link is told it is not theirs;
 * - axe (wcag2a/wcag2aa) finds nothing serious and nothing scrolls sideways at 390 px, both languages.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { STATE } from "./fixtures/env";
import { firstSyncDone, query } from "./fixtures/data";

const viewRows = (name: string) => query<{ id: string; shared: number; query: string; userId: string }>(`SELECT v."id", v."shared", v."query", v."userId" FROM "SavedView" v WHERE v."name" = ?`, name);
const chip = (page: Page, name: string) => page.getByTestId("saved-view").filter({ has: page.getByTestId("saved-view-name").getByText(name, { exact: true }) });

async function axeClean(page: Page, label: string) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const bad = r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(" ")} ${n.html.slice(0, 80)}`).join(", ")}`), label).toEqual([]);
}

async function noSideScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

async function as(browser: Browser, state: string, locale?: "en") {
  const context = await browser.newContext({ storageState: state });
  if (locale) await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: test.info().project.use.baseURL! }]);
  return { context, page: await context.newPage() };
}

test.describe("saved views", () => {
  // Long flows through several pages and accounts; the machine running the suite is shared (see README, Benchmarks).
  test.describe.configure({ timeout: 180_000 });
  test.use({ storageState: STATE.manager });

  test("a manager saves a shared view; it opens from ?view=, shows modified with 保存/另存为, and is renamed, unshared and deleted; CS sees it read-only; another shop is refused", async ({ page, browser }) => {
    await page.goto("/orders");
    await firstSyncDone(page);
    const name = `待发货金额升序${Date.now() % 10000}`;
    await page.goto("/orders?tab=waitShip&sort=payment&dir=asc");
    await page.getByTestId("view-create").click();
    const dialog = page.getByTestId("view-dialog");
    await expect(dialog.getByRole("heading", { name: "保存为视图" })).toBeVisible();
    await dialog.getByLabel("视图名称").fill(name);
    await dialog.getByLabel("与店铺成员共享").check();
    await dialog.getByTestId("view-submit").click();
    await expect(page.getByText(`已保存视图「${name}」`)).toBeVisible();
    const [row] = viewRows(name);
    expect(row).toMatchObject({ shared: 1, query: "tab=waitShip&sort=payment&dir=asc" });
    await expect(page).toHaveURL(new RegExp(`/orders\\?tab=waitShip&sort=payment&dir=asc&view=${row!.id}$`));
    const mine = chip(page, name);
    await expect(mine).toHaveAttribute("aria-current", "page");
    // Its live count is the count of its tab.
    await expect(mine.getByTestId("saved-view-count")).toHaveText((await page.getByTestId("tab-count-waitShip").textContent())!);

    // ?view=<id> alone opens the view: its filters go to the URL.
    await page.goto(`/orders?view=${row!.id}`);
    await expect(page).toHaveURL(new RegExp(`/orders\\?tab=waitShip&sort=payment&dir=asc&view=${row!.id}$`));
    await expect(page.getByTestId("orders-results")).toHaveAttribute("data-view", new RegExp("tab=waitShip"));

    // A changed filter: 已修改, with 保存 and 另存为.
    await page.goto(`/orders?tab=waitShip&sort=payment&dir=asc&msg=true&view=${row!.id}`);
    await expect(chip(page, name).getByTestId("saved-view-modified")).toHaveText(/已修改/);
    await expect(page.getByTestId("view-save")).toHaveText("保存");
    await page.getByTestId("view-save-as").click();
    await expect(dialog.getByRole("heading", { name: "另存为新视图" })).toBeVisible();
    const copy = `${name}有留言`;
    await dialog.getByLabel("视图名称").fill(copy);
    await dialog.getByTestId("view-submit").click();
    await expect(chip(page, copy)).toHaveAttribute("aria-current", "page");
    expect(viewRows(copy)[0]).toMatchObject({ shared: 0, query: "tab=waitShip&msg=true&sort=payment&dir=asc" });
    // 保存 updates the open view to the current filters.
    await page.goto(`/orders?tab=waitShip&sort=payment&dir=desc&view=${row!.id}`);
    await page.getByTestId("view-save").click();
    await expect(page.getByText(`已更新视图「${name}」`)).toBeVisible();
    await expect.poll(() => viewRows(name)[0]?.query).toBe("tab=waitShip&sort=payment");
    await expect(chip(page, name).getByTestId("saved-view-modified")).toHaveCount(0);

    // Customer service sees the shared view, opens it, and has no way to change it.
    const cs = await as(browser, STATE.cs);
    await cs.page.goto(`/orders?view=${row!.id}`);
    await expect(cs.page).toHaveURL(new RegExp(`tab=waitShip&sort=payment&view=${row!.id}$`));
    await expect(chip(cs.page, name)).toHaveAttribute("aria-current", "page");
    await expect(chip(cs.page, copy)).toHaveCount(0);
    await expect(cs.page.getByTestId("view-edit")).toHaveCount(0);
    await cs.context.close();

    // Another shop's owner: the link names no view of theirs.
    const other = await as(browser, STATE.otherOwner);
    await other.page.goto(`/orders?view=${row!.id}`);
    await expect(other.page.getByTestId("filter-notices")).toContainText("链接中的视图不存在、已被删除或你无权查看");
    await expect(chip(other.page, name)).toHaveCount(0);
    await other.context.close();

    // 编辑视图: rename and unshare, then delete (with a confirmation).
    await page.getByTestId("view-edit").click();
    await expect(dialog.getByRole("heading", { name: `编辑视图「${name}」` })).toBeVisible();
    await dialog.getByLabel("视图名称").fill(`${name}改`);
    await dialog.getByLabel("与店铺成员共享").uncheck();
    await dialog.getByTestId("view-submit").click();
    await expect(chip(page, `${name}改`)).toBeVisible();
    expect(viewRows(`${name}改`)[0]).toMatchObject({ shared: 0 });
    await page.getByTestId("view-edit").click();
    await dialog.getByTestId("view-delete").click();
    await expect(dialog.getByTestId("view-delete-question")).toHaveText(`确定删除视图「${name}改」吗？删除后无法恢复。`);
    await dialog.getByTestId("view-delete-confirm").click();
    await expect(page.getByText(`已删除视图「${name}改」`)).toBeVisible();
    await expect(chip(page, `${name}改`)).toHaveCount(0);
    expect(viewRows(`${name}改`)).toEqual([]);
    await expect(page).not.toHaveURL(/view=/);
  });

  test("in English, customer service keeps a personal view nobody else sees; a name too long is refused with the reason", async ({ browser }) => {
    const cs = await as(browser, STATE.cs, "en");
    const name = `Refunds ${Date.now() % 10000}`;
    await cs.page.goto("/orders?tab=refunding");
    await cs.page.getByTestId("view-create").click();
    const dialog = cs.page.getByTestId("view-dialog");
    await expect(dialog.getByRole("heading", { name: "Save as view" })).toBeVisible();
    // Customer service may not share.
    await expect(dialog.getByLabel("Share with the shop's members")).toHaveCount(0);
    await dialog.getByLabel("View name").fill("x".repeat(31));
    await expect(dialog.getByText("A view name has at most 30 characters")).toBeVisible();
    await expect(dialog.getByTestId("view-submit")).toBeDisabled();
    await dialog.getByLabel("View name").fill(name);
    await dialog.getByTestId("view-submit").click();
    await expect(cs.page.getByText(`Saved the view “${name}”`)).toBeVisible();
    await expect(chip(cs.page, name)).toHaveAttribute("aria-current", "page");
    await expect(chip(cs.page, name)).toHaveAttribute("title", "Only you");
    // The same name again is refused with its reason.
    await cs.page.goto("/orders?tab=closed");
    await cs.page.getByTestId("view-create").click();
    await dialog.getByLabel("View name").fill(name);
    await dialog.getByTestId("view-submit").click();
    await expect(dialog.getByRole("alert")).toHaveText("A view with this name already exists; choose another name");
    await cs.context.close();
    const [row] = viewRows(name);
    expect(row).toMatchObject({ shared: 0, query: "tab=refunding" });
    // The manager (this describe's account) does not see it, not even by its id.
    const mgr = await as(browser, STATE.manager, "en");
    await mgr.page.goto(`/orders?view=${row!.id}`);
    await expect(mgr.page.getByTestId("filter-notices")).toContainText("The view in the link does not exist, was deleted, or you may not see it");
    await expect(chip(mgr.page, name)).toHaveCount(0);
    await mgr.context.close();
  });

  test("/orders with views: axe finds nothing serious and nothing scrolls sideways at 390 px, in both languages", async ({ page, context, baseURL }, info) => {
    await page.goto("/orders?tab=waitPay");
    const name = `待付款${Date.now() % 10000}`;
    await page.getByTestId("view-create").click();
    await page.getByTestId("view-dialog").getByLabel("视图名称").fill(name);
    await page.getByTestId("view-dialog").getByLabel("与店铺成员共享").check();
    await axeClean(page, "the save dialog");
    await page.getByTestId("view-dialog").getByTestId("view-submit").click();
    await expect(chip(page, name)).toHaveAttribute("aria-current", "page");
    const id = viewRows(name)[0]!.id;
    await page.goto(`/orders?tab=waitPay&msg=true&view=${id}`);
    await expect(page.getByTestId("view-save")).toBeVisible();
    for (const locale of ["zh-CN", "en"] as const) {
      if (locale === "en") await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 844 });
        await page.goto(`/orders?tab=waitPay&msg=true&view=${id}`);
        await expect(page.getByTestId("saved-views")).toBeVisible();
        await axeClean(page, `${locale} ${width}`);
        if (width === 390) await noSideScroll(page);
        await page.screenshot({ path: info.outputPath(`saved-views-${locale}-${width}.png`), fullPage: true });
      }
      await page.getByTestId("view-edit").click();
      await axeClean(page, `${locale} edit dialog`);
      await page.screenshot({ path: info.outputPath(`saved-views-edit-${locale}.png`) });
      await page.keyboard.press("Escape");
    }
  });
});
