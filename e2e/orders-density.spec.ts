/**
 * Issue 19 item 14: more orders above the fold. At 1440×900 the compact density shows at least 8
 * order rows and the default clearly more than the 2–3 of before (the filters are one row, the
 * less-used ones behind 更多筛选 with the number set); the density is remembered in a cookie; the
 * buyer's message is in the row (one line, whole on hover and focus). At 390×844 nothing scrolls
 * sideways, in either density or language; axe finds nothing serious. ORDERS_SCREENSHOTS=1 also
 * writes screenshots of each state to test-results/.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { firstSyncDone, query } from "./fixtures/data";
import { ACCOUNTS, APP_URL, STATE } from "./fixtures/env";

test.use({ storageState: STATE.owner });

const SHOTS = Boolean(process.env.ORDERS_SCREENSHOTS);

/** Order rows wholly inside the viewport, at the top of the page. */
async function rowsAboveFold(page: Page): Promise<number> {
  await page.evaluate(() => window.scrollTo(0, 0));
  return page.getByTestId("order-row").evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().bottom <= window.innerHeight).length);
}

async function noSideScroll(page: Page, what: string): Promise<void> {
  const sizes = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(sizes.scroll, `${what}: no horizontal scroll`).toBeLessThanOrEqual(sizes.client);
}

async function noSeriousAxe(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`), what).toEqual([]);
}

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `test-results/orders-${name}.png` });
}

test.describe("issue 19 item 14: a denser orders list", () => {
  test("at 1440×900: ≥ 8 rows above the fold in compact density, ≥ 5 in the default; the choice is remembered", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/orders");
    await firstSyncDone(page);
    await page.goto("/orders");
    await expect(page.getByTestId("order-row").first()).toBeVisible();
    await expect(page.getByTestId("density-comfortable")).toHaveAttribute("aria-checked", "true");
    const comfortable = await rowsAboveFold(page);
    await shot(page, "1440-comfortable");
    expect(comfortable, "default density").toBeGreaterThanOrEqual(5);

    await page.getByTestId("density-compact").click();
    await expect(page.getByTestId("orders-rows")).toHaveAttribute("data-compact", "true");
    const compact = await rowsAboveFold(page);
    await shot(page, "1440-compact");
    expect(compact, "compact density").toBeGreaterThanOrEqual(8);
    await noSeriousAxe(page, "compact, 1440");

    // Stored in a cookie: the server renders it on the next visit.
    await expect.poll(async () => (await page.context().cookies(APP_URL)).find((c) => c.name === "od-density")?.value).toBe("compact");
    await page.reload();
    await expect(page.getByTestId("orders-rows")).toHaveAttribute("data-compact", "true");
    await expect(page.getByTestId("density-compact")).toHaveAttribute("aria-checked", "true");
    await page.getByTestId("density-comfortable").click();
    await expect(page.getByTestId("orders-rows")).not.toHaveAttribute("data-compact", "true");
  });

  test("the filters are one row; 更多筛选 holds the rest and counts the ones set", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/orders");
    const bar = page.getByRole("region", { name: "筛选" });
    const height = await bar.evaluate((el) => el.getBoundingClientRect().height);
    expect(height, "the filter block, folded").toBeLessThan(80);
    await expect(page.getByTestId("f-prov")).toBeHidden();
    await expect(page.getByTestId("more-filters")).toHaveText("更多筛选");
    await expect(page.getByTestId("more-filters")).toHaveAttribute("aria-expanded", "false");

    await page.goto("/orders?flag=1&msg=true&min=10");
    await expect(page.getByTestId("more-filters")).toHaveText("更多筛选（3）");
    await page.getByTestId("more-filters").click();
    await expect(page.getByTestId("more-filters")).toHaveAttribute("aria-expanded", "true");
    await expect(page.getByTestId("f-flag")).toBeVisible();
    await expect(page.getByTestId("f-flag")).toHaveValue("1");
    await shot(page, "1440-more-filters");
    await noSeriousAxe(page, "more filters open");

    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: APP_URL }]);
    await page.reload();
    await expect(page.getByTestId("more-filters")).toHaveText("More filters (3)");
  });

  test("the buyer's message is in the row, one line, whole on hover and on keyboard focus", async ({ page }) => {
    await page.goto("/orders");
    await firstSyncDone(page);
    const [trade] = query<{ tid: string; buyerMessage: string }>(
      `SELECT t."tid" AS tid, t."buyerMessage" AS buyerMessage FROM "Trade" t JOIN "Shop" s ON s."id" = t."shopId" WHERE s."nick" = ? AND t."buyerMessage" IS NOT NULL AND length(t."buyerMessage") > 12 ORDER BY t."created" DESC LIMIT 1`,
      ACCOUNTS.owner,
    );
    expect(trade, "a cached trade with a buyer message").toBeDefined();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/orders?q=${trade!.tid}`);
    const message = page.getByTestId("order-row").getByTestId("order-message");
    await expect(message).toHaveAttribute("data-message", trade!.buyerMessage);
    await expect(message).toContainText(trade!.buyerMessage.slice(0, 6));
    const lines = await message.evaluate((el) => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight));
    expect(lines).toBeLessThan(1.5);
    const full = page.getByTestId("order-row").getByTestId("order-message-full");
    await expect(full).toBeHidden();
    await message.hover();
    await expect(full).toBeVisible();
    await expect(full).toHaveText(trade!.buyerMessage);
    await page.mouse.move(0, 0);
    await expect(full).toBeHidden();
    await message.focus();
    await expect(full).toBeVisible();
    await shot(page, "1440-message");
  });

  test("390×844: no horizontal scroll and no serious axe finding, either density, either language", async ({ page }) => {
    test.setTimeout(240_000); // four axe runs on a loaded machine
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/orders");
    await expect(page.getByTestId("orders-results")).toBeVisible();
    for (const lang of ["zh-CN", "en"]) {
      if (lang === "en") await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: APP_URL }]);
      for (const density of ["comfortable", "compact"] as const) {
        await page.goto("/orders");
        await page.getByTestId(`density-${density}`).click();
        await expect(page.getByTestId(`density-${density}`)).toHaveAttribute("aria-checked", "true");
        await expect(page.getByTestId("order-row").first()).toBeVisible();
        await noSideScroll(page, `${lang} ${density}`);
        await shot(page, `390-${lang}-${density}`);
        await noSeriousAxe(page, `390 ${lang} ${density}`);
        await page.getByTestId("more-filters").click();
        await page.getByTestId("range-custom").click();
        await noSideScroll(page, `${lang} ${density}, more filters and 自定义 open`);
        await shot(page, `390-${lang}-${density}-more`);
        if (density === "compact") await noSeriousAxe(page, `390 ${lang} ${density}, more filters open`);
      }
    }
    await page.getByTestId("density-comfortable").click();
  });
});
