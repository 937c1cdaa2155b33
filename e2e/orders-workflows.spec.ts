/**
 * Issue 7's acceptance flows across the list and the detail page, through the real UI (browser in
 * Los Angeles, server in UTC):
 *
 * - customer service searches a buyer's full mobile number in the one search box (Taobao's
 *   trades.sold.query), opens the order, 查看 the phone (audited), sets a memo with a red flag, and
 *   back on the list the row shows the flag and the memo; the shipped parcel's timeline has steps;
 * - a seller opens an order from 待发货, an invalid waybill is refused with the reason, a valid one
 *   ships it: the order leaves 待发货, is under 已发货, and its trace is on the detail page;
 * - the tab counts equal the cache's and the platform's after sync;
 * - an order created at 00:30 Beijing time is under 今天, not 昨天, in the Los Angeles browser;
 * - tab, range, province and sort survive a reload and back/forward across list → detail → back;
 * - the detail page answers HTTP 404 (not a 200 that renders "not found") for unknown and other
 *   shops' orders, and 200 with the skeleton-then-page for its own;
 * - issue 19: XLSX is the Excel choice, the CSV keeps ids as text for Excel, full receivers are
 *   revealed (counted, audited) for the owner only, and a failed export is worded in zh-CN and en.
 *
 * Orders are picked from the sandbox's admin API and the e2e SQLite file (read-only), never by the
 * order the specs run in; trades the flows change are their own (injected, or not used elsewhere).
 */
import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { excelReads, parseCsv } from "../test/csv";
import { statusesOfGroup } from "../lib/orders/status";
import { formatTopTime, parseTopTime, presetRange } from "../lib/time";
import { ACCOUNTS, APP_URL, SANDBOX_URL, STATE } from "./fixtures/env";
import { firstSyncDone, query, sandboxTrade } from "./fixtures/data";

const SHOP = encodeURIComponent(ACCOUNTS.owner);

const cachedTrade = (tid: string) => query<{ tid: string; status: string; shopId: string }>(`SELECT "tid", "status", "shopId" FROM "Trade" WHERE "tid" = ?`, tid)[0];
const auditCount = (tid: string, action: string) => query<{ n: number }>(`SELECT COUNT(*) AS n FROM "AuditLog" WHERE "targetId" = ? AND "action" = ?`, tid, action)[0]!.n;

interface SandboxTrade {
  tid: string;
  status: string;
  created: string;
  receiver: { mobile: string; name: string };
  seller_memo?: string;
  seller_flag?: number;
}


/** Waits until the app's cache holds `tid` (with `status`, if given), asking for sync runs meanwhile (only roles with sync.run get one). */
async function cached(page: Page, tid: string, status?: string) {
  await expect
    .poll(
      async () => {
        const row = cachedTrade(tid);
        if (row && (!status || row.status === status)) return true;
        await page.request.post("/api/sync/run", { data: {} });
        return false;
      },
      { timeout: 90_000, intervals: [3000] },
    )
    .toBe(true);
}

/** Adds a trade on the platform (created now) and waits for the app's sync to store it. */
async function injectAndSync(page: Page, body: Record<string, unknown>): Promise<string> {
  const res = await page.request.post(`${SANDBOX_URL}/_sandbox/trades`, { data: { shop: ACCOUNTS.owner, ...body } });
  expect(res.ok()).toBe(true);
  const { tid } = (await res.json()) as { tid: string };
  await cached(page, tid);
  return tid;
}

const row = (page: Page, tid: string) => page.locator(`[data-testid="order-row"][data-tid="${tid}"]`);
const count = async (page: Page, tab: string) => Number((await page.getByTestId(`tab-count-${tab}`).innerText()).replace(/\D/g, ""));

test.describe("acceptance, customer service", () => {
  test.use({ storageState: STATE.cs });

  test("full mobile in the search box → the order → 查看 the phone (audited) → memo with a red flag → the list shows both; the timeline has steps", async ({ page, request }) => {
    await firstSyncDone(page);
    // A shipped trade nobody has revealed yet (order-detail.spec takes the newest one: take the oldest of the newest 50).
    const { trades } = (await (await request.get(`${SANDBOX_URL}/_sandbox/trades?shop=${SHOP}&status=WAIT_BUYER_CONFIRM_GOODS&limit=50`)).json()) as { trades: { tid: string }[] };
    const tid = trades
      .map((t) => t.tid)
      .reverse()
      .find((t) => cachedTrade(t)?.status === "WAIT_BUYER_CONFIRM_GOODS" && auditCount(t, "order.revealReceiver") === 0);
    expect(tid, "a cached, never revealed, shipped trade").toBeDefined();
    const truth = await sandboxTrade<SandboxTrade>(request, tid!);
    expect(truth.receiver.mobile).toMatch(/^1\d{10}$/);
    const lookupsBefore = query<{ n: number }>(`SELECT COUNT(*) AS n FROM "AuditLog" WHERE "action" = 'order.lookupByPhone' AND "actorNick" = ?`, ACCOUNTS.cs)[0]!.n;

    // The one search box: a full mobile number is asked of Taobao, and the orders it finds are listed.
    await page.goto("/orders");
    await page.getByTestId("orders-search").fill(truth.receiver.mobile);
    await page.getByTestId("orders-search-submit").click();
    await expect(row(page, tid!)).toBeVisible({ timeout: 30_000 });
    await expect(page).toHaveURL(/[?&]ids=/);
    expect(page.url()).not.toContain(truth.receiver.mobile); // the number never goes into the URL
    const lookups = query<{ newValue: string | null }>(`SELECT "newValue" FROM "AuditLog" WHERE "action" = 'order.lookupByPhone' AND "actorNick" = ? ORDER BY "id" DESC`, ACCOUNTS.cs);
    expect(lookups.length).toBe(lookupsBefore + 1);
    expect(lookups[0]!.newValue ?? "").not.toContain(truth.receiver.mobile);
    const listUrl = page.url();

    // Open it; 查看 the phone: the real number, audited once.
    await row(page, tid!).getByTestId("order-link").click();
    await expect(page).toHaveURL(new RegExp(`/orders/${tid}$`));
    await expect(page.getByTestId("order-tid")).toHaveText(tid!);
    const mobile = page.getByTestId("receiver-mobile-value");
    await expect(mobile).toHaveText(/\*{4}$/);
    await page.getByTestId("reveal-mobile").click();
    await expect(mobile).toHaveText(truth.receiver.mobile);
    const reveals = query<{ actorNick: string; newValue: string }>(`SELECT "actorNick", "newValue" FROM "AuditLog" WHERE "action" = 'order.revealReceiver' AND "targetId" = ?`, tid);
    expect(reveals).toHaveLength(1);
    expect(reveals[0]!.actorNick).toBe(ACCOUNTS.cs);
    expect(JSON.parse(reveals[0]!.newValue)).toMatchObject({ field: "mobile" });

    // The shipped parcel's logistics timeline has steps.
    await expect(page.getByTestId("trace-step").first()).toBeVisible();
    await expect(page.getByTestId("parcel-waybill").first()).not.toBeEmpty();

    // A memo with a red flag, saved to Taobao.
    const memo = `验收：买家要求周六送达 ${Date.now() % 100000}`;
    await page.getByTestId("memo-input").fill(memo);
    await page.getByTestId("memo-flag-1").click();
    await page.getByTestId("memo-save").click();
    await expect(page.getByText("备注和旗帜已保存到淘宝")).toBeVisible();
    await expect(page.getByTestId("order-flag")).toHaveAttribute("data-flag", "1");
    expect(await sandboxTrade<SandboxTrade>(request, tid!)).toMatchObject({ seller_memo: memo, seller_flag: 1 });

    // Back on the list (browser back: the same phone-search result), the row shows the red flag and the memo.
    await page.goBack();
    await expect(page).toHaveURL(listUrl);
    await expect(row(page, tid!).getByTestId("order-flag")).toHaveAttribute("data-flag", "1");
    await expect(row(page, tid!).getByTestId("order-memo")).toHaveText(memo);
    // And after a reload too (the server's list, not a client cache).
    await page.reload();
    await expect(row(page, tid!).getByTestId("order-flag")).toHaveAttribute("data-flag", "1");
    await expect(row(page, tid!).getByTestId("order-memo")).toHaveText(memo);
  });
});

test.describe("acceptance, seller", () => {
  test.use({ storageState: STATE.owner });

  test("待发货 → open → an invalid waybill is refused with the reason → a valid one ships it → it leaves 待发货, is under 已发货, and its trace shows", async ({ page }) => {
    await firstSyncDone(page);
    // A fresh paid order of its own (the newest, so on the first page of 待发货).
    const tid = await injectAndSync(page, { status: "WAIT_SELLER_SEND_GOODS" });

    await page.goto("/orders");
    await page.getByTestId("tab-waitShip").click();
    await expect(page).toHaveURL(/[?&]tab=waitShip/);
    await expect(page.getByTestId("tab-waitShip")).toHaveAttribute("aria-current", "page");
    const waitingBefore = await count(page, "waitShip");
    await expect(row(page, tid)).toBeVisible();
    await expect(row(page, tid).getByTestId("order-status")).toHaveText("买家已付款，等待卖家发货");
    await row(page, tid).getByTestId("order-link").click();
    await expect(page).toHaveURL(new RegExp(`/orders/${tid}$`));

    await page.getByTestId("ship-open").click();
    const dialog = page.getByTestId("ship-dialog");
    await dialog.getByTestId("ship-carrier").selectOption("YTO");
    await dialog.getByTestId("ship-waybill").fill("YT12AB");
    await dialog.getByTestId("ship-submit").click();
    await expect(dialog.getByRole("alert")).toHaveText("运单号不符合所选物流公司的运单号规则。");
    expect(cachedTrade(tid)?.status).toBe("WAIT_SELLER_SEND_GOODS");

    const waybill = `YT${String(Date.now()).slice(-10)}`;
    await dialog.getByTestId("ship-waybill").fill(waybill);
    await dialog.getByTestId("ship-submit").click();
    await expect(page.getByText(`已发货：圆通速递 ${waybill}`)).toBeVisible();
    await expect(page.getByTestId("order-status")).toHaveText("卖家已发货，等待买家确认收货");
    expect(cachedTrade(tid)?.status).toBe("WAIT_BUYER_CONFIRM_GOODS");

    // Back on the list's 待发货: gone, one fewer; under 已发货: there.
    await page.goBack();
    await expect(page).toHaveURL(/[?&]tab=waitShip/);
    await expect(page.getByTestId("tab-waitShip")).toHaveAttribute("aria-current", "page");
    await expect(row(page, tid)).toHaveCount(0);
    await expect.poll(() => count(page, "waitShip")).toBe(waitingBefore - 1);
    await page.getByTestId("tab-shipped").click();
    await expect(page).toHaveURL(/[?&]tab=shipped/);
    await expect(row(page, tid)).toBeVisible();
    await expect(row(page, tid).getByTestId("order-status")).toHaveText("卖家已发货，等待买家确认收货");

    // Its trace is on the detail page.
    await row(page, tid).getByTestId("order-link").click();
    await expect(page.getByTestId("parcel-waybill")).toHaveText(waybill);
    await expect(page.getByTestId("parcel-carrier")).toHaveText("圆通速递");
    await expect(page.getByTestId("trace-step").first()).toContainText("卖家已发货");
  });
});

test.describe("acceptance, list state", () => {
  test.use({ storageState: STATE.manager });

  test("tab counts equal the cache's and, after sync, the platform's", async ({ page, request }) => {
    await firstSyncDone(page);
    const shopId = query<{ id: string }>(`SELECT "id" FROM "Shop" WHERE "nick" = ?`, ACCOUNTS.owner)[0]?.id;
    expect(shopId, "the shop's row").toBeDefined();
    await expect
      .poll(
        async () => {
          const truth = (await (await request.get(`${SANDBOX_URL}/_sandbox/truth?shop=${SHOP}`)).json()) as { trades: number };
          await page.goto("/orders");
          const shown = await count(page, "all");
          if (shown !== truth.trades) await page.request.post("/api/sync/run", { data: {} });
          return shown - truth.trades;
        },
        { timeout: 90_000, intervals: [3000] },
      )
      .toBe(0);
    const db = (statuses: string[]) => query<{ n: number }>(`SELECT COUNT(*) AS n FROM "Trade" WHERE "shopId" = ? AND "status" IN (${statuses.map(() => "?").join(",")})`, shopId, ...statuses)[0]!.n;
    // The page's counts and a read of the cache a moment apart: poll until both agree (sync may land in between).
    await expect
      .poll(async () => {
        await page.reload();
        const shown = {
          waitPay: await count(page, "waitPay"),
          waitShip: await count(page, "waitShip"),
          shipped: await count(page, "shipped"),
          finished: await count(page, "finished"),
          closed: await count(page, "closed"),
          refunding: await count(page, "refunding"),
        };
        const cache = {
          waitPay: db(statusesOfGroup("waitPay")),
          waitShip: db(statusesOfGroup("waitShip")),
          shipped: db(statusesOfGroup("shipped")),
          finished: db(statusesOfGroup("finished")),
          closed: db(statusesOfGroup("closed")),
          refunding: query<{ n: number }>(`SELECT COUNT(*) AS n FROM "Trade" WHERE "shopId" = ? AND "refunding" = 1`, shopId)[0]!.n,
        };
        return JSON.stringify(shown) === JSON.stringify(cache) ? "equal" : `page ${JSON.stringify(shown)} cache ${JSON.stringify(cache)}`;
      }, { timeout: 30_000, intervals: [2000] })
      .toBe("equal");
  });

  test("an order created at 00:30 Beijing time is under 今天 (not 昨天) in a Los Angeles browser, and shows 00:30", async ({ page }) => {
    const now = Date.now();
    const today = formatTopTime(new Date(now)).slice(0, 10); // the Shanghai calendar day
    const at = `${today} 00:30:00`;
    test.skip(parseTopTime(at).getTime() > now - 60_000, "before 00:31 in Shanghai the order would be in the future");
    await firstSyncDone(page);
    const tid = await injectAndSync(page, { created: at, status: "WAIT_SELLER_SEND_GOODS" });
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe("America/Los_Angeles");

    await page.goto("/orders");
    await page.getByTestId("range-today").click();
    await expect(page).toHaveURL(/[?&]range=today/);
    // Today may hold more than a page of orders: narrow to this one by its tid (the range stays).
    await page.getByTestId("orders-search").fill(tid);
    await page.getByTestId("orders-search-submit").click();
    await expect(page).toHaveURL(new RegExp(`[?&]q=${tid}`));
    await expect(page).toHaveURL(/[?&]range=today/);
    await expect(row(page, tid)).toBeVisible();
    await expect.poll(() => count(page, "all")).toBe(1);
    await expect(row(page, tid).getByTestId("order-created")).toHaveText(`${today} 00:30`);
    // 昨天 with the same search: nothing (a browser-zone day would have put it there).
    await page.getByTestId("range-yesterday").click();
    await expect(page).toHaveURL(/[?&]range=yesterday/);
    await expect(page).toHaveURL(new RegExp(`[?&]q=${tid}`));
    await expect.poll(() => count(page, "all")).toBe(0);
    await expect(page.getByTestId("orders-empty")).toBeVisible();
    await expect(row(page, tid)).toHaveCount(0);
    // On its detail page too, 下单 is Beijing time.
    await page.goto(`/orders/${tid}`);
    await expect(page.getByText(`${today} 00:30:00`).first()).toBeVisible();
  });

  test("tab, range, province and sort survive reload, back/forward and 返回订单列表 across list → detail → back", async ({ page }) => {
    await firstSyncDone(page);
    await page.goto("/orders");
    await page.getByTestId("tab-finished").click();
    await expect(page).toHaveURL(/[?&]tab=finished/);
    await page.getByTestId("range-last3Months").click();
    await expect(page).toHaveURL(/[?&]range=last3Months/);
    // The province with the most finished orders, so the filtered list has rows.
    const prov = query<{ p: string }>(
      `SELECT t."receiverState" AS p FROM "Trade" t JOIN "Shop" s ON s."id" = t."shopId" WHERE s."nick" = ? AND t."status" = 'TRADE_FINISHED' AND t."receiverState" IS NOT NULL GROUP BY t."receiverState" ORDER BY COUNT(*) DESC LIMIT 1`,
      ACCOUNTS.owner,
    )[0]!.p;
    await page.getByTestId("more-filters").click(); // the province is behind 更多筛选
    await page.getByTestId("f-prov").selectOption(prov);
    await expect(page).toHaveURL(/[?&]prov=/);
    await page.getByTestId("f-sort").selectOption("payment");
    await expect(page).toHaveURL(/[?&]sort=payment/);
    await expect(page.getByTestId("order-row").first()).toBeVisible();

    const state = async () => ({
      url: page.url(),
      tab: await page.getByTestId("tab-finished").getAttribute("aria-current"),
      range: await page.getByTestId("range-last3Months").getAttribute("aria-pressed"),
      prov: await page.getByTestId("f-prov").inputValue(),
      sort: await page.getByTestId("f-sort").inputValue(),
      rows: await page.getByTestId("order-row").evaluateAll((els) => els.map((e) => e.getAttribute("data-tid"))),
      pays: await page.getByTestId("order-payment").evaluateAll((els) => els.map((e) => Number((e.textContent ?? "").replace(/[^\d.]/g, "")))),
      finished: await count(page, "finished"),
    });
    // The URL changes before the results stream in: wait until the page shows what the cache holds
    // for these filters (count), sorted by 实付 highest first.
    const { start, end } = presetRange("last3Months");
    const expected = query<{ created: number | string }>(
      `SELECT t."created" AS created FROM "Trade" t JOIN "Shop" s ON s."id" = t."shopId" WHERE s."nick" = ? AND t."status" = 'TRADE_FINISHED' AND t."receiverState" = ?`,
      ACCOUNTS.owner,
      prov,
    ).filter((r) => {
      const at = new Date(r.created).getTime();
      return at >= start.getTime() && at < end.getTime();
    }).length;
    expect(expected).toBeGreaterThan(0);
    await expect
      .poll(async () => {
        const s = await state();
        return s.finished === expected && s.pays.length > 0 && s.pays.every((p, i) => i === 0 || s.pays[i - 1]! >= p);
      })
      .toBe(true);
    const url = page.url();
    const before = await state();
    expect(before).toMatchObject({ tab: "page", range: "true", prov, sort: "payment" });
    expect(before.rows.length).toBe(Math.min(20, expected));

    await page.reload();
    await expect.poll(state).toEqual(before);

    const first = before.rows[0]!;
    await row(page, first).getByTestId("order-link").click();
    await expect(page).toHaveURL(new RegExp(`/orders/${first}$`));
    await expect(page.getByTestId("order-tid")).toHaveText(first);

    await page.goBack();
    await expect(page).toHaveURL(url);
    await expect.poll(state).toEqual(before);

    await page.goForward();
    await expect(page.getByTestId("order-tid")).toHaveText(first);
    await page.goBack();
    await expect(page).toHaveURL(url);
    await expect.poll(state).toEqual(before);

    // 返回订单列表 on the detail page goes back to this view too, though the detail's URL carries no filters.
    await row(page, first).getByTestId("order-link").click();
    await expect(page).toHaveURL(new RegExp(`/orders/${first}$`));
    await expect(page.getByTestId("back-to-list")).toHaveAttribute("href", new URL(url).pathname + new URL(url).search);
    await page.getByTestId("back-to-list").click();
    await expect(page).toHaveURL(url);
    await expect.poll(state).toEqual(before);
  });
});

test.describe("detail page status codes", () => {
  test.use({ storageState: STATE.owner });

  test("an unknown, malformed or another shop's tid answers HTTP 404 with the translated page; an own order 200", async ({ page, browser, request }) => {
    await firstSyncDone(page);
    const { trades } = (await (await request.get(`${SANDBOX_URL}/_sandbox/trades?shop=${SHOP}&status=TRADE_FINISHED&limit=20`)).json()) as { trades: { tid: string }[] };
    const own = trades.map((t) => t.tid).find((t) => cachedTrade(t));
    expect(own, "a cached trade of the owner's shop").toBeDefined();

    const ok = await page.goto(`/orders/${own}`);
    expect(ok?.status()).toBe(200);
    await expect(page.getByTestId("order-tid")).toHaveText(own!);

    for (const bad of ["1234567890123456789", "abc%3Cscript%3E", "9".repeat(300)]) {
      const res = await page.goto(`/orders/${bad}`);
      expect(res?.status(), bad).toBe(404);
      await expect(page.getByTestId("order-not-found")).toBeVisible();
      await expect(page.getByRole("heading", { name: "没有这笔订单" })).toBeVisible();
      await expect(page.getByTestId("order-detail-loading")).toHaveCount(0);
    }
    for (const [viewport, scheme] of [[{ width: 1280, height: 800 }, "light"], [{ width: 375, height: 812 }, "dark"]] as const) {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: scheme });
      await page.reload();
      await expect(page.getByTestId("order-not-found")).toBeVisible();
      await page.screenshot({ path: `test-results/screens/order-not-found-${viewport.width}-${scheme}.png`, fullPage: true });
    }

    // Another shop's owner: the same 404, for the page and for a plain request with its cookies.
    const other = await browser.newContext({ storageState: STATE.otherOwner });
    try {
      const otherPage = await other.newPage();
      const res = await otherPage.goto(`/orders/${own}`);
      expect(res?.status()).toBe(404);
      await expect(otherPage.getByTestId("order-not-found")).toBeVisible();
      const plain = await other.request.get(`${APP_URL}/orders/${own}`, { maxRedirects: 0 });
      expect(plain.status()).toBe(404);
      const html = await plain.text();
      expect(html).toContain("没有这笔订单");
      expect(html).not.toContain(`data-tid="${own}"`);
    } finally {
      await other.close();
    }

    // The owner's own request: 200, and the page's content in it.
    const mine = await page.request.get(`/orders/${own}`, { maxRedirects: 0 });
    expect(mine.status()).toBe(200);
    expect(await mine.text()).toContain(own!);
  });
});

test.describe("issue 19: exports Excel can open", () => {
  test.use({ storageState: STATE.owner });

  /** A cached order of the owner's shop that has a receiver to reveal, and its platform truth. */
  async function oneOrder(page: Page) {
    await firstSyncDone(page);
    const [t] = query<{ tid: string }>(`SELECT t."tid" FROM "Trade" t JOIN "Shop" s ON s."id" = t."shopId" WHERE s."nick" = ? AND t."oaid" IS NOT NULL AND t."status" = 'TRADE_FINISHED' ORDER BY t."created" DESC LIMIT 1`, ACCOUNTS.owner);
    expect(t).toBeDefined();
    await page.goto(`/orders?q=${t!.tid}`);
    await expect(page.getByTestId("orders-results")).toHaveAttribute("data-view", new RegExp(t!.tid));
    return t!.tid;
  }

  test("XLSX is the Excel choice; the CSV keeps the 19-digit tid as text for Excel and says how; full receivers are revealed, counted and audited", async ({ page, request }) => {
    const tid = await oneOrder(page);
    const truth = await sandboxTrade<SandboxTrade & { receiver: { address: string } }>(request, tid);
    await page.getByTestId("export-open").click();
    const dialog = page.getByTestId("export-dialog");
    await expect(dialog.getByTestId("export-xlsx")).toBeChecked();
    await expect(dialog.getByText("Excel 工作簿（XLSX，推荐）")).toBeVisible();
    await dialog.getByTestId("export-csv").check();
    await expect(dialog.getByTestId("export-csv-note")).toContainText("用 Excel 打开时保持完整");
    await dialog.getByTestId("export-per-trade").check();
    await dialog.getByTestId("export-receiver-full").check();
    await expect(dialog.getByTestId("export-receiver-note")).toContainText("每个订单 3 次");
    await page.screenshot({ path: "test-results/screens/export-dialog-1280.png" });
    expect(await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze().then((r) => r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id))).toEqual([]);
    const revealsBefore = query<{ n: number }>(`SELECT COUNT(*) AS n FROM "RateLimitEvent" WHERE "action" = 'reveal'`)[0]!.n;
    const [download] = await Promise.all([page.waitForEvent("download"), dialog.getByTestId("export-start").click()]);
    const [header, row] = parseCsv(readFileSync((await download.path())!).subarray(3).toString("utf8"));
    const cell = (name: string) => row![header!.indexOf(name)]!;
    // Excel opens ="…" as text: every digit of the tid is kept (a bare number would show 4.70828E+18).
    expect(excelReads(cell("订单号"))).toEqual({ type: "text", text: tid });
    expect([cell("收件人"), excelReads(cell("收件人手机")).text]).toEqual([truth.receiver.name, truth.receiver.mobile]);
    expect(cell("详细地址").endsWith(truth.receiver.address)).toBe(true);
    expect(query<{ n: number }>(`SELECT COUNT(*) AS n FROM "RateLimitEvent" WHERE "action" = 'reveal'`)[0]!.n).toBe(revealsBefore + 3);
    const [entry] = query<{ newValue: string }>(`SELECT "newValue" FROM "AuditLog" WHERE "action" = 'orders.export' ORDER BY "createdAt" DESC LIMIT 1`);
    expect(JSON.parse(entry!.newValue)).toMatchObject({ receiver: "full", rows: 1, reveals: 3 });

    // XLSX: the id cells are text cells.
    await page.getByTestId("export-open").click();
    await dialog.getByTestId("export-xlsx").check();
    const [xlsx] = await Promise.all([page.waitForEvent("download"), dialog.getByTestId("export-start").click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await xlsx.path())!);
    const sheet = wb.worksheets[0]!;
    expect([sheet.getRow(2).getCell(1).type, sheet.getRow(2).getCell(1).value]).toEqual([ExcelJS.ValueType.String, tid]);
  });

  test("offline, the export says 网络已断开 in the dialog; at 390 px nothing scrolls sideways", async ({ page, context }) => {
    await oneOrder(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId("export-open").click();
    const dialog = page.getByTestId("export-dialog");
    await expect(dialog.getByTestId("export-limits")).toBeVisible();
    await context.setOffline(true);
    try {
      await dialog.getByTestId("export-start").click();
      await expect(dialog.getByTestId("export-error")).toHaveText("导出失败：网络已断开，请检查网络后重试。");
    } finally {
      await context.setOffline(false);
    }
    await page.screenshot({ path: "test-results/screens/export-dialog-390.png" });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  });

  test("in English: the formats, the CSV's note and the receiver choices; a cut-off request is worded", async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
    await oneOrder(page);
    await page.getByTestId("export-open").click();
    const dialog = page.getByTestId("export-dialog");
    await expect(dialog.getByText("Excel workbook (XLSX, recommended)")).toBeVisible();
    await dialog.getByTestId("export-csv").check();
    await expect(dialog.getByTestId("export-csv-note")).toContainText("Excel keeps every digit");
    await expect(dialog.getByText("Include the full name, mobile and address")).toBeVisible();
    await page.screenshot({ path: "test-results/screens/export-dialog-en.png" });
    await page.route("**/api/orders/export?**", (route) => route.abort("connectionreset"));
    await dialog.getByTestId("export-start").click();
    await expect(dialog.getByTestId("export-error")).toHaveText("Export failed: Could not reach the server. Check your network connection and try again.");
    await page.unroute("**/api/orders/export?**");
  });
});

test.describe("issue 19: exports, manager", () => {
  test.use({ storageState: STATE.manager });

  test("a manager may export receivers masked only (the route refuses full)", async ({ page }) => {
    await firstSyncDone(page);
    await page.goto("/orders");
    await page.getByTestId("export-open").click();
    const dialog = page.getByTestId("export-dialog");
    await expect(dialog.getByTestId("export-receiver-masked")).toBeVisible();
    await expect(dialog.getByTestId("export-receiver-full")).toHaveCount(0);
    expect((await page.request.get("/api/orders/export?format=csv&per=trade&receiver=full")).status()).toBe(403);
  });
});
