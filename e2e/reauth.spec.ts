/**
 * A shop whose grant is revoked on the platform: the next sync fails to refresh, the shop is
 * flagged, every member sees the banner, sync pauses with nothing lost, and the owner's
 * 重新授权 through the consent page brings it back.
 */
import { expect, test } from "@playwright/test";
import { ACCOUNTS, SANDBOX_URL, STATE } from "./fixtures/env";

test.use({ storageState: STATE.otherOwner });

test("a revoked grant shows the banner and pauses sync without losing orders; 重新授权 restores the shop", async ({ page, request }) => {
  await page.goto("/sync");
  await expect(page.getByTestId("reauth-banner")).toHaveCount(0);
  const storedBefore = Number((await page.getByTestId("sync-trades").textContent())?.replace(/\D/g, "") || "0");

  const revoked = await request.post(`${SANDBOX_URL}/_sandbox/revoke`, { data: { nick: ACCOUNTS.otherOwner } });
  expect(revoked.ok()).toBe(true);
  await expect(page.getByTestId("sync-now")).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId("sync-now").click();

  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("reauth-banner")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
  await expect(page.getByTestId("reauth-banner")).toContainText("订单同步已暂停");
  const storedAfter = Number((await page.getByTestId("sync-trades").textContent())?.replace(/\D/g, "") || "0");
  expect(storedAfter).toBeGreaterThanOrEqual(storedBefore);
  await page.goto("/settings");
  await expect(page.getByTestId("shop-status")).toHaveText("需要重新授权");

  await page.getByTestId("reauth-banner").getByRole("button", { name: "重新授权" }).click();
  await page.waitForURL(/\/authorize\?/);
  await page.locator(`input[name=account][value="${ACCOUNTS.otherOwner}"]`).check();
  await page.getByRole("button", { name: "授权", exact: true }).click();
  await page.waitForURL(/\/sync$/);
  await expect(page.getByTestId("reauth-banner")).toHaveCount(0);
  await page.goto("/settings");
  await expect(page.getByTestId("shop-status")).toHaveText("已连接");
});
