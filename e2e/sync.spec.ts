/**
 * The sync page (同步), issue 6: the owner's first sign-in (global setup) starts the first sync;
 * the page's progress bar reaches done, the orders stored equal the sandbox's, 立即同步 starts a
 * run for roles with sync.run and is absent for customer service.
 *
 * Needs the app's scheduler (lib/sync/scheduler.ts startScheduler(), called from instrumentation.ts).
 */
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { ACCOUNTS, E2E_DB_FILE, SANDBOX_URL, STATE } from "./fixtures/env";

test.describe("sync page, owner", () => {
  test.use({ storageState: STATE.owner });

  test("the first sync's progress bar reaches done and the stored orders equal the platform's", async ({ page, request }) => {
    await page.goto("/sync");
    await expect(page.getByRole("heading", { level: 1, name: "同步" })).toBeVisible();
    const bar = page.getByRole("progressbar", { name: /首次同步/ });
    await expect(bar).toBeVisible();
    const seen = new Set<number>();
    await expect
      .poll(
        async () => {
          const v = Number(await bar.getAttribute("aria-valuenow"));
          seen.add(v);
          return v;
        },
        { timeout: 120_000, intervals: [500] },
      )
      .toBe(100);
    await expect(page.getByTestId("sync-percent")).toHaveText("100%");
    await expect(page.getByTestId("sync-runs")).toContainText("成功");
    // The first sync's own run ended in success (it may have left the ten most recent runs the page lists).
    const db = new Database(E2E_DB_FILE, { readonly: true, fileMustExist: true });
    try {
      const runs = db
        .prepare(`SELECT r."outcome" FROM "SyncRun" r JOIN "Shop" s ON s."id" = r."shopId" WHERE s."nick" = ? AND r."kind" = 'BACKFILL' ORDER BY r."startedAt"`)
        .all(ACCOUNTS.owner) as { outcome: string }[];
      expect(runs.map((r) => r.outcome)).toContain("SUCCESS");
    } finally {
      db.close();
    }

    // The cache holds every trade of the shop (new trades arrive about once an hour in this sandbox).
    const truth = (await (await request.get(`${SANDBOX_URL}/_sandbox/truth?shop=${encodeURIComponent(ACCOUNTS.owner)}`)).json()) as { trades: number };
    await expect(page.getByTestId("sync-trades")).toHaveText(truth.trades.toLocaleString("zh-CN"), { timeout: 90_000 });
  });

  test("立即同步 asks for a run, which then shows in the recent runs", async ({ page }) => {
    await page.goto("/sync");
    const button = page.getByTestId("sync-now");
    await expect(button).toBeEnabled({ timeout: 60_000 });
    await button.click();
    // The notice follows the run it asked for: requested (or already started), then ended — never "requested" after the end.
    await expect(page.getByTestId("sync-notice")).toHaveText(/已请求同步，马上开始。|已开始同步…|本次同步已结束/);
    await expect(page.getByTestId("sync-runs").locator("tbody tr").first()).toContainText("手动", { timeout: 30_000 });
    await expect(page.getByTestId("sync-notice")).toHaveText(/^本次同步已结束：/, { timeout: 60_000 });
  });
});

test.describe("sync page, customer service", () => {
  test.use({ storageState: STATE.cs });

  test("reads the progress but has no 立即同步, and the API refuses it", async ({ page }) => {
    await page.goto("/sync");
    await expect(page.getByTestId("sync-panel")).toBeVisible();
    await expect(page.getByTestId("sync-now")).toHaveCount(0);
    const status = await page.evaluate(async () => (await fetch("/api/sync/run", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" })).status);
    expect(status).toBe(403);
  });
});
