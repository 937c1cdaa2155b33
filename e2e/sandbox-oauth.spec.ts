/**
 * The sandbox's OAuth consent page in Chromium: sign in as the owner and as a sub-account,
 * follow the redirect to a loopback callback served by this test, exchange the code for tokens
 * and use the token on the gateway. The sandbox runs in-process on a free port.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { DEFAULT_APP_KEY, DEFAULT_APP_SECRET, DEFAULT_SHOP_ACCOUNTS } from "../sandbox/defaults";
import { startSandbox, type Sandbox } from "../sandbox/server";
import { topCall } from "../sandbox/testing";

let sb: Sandbox;
let callback: Server;
let callbackUrl: string;
const hits: string[] = [];

test.beforeAll(async () => {
  sb = await startSandbox({ port: 0, orders: 400, admin: true });
  callback = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end("<!doctype html><html lang=\"zh-CN\"><title>回调</title><h1>已返回应用</h1></html>");
  });
  await new Promise<void>((resolve) => callback.listen(0, "127.0.0.1", resolve));
  callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/api/auth/callback/taobao`;
});

test.afterAll(async () => {
  await sb?.close();
  await new Promise<void>((resolve) => (callback ? callback.close(() => resolve()) : resolve()));
});

for (const account of ["小米粒旗舰店", "小米粒旗舰店:客服小王"]) {
  test(`signs in as ${account} and gets tokens`, async ({ page }) => {
    const state = `st-${Math.random().toString(36).slice(2)}`;
    const q = new URLSearchParams({ response_type: "code", client_id: DEFAULT_APP_KEY, redirect_uri: callbackUrl, state, view: "web" });
    await page.goto(`${sb.url}/authorize?${q}`);
    await expect(page).toHaveTitle("淘宝授权登录");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("授权");
    // Every account of every shop: main accounts, their sub-accounts and the cross-shop authorisations (跨店授权).
    const accounts = DEFAULT_SHOP_ACCOUNTS.reduce((n, shop) => n + 1 + shop.subAccounts.length + shop.authorisedSubAccounts.length, 0);
    await expect(page.getByRole("radio")).toHaveCount(accounts);

    await page.getByLabel(account, { exact: true }).check();
    await page.getByRole("button", { name: "授权", exact: true }).click();
    await page.waitForURL((u) => u.href.startsWith(callbackUrl));
    await expect(page.getByRole("heading", { name: "已返回应用" })).toBeVisible();

    const back = new URL(page.url());
    expect(back.searchParams.get("state")).toBe(state);
    const code = back.searchParams.get("code");
    expect(code).toMatch(/^[0-9a-f]{32}$/);
    expect(hits.some((h) => h.includes(`code=${code}`))).toBe(true);

    const res = await fetch(sb.tokenUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8" },
      body: new URLSearchParams({ grant_type: "authorization_code", code: code!, client_id: DEFAULT_APP_KEY, client_secret: DEFAULT_APP_SECRET, redirect_uri: callbackUrl }).toString(),
    });
    expect(res.status).toBe(200);
    const token = (await res.json()) as Record<string, string | number>;
    expect(token.token_type).toBe("Bearer");
    expect(decodeURIComponent(String(token.taobao_user_nick))).toBe("小米粒旗舰店");
    if (account.includes(":")) expect(decodeURIComponent(String(token.sub_taobao_user_nick))).toBe(account);
    else expect(token.sub_taobao_user_nick).toBeUndefined();

    const call = await topCall(sb.gatewayUrl, { method: "taobao.trades.sold.get", session: String(token.access_token), now: sb.clock.nowMs(), params: { fields: "tid,status", page_size: "1" } });
    expect(call.text).toContain("trades_sold_get_response");
  });
}

test("取消 returns to the app with access_denied", async ({ page }) => {
  const q = new URLSearchParams({ response_type: "code", client_id: DEFAULT_APP_KEY, redirect_uri: callbackUrl, state: "cancel" });
  await page.goto(`${sb.url}/authorize?${q}`);
  await page.getByRole("button", { name: "取消" }).click();
  await page.waitForURL((u) => u.href.startsWith(callbackUrl));
  const back = new URL(page.url());
  expect(back.searchParams.get("error")).toBe("access_denied");
  expect(back.searchParams.get("code")).toBeNull();
});

test("a redirect_uri outside the callback hosts gets an error page, not a redirect", async ({ page }) => {
  const q = new URLSearchParams({ response_type: "code", client_id: DEFAULT_APP_KEY, redirect_uri: "https://evil.example.com/cb", state: "x" });
  const response = await page.goto(`${sb.url}/authorize?${q}`);
  expect(response?.status()).toBe(400);
  await expect(page.getByRole("alert")).toContainText("redirect_uri");
});
