/**
 * Signs in the shop's owner and two sub-accounts through the real consent page, has the owner
 * promote 运营老李 to manager, and saves each session for the specs.
 */
import { expect, test as setup } from "@playwright/test";
import { ACCOUNTS, STATE } from "./fixtures/env";
import { signInAs } from "./fixtures/sign-in";

setup("the owner's first sign-in connects the shop", async ({ page }) => {
  await signInAs(page, ACCOUNTS.owner);
  await expect(page.getByTestId("current-shop")).toContainText("小米粒旗舰店");
  await expect(page.getByTestId("account-role")).toHaveText("店主");
  await page.goto("/settings");
  await expect(page.getByTestId("shop-status")).toHaveText("已连接");
  await page.context().storageState({ path: STATE.owner });
});

setup("客服小王 signs in and lands in the same shop as customer service", async ({ page }) => {
  await signInAs(page, ACCOUNTS.cs);
  await expect(page.getByTestId("current-shop")).toContainText("小米粒旗舰店");
  await expect(page.getByTestId("account-nick")).toHaveText(ACCOUNTS.cs);
  await expect(page.getByTestId("account-role")).toHaveText("客服");
  await page.context().storageState({ path: STATE.cs });
});

setup("运营老李 signs in, and the owner promotes him to manager", async ({ page, browser }) => {
  await signInAs(page, ACCOUNTS.manager);
  await expect(page.getByTestId("account-role")).toHaveText("客服");

  const owner = await browser.newContext({ storageState: STATE.owner });
  const ownerPage = await owner.newPage();
  await ownerPage.goto("/settings");
  const row = ownerPage.getByTestId(`member-${ACCOUNTS.manager}`);
  await expect(row).toContainText("客服");
  await ownerPage.getByTestId(`role-${ACCOUNTS.manager}`).selectOption("MANAGER");
  await expect(row).toContainText("经理");
  await owner.close();

  await page.reload();
  await expect(page.getByTestId("account-role")).toHaveText("经理");
  await page.context().storageState({ path: STATE.manager });
});

setup("another shop's owner connects a second shop", async ({ page }) => {
  await signInAs(page, ACCOUNTS.otherOwner);
  await expect(page.getByTestId("current-shop")).toContainText(ACCOUNTS.otherOwner);
  await page.context().storageState({ path: STATE.otherOwner });
});
