/**
 * Issue 19 item 16, "select all N orders matching the filter" on /orders through the real UI:
 *
 * - with the page selected, the bar says 已选择本页 20 笔 · 选择全部 N 笔符合条件的订单; choosing it
 *   states the count, the flag dialog says 将为 N 笔订单设置旗帜, and the run flags exactly the
 *   filter's orders (on Taobao's side too), audited once per changed order;
 * - 导出全部 exports the filter's every order, not the page;
 * - a filter matching more than the cap (1,000) is refused in the dialog with the cap stated;
 * - English wording, 只选本页, axe (wcag2a/wcag2aa) and no sideways scroll at 390 px.
 *
 * The shop is frozen at a quiet moment (e2e/fixtures/data.ts freezeQuietly) so the set does not
 * move while it is counted and changed.
 */
import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { statusesOfGroup } from "../lib/orders/status";
import { ACCOUNTS, STATE } from "./fixtures/env";
import { firstSyncDone, freezeQuietly, query, sandboxClock, sandboxTrade } from "./fixtures/data";

const fmt = (n: number) => new Intl.NumberFormat("zh-CN").format(n);

/** A tab + province of the owner's shop matching more than a page and at most `max` orders. */
function pickFilter(max: number): { tab: string; prov: string; tids: string[] } {
  for (const tab of ["finished", "closed", "shipped"] as const) {
    const statuses = statusesOfGroup(tab);
    const rows = query<{ prov: string; n: number }>(
      `SELECT t."receiverState" AS prov, COUNT(*) AS n FROM "Trade" t JOIN "Shop" s ON s."id" = t."shopId" WHERE s."nick" = ? AND t."status" IN (${statuses.map(() => "?").join(",")}) AND t."receiverState" IS NOT NULL GROUP BY t."receiverState" HAVING COUNT(*) > 20 AND COUNT(*) <= ? ORDER BY COUNT(*)`,
      ACCOUNTS.owner,
      ...statuses,
      max,
    );
    if (rows[0]) {
      const tids = query<{ tid: string }>(`SELECT t."tid" FROM "Trade" t JOIN "Shop" s ON s."id" = t."shopId" WHERE s."nick" = ? AND t."status" IN (${statuses.map(() => "?").join(",")}) AND t."receiverState" = ?`, ACCOUNTS.owner, ...statuses, rows[0].prov).map((r) => r.tid);
      return { tab, prov: rows[0].prov, tids };
    }
  }
  throw new Error("no filter of the shop matches between 21 and max orders");
}

async function axeClean(page: Page, label: string) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const bad = r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(" ")} ${n.html.slice(0, 80)}`).join(", ")}`), label).toEqual([]);
}

test.describe("select all matching", () => {
  // Long flows through several pages and accounts; the machine running the suite is shared (see README, Benchmarks).
  test.describe.configure({ timeout: 180_000 });
  test.use({ storageState: STATE.owner });
  test.afterAll(async () => {
    await sandboxClock({ freeze: false });
  });

  test("已选择本页 20 笔 · 选择全部 N 笔 → 将为 N 笔订单设置旗帜 → every matching order is flagged and audited once; 导出全部 exports all N", async ({ page }) => {
    const request = page.request;
    await page.goto("/orders");
    await firstSyncDone(page);
    await freezeQuietly();
    // Let the cache catch up with the frozen platform.
    await request.post("/api/sync/run", { data: {} });
    await page.waitForTimeout(5000);
    const { tab, prov, tids } = pickFilter(60);
    const n = tids.length;
    const url = `/orders?tab=${tab}&prov=${encodeURIComponent(prov)}`;
    await page.goto(url);
    await expect(page.getByTestId(`tab-count-${tab}`)).toHaveText(String(n));
    await page.getByTestId("select-page").check();
    await expect(page.getByTestId("bulk-count")).toHaveText("已选择本页 20 笔");
    await expect(page.getByTestId("bulk-select-all")).toHaveText(`选择全部 ${fmt(n)} 笔符合条件的订单`);
    await page.getByTestId("bulk-select-all").click();
    await expect(page.getByTestId("bulk-count")).toHaveText(`已选择全部 ${fmt(n)} 笔符合条件的订单`);
    await expect(page.getByTestId("bulk-bar")).toHaveAttribute("data-scope", "all");

    const before = new Map(query<{ tid: string; sellerFlag: number }>(`SELECT "tid", "sellerFlag" FROM "Trade" WHERE "tid" IN (${tids.map(() => "?").join(",")})`, ...tids).map((r) => [r.tid, r.sellerFlag]));
    const audits = () => query<{ targetId: string }>(`SELECT "targetId" FROM "AuditLog" WHERE "action" = 'order.flag' AND "targetId" IN (${tids.map(() => "?").join(",")}) AND "newValue" LIKE '%"flag":4%'`, ...tids).map((r) => r.targetId);
    const audited = audits().length;
    await page.getByTestId("bulk-flag").click();
    const dialog = page.getByTestId("bulk-dialog");
    await expect(dialog).toContainText(`将为 ${fmt(n)} 笔订单设置旗帜`);
    await expect(dialog.getByTestId("bulk-all-cap")).toHaveText("一次最多为 1,000 笔订单设置旗帜或追加备注。");
    await dialog.locator("label").filter({ has: page.getByTestId("bulk-flag-4") }).click();
    await dialog.getByTestId("bulk-apply").click();
    await expect(dialog.getByTestId("bulk-progress")).toContainText(`${n} / ${n} · 成功 ${n} 个，失败 0 个`, { timeout: 120_000 });
    // Exactly the filter's orders: each flagged in the cache and on Taobao, one audit per order that changed.
    const after = query<{ tid: string; sellerFlag: number }>(`SELECT "tid", "sellerFlag" FROM "Trade" WHERE "tid" IN (${tids.map(() => "?").join(",")})`, ...tids);
    expect(after.every((r) => r.sellerFlag === 4)).toBe(true);
    for (const tid of tids.slice(0, 3)) expect((await sandboxTrade<{ seller_flag: number }>(request, tid)).seller_flag).toBe(4);
    expect(audits().length - audited).toBe(tids.filter((t) => before.get(t) !== 4).length);
    await dialog.getByRole("button", { name: "关闭" }).first().click();

    // 导出全部: the filter's every order, one row per trade.
    await page.goto(url);
    await page.getByTestId("select-page").check();
    await page.getByTestId("bulk-select-all").click();
    await expect(page.getByTestId("bulk-export")).toHaveText("导出全部");
    await page.getByTestId("bulk-export").click();
    const exp = page.getByTestId("export-dialog");
    await expect(exp).toContainText(`导出当前筛选条件下的全部 ${n} 个订单`);
    // CSV, read line by line (XLSX is the dialog's default); its ids are ="…" cells (lib/orders/export.ts).
    await exp.getByTestId("export-csv").check();
    await exp.getByTestId("export-per-trade").check();
    const [download] = await Promise.all([page.waitForEvent("download"), exp.getByTestId("export-start").click()]);
    const lines = readFileSync((await download.path())!).toString("utf8").trim().split(/\r?\n/);
    expect(lines.length - 1).toBe(n);
    expect(new Set(lines.slice(1).map((l) => l.split(",")[0]!.replace(/"/g, "").replace(/^=/, "")))).toEqual(new Set(tids));
  });

  test("a filter over the cap: the count is stated and the flag dialog refuses with the cap; 只选本页 goes back to the page", async ({ page }) => {
    const total = query<{ n: number }>(`SELECT COUNT(*) AS n FROM "Trade" t JOIN "Shop" s ON s."id" = t."shopId" WHERE s."nick" = ?`, ACCOUNTS.owner)[0]!.n;
    expect(total).toBeGreaterThan(1000);
    await page.goto("/orders");
    await page.getByTestId("select-page").check();
    await page.getByTestId("bulk-select-all").click();
    await expect(page.getByTestId("bulk-count")).toHaveText(`已选择全部 ${fmt(total)} 笔符合条件的订单`);
    await page.getByTestId("bulk-flag").click();
    const dialog = page.getByTestId("bulk-dialog");
    await expect(dialog.getByTestId("bulk-all-too-many")).toHaveText("符合条件的订单超过 1,000 笔：一次最多处理 1,000 笔，请缩小筛选范围。");
    await expect(dialog.getByTestId("bulk-apply")).toBeDisabled();
    await page.keyboard.press("Escape");
    await page.getByTestId("bulk-page-only").click();
    await expect(page.getByTestId("bulk-count")).toHaveText("已选择本页 20 笔");
    // Unticking one row leaves "all" too.
    await page.getByTestId("bulk-select-all").click();
    await expect(page.getByTestId("bulk-bar")).toHaveAttribute("data-scope", "all");
    await page.getByTestId("select-row").first().click();
    await expect(page.getByTestId("bulk-count")).toHaveText("已选 19 个订单");
  });

  test("in English; axe finds nothing serious and nothing scrolls sideways at 390 px, in both languages", async ({ page, context, baseURL }, info) => {
    const { tab, prov, tids } = pickFilter(1000);
    const url = `/orders?tab=${tab}&prov=${encodeURIComponent(prov)}`;
    for (const locale of ["zh-CN", "en"] as const) {
      if (locale === "en") await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
      await page.setViewportSize({ width: 1280, height: 844 });
      await page.goto(url);
      await page.getByTestId("select-page").check();
      if (locale === "en") {
        await expect(page.getByTestId("bulk-count")).toHaveText("All 20 orders on this page are selected");
        await expect(page.getByTestId("bulk-select-all")).toHaveText(`Select all ${fmt(tids.length)} orders matching the filter`);
      }
      await page.getByTestId("bulk-select-all").click();
      await expect(page.getByTestId("bulk-bar")).toHaveAttribute("data-scope", "all");
      if (locale === "en") {
        await expect(page.getByTestId("bulk-count")).toHaveText(`All ${fmt(tids.length)} orders matching the filter are selected`);
        await page.getByTestId("bulk-memo-open").click();
        await expect(page.getByTestId("bulk-dialog")).toContainText(`A memo line will be appended to ${fmt(tids.length)} orders`);
        await expect(page.getByTestId("bulk-apply")).toHaveText(`Apply to ${fmt(tids.length)} orders`);
        await axeClean(page, "en memo dialog");
        await page.keyboard.press("Escape");
      }
      await axeClean(page, `${locale} 1280`);
      await page.screenshot({ path: info.outputPath(`bulk-all-${locale}-1280.png`) });
      await page.setViewportSize({ width: 390, height: 844 });
      await expect(page.getByTestId("bulk-bar")).toHaveAttribute("data-scope", "all");
      await axeClean(page, `${locale} 390`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.getByTestId("bulk-bar").scrollIntoViewIfNeeded();
      await page.screenshot({ path: info.outputPath(`bulk-all-${locale}-390.png`) });
    }
  });
});
