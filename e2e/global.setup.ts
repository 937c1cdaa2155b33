/**
 * Signs in the shop's owner and two sub-accounts through the real consent page and saves each
 * session for the specs. New sub-accounts wait for the owner's approval (the default join
 * policy): the owner approves 客服小王, then lets sub-accounts join automatically, so 运营老李
 * joins as customer service and is promoted to manager (a role change ends his session, so he
 * signs in again). The second shop's owner lets its sub-accounts join automatically too.
 *
 * Saved sessions stay valid for the whole run as long as nothing signs these accounts out,
 * removes them or changes their roles: tests that do must use other accounts (e2e/security.spec.ts
 * uses 棉语家居旗舰店:客服小美).
 */
import { expect, test as setup, type Browser, type Page } from "@playwright/test";
import { ACCOUNTS, STATE } from "./fixtures/env";
import { signInAs } from "./fixtures/sign-in";

async function asOwner(browser: Browser, state: string, run: (page: Page) => Promise<void>): Promise<void> {
  const ctx = await browser.newContext({ storageState: state });
  const page = await ctx.newPage();
  await page.goto("/settings");
  await run(page);
  await ctx.close();
}

async function allowAutomaticJoin(page: Page): Promise<void> {
  const policy = page.getByTestId("join-policy");
  await policy.getByLabel(/自动加入为客服/).check();
  await expect(policy.getByRole("status")).toHaveText("已保存");
}

setup("the owner's first sign-in connects the shop", async ({ page }) => {
  await signInAs(page, ACCOUNTS.owner);
  await expect(page.getByTestId("current-shop")).toContainText("小米粒旗舰店");
  await expect(page.getByTestId("account-role")).toHaveText("店主");
  await page.goto("/settings");
  await expect(page.getByTestId("shop-status")).toHaveText("已连接");
  await page.context().storageState({ path: STATE.owner });
});

setup("客服小王 asks to join, the owner approves him as customer service, and he lands in the shop", async ({ page, browser }) => {
  await signInAs(page, ACCOUNTS.cs, /\/login\?error=MembershipPending/);
  await expect(page.getByRole("heading", { name: "等待店主批准" })).toBeVisible();

  await asOwner(browser, STATE.owner, async (ownerPage) => {
    await expect(ownerPage.getByTestId(`requests-${ACCOUNTS.cs}`)).toBeVisible();
    await ownerPage.getByTestId(`approve-role-${ACCOUNTS.cs}`).selectOption("CUSTOMER_SERVICE");
    await ownerPage.getByTestId(`approve-${ACCOUNTS.cs}`).click();
    await expect(ownerPage.getByTestId(`member-${ACCOUNTS.cs}`)).toContainText("客服");
  });

  await signInAs(page, ACCOUNTS.cs);
  await expect(page.getByTestId("current-shop")).toContainText("小米粒旗舰店");
  await expect(page.getByTestId("account-nick")).toHaveText(ACCOUNTS.cs);
  await expect(page.getByTestId("account-role")).toHaveText("客服");
  await page.context().storageState({ path: STATE.cs });
});

setup("with automatic joining, 运营老李 signs in as customer service, and the owner promotes him to manager", async ({ page, browser }) => {
  await asOwner(browser, STATE.owner, allowAutomaticJoin);
  await signInAs(page, ACCOUNTS.manager);
  await expect(page.getByTestId("account-role")).toHaveText("客服");

  await asOwner(browser, STATE.owner, async (ownerPage) => {
    const row = ownerPage.getByTestId(`member-${ACCOUNTS.manager}`);
    await expect(row).toContainText("客服");
    await ownerPage.getByTestId(`role-${ACCOUNTS.manager}`).selectOption("MANAGER");
    await expect(row).toContainText("经理");
  });

  // The role change ended his session: the next request signs him out, and he signs in again.
  await page.reload();
  await expect(page).toHaveURL(/\/login/);
  await signInAs(page, ACCOUNTS.manager);
  await expect(page.getByTestId("account-role")).toHaveText("经理");
  await page.context().storageState({ path: STATE.manager });
});

setup("another shop's owner connects a second shop and lets its sub-accounts join automatically", async ({ page, browser }) => {
  await signInAs(page, ACCOUNTS.otherOwner);
  await expect(page.getByTestId("current-shop")).toContainText(ACCOUNTS.otherOwner);
  await page.context().storageState({ path: STATE.otherOwner });
  await asOwner(browser, STATE.otherOwner, allowAutomaticJoin);
});
