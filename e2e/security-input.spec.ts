/**
 * Issue 18, items 4, 7 and 10, against the production build (HTTP and browser):
 * - platform errors inside server actions are read right although the build holds several copies
 *   of lib/top: a revoked grant makes 刷新 and 查看 refresh the token once and show the
 *   re-authorise prompt and banner; two concurrent ships of one order give one shipment and one
 *   translated refusal;
 * - bad input answers 4xx with a translated message (pages: an in-page notice), never a 500: a NUL
 *   in the search, impossible report dates, malformed server-action bodies, a foreign Origin, a
 *   malformed /api/sync/run body, half an emoji in a memo;
 * - a fast-check fuzz of every route handler's query and body, the pages' queries and every server
 *   action's input: no 5xx, and /api/health stays healthy.
 *
 * Server actions are called as the browser calls them: a POST with the `Next-Action` id (read
 * from the build's server-reference manifest) and React's own reply encoding (encodeReply).
 * The fuzz is bounded (E2E_FUZZ_RUNS, default 100 cases per route handler, 50 per page and per
 * action: about 1,600 requests, ~30 s here) and seeded (E2E_FUZZ_SEED, default 1807); the
 * manager's session drives it (it may export, read reports and run syncs) and made-up member ids
 * keep it from changing the real members; next-auth's routes are fuzzed signed out.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import fc from "fast-check";
import { actionInput, hostileString, mostly, queryString, rawParams } from "../test/fuzz";
import { firstSyncDone, query } from "./fixtures/data";
import { ACCOUNTS, APP_URL, SANDBOX_URL, STATE } from "./fixtures/env";

const ROOT = path.join(import.meta.dirname, "..");
const INTERNAL = "服务器出错了，请稍后再试。";
const REAUTH = "店铺授权已失效，请店主重新授权后再试。";

// ---------------------------------------------------------------------------------------------
// Server actions over HTTP

type Manifest = Record<string, { exportedName?: string; filename?: string; workers: Record<string, unknown> }>;
let manifest: Manifest | undefined;

/** The build's id of an exported server action (the build's server-reference manifest). */
function actionId(name: string): string {
  manifest ??= (JSON.parse(readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as { node: Manifest }).node;
  const found = Object.entries(manifest).filter(([, v]) => v.exportedName === name);
  expect(found, `one server action named ${name}`).toHaveLength(1);
  return found[0]![0];
}

/** React's own client encoding of action arguments, as the browser sends them. */
const { encodeReply } = (await import("next/dist/compiled/react-server-dom-turbopack/client.node.js" as string)) as {
  encodeReply: (v: unknown) => Promise<string | FormData>;
};

function postAction(req: APIRequestContext, pagePath: string, id: string, body: string, headers: Record<string, string> = {}): Promise<APIResponse> {
  return req.post(pagePath, {
    headers: { "Next-Action": id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: APP_URL, ...headers },
    data: body,
    maxRedirects: 0,
  });
}

/** The action's return value from the flight response: row 0 names the row (`"a":"$@1"`) that holds it. */
function actionResult(text: string): { ok: boolean; data?: unknown; error?: { code: string; message: string; fields?: Record<string, string[]> } } {
  const rows = new Map<string, string>();
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) rows.set(line.slice(0, colon), line.slice(colon + 1));
  }
  const ref = (JSON.parse(rows.get("0") ?? "{}") as { a?: string }).a ?? "";
  const row = rows.get(ref.replace(/^\$@/, ""));
  if (!row) throw new Error(`no action result in ${text.slice(0, 300)}`);
  return JSON.parse(row) as ReturnType<typeof actionResult>;
}

async function callAction(req: APIRequestContext, pagePath: string, name: string, input: unknown) {
  const res = await postAction(req, pagePath, actionId(name), (await encodeReply([input])) as string);
  expect(res.status(), await res.text()).toBe(200);
  return actionResult(await res.text());
}

// ---------------------------------------------------------------------------------------------
// Trades

interface CachedTrade {
  tid: string;
  status: string;
}
const shopTrades = (nick: string, status: string) =>
  query<CachedTrade>(`SELECT t."tid", t."status" FROM "Trade" t JOIN "Shop" s ON s."id" = t."shopId" WHERE s."nick" = ? AND t."status" = ? AND t."oaid" IS NOT NULL ORDER BY t."created" DESC LIMIT 50`, nick, status);

/** A trade of the status that the sandbox has and the cache holds with the same status. */
async function cachedWithStatus(req: APIRequestContext, nick: string, status: string): Promise<string> {
  let tid: string | undefined;
  await expect
    .poll(
      async () => {
        const { trades } = (await (await req.get(`${SANDBOX_URL}/_sandbox/trades?shop=${encodeURIComponent(nick)}&status=${status}&limit=100`)).json()) as { trades: { tid: string }[] };
        const cached = new Set(shopTrades(nick, status).map((t) => t.tid));
        tid = trades.map((t) => t.tid).find((t) => cached.has(t));
        return tid ?? null;
      },
      { timeout: 120_000, intervals: [2_000] },
    )
    .not.toBeNull();
  return tid!;
}

const shopRow = (nick: string) => query<{ status: string; reauthReason: string | null }>(`SELECT "status", "reauthReason" FROM "Shop" WHERE "nick" = ?`, nick)[0];

/** The owner re-authorises through the banner, as reauth.spec.ts does; the shop is connected again. */
async function reauthorise(page: Page, nick: string): Promise<void> {
  await page.getByTestId("reauth-banner").getByRole("button", { name: "重新授权" }).click();
  await page.waitForURL(/\/authorize\?/);
  await page.locator(`input[name=account][value="${nick}"]`).check();
  await page.getByRole("button", { name: "授权", exact: true }).click();
  await page.waitForURL(/\/sync$/);
  await expect(page.getByTestId("reauth-banner")).toHaveCount(0);
  expect(shopRow(nick)?.status).toBe("ACTIVE");
}

// ---------------------------------------------------------------------------------------------

test.describe("item 4: platform errors inside server actions", () => {
  test.describe("a revoked grant", () => {
    test.use({ storageState: STATE.otherOwner });

    test("刷新 and 查看 refresh the token once, then show the re-authorise prompt and banner (not 服务器出错了)", async ({ page, request }) => {
      test.setTimeout(180_000);
      const nick = ACCOUNTS.otherOwner;
      // The shop's first sync is over, so the grant's revocation meets the action, not a backfill.
      await firstSyncDone(page);
      const tid = await cachedWithStatus(request, nick, "WAIT_BUYER_CONFIRM_GOODS");

      for (const press of ["刷新", "查看"] as const) {
        await page.goto(`/orders/${tid}`);
        await expect(page.getByTestId("reauth-banner")).toHaveCount(0);
        expect(shopRow(nick)?.status).toBe("ACTIVE");
        expect((await request.post(`${SANDBOX_URL}/_sandbox/revoke`, { data: { nick } })).ok()).toBe(true);
        await (press === "刷新" ? page.getByTestId("order-refresh") : page.getByTestId("reveal-mobile")).click();
        await expect(page.getByText(REAUTH).first(), press).toBeVisible({ timeout: 20_000 });
        await expect(page.getByText(INTERNAL)).toHaveCount(0);
        // The banner shows at once: the page re-rendered with the shop's new status.
        await expect(page.getByTestId("reauth-banner")).toBeVisible();
        await expect(page.getByTestId("reauth-banner").getByRole("button", { name: "重新授权" })).toBeVisible();
        // The session error led to one refresh, which the platform refused (a shop flagged without a
        // refresh attempt would say session-rejected or no-token).
        expect(shopRow(nick)).toEqual({ status: "NEEDS_REAUTH", reauthReason: "refresh-rejected" });
        await reauthorise(page, nick);
      }
    });
  });

  test.describe("shipping", () => {
    test.use({ storageState: STATE.owner });

    test("two concurrent ships of one 待发货 order: one shipment, one translated refusal", async ({ page, request }) => {
      await firstSyncDone(page);
      const tid = await cachedWithStatus(request, ACCOUNTS.owner, "WAIT_SELLER_SEND_GOODS");
      const id = actionId("shipOrderAction");
      const body = (waybill: string) => JSON.stringify([{ tid, companyCode: "YTO", waybill }]);
      const stamp = String(Date.now()).slice(-9);
      const answers = await Promise.all([postAction(page.request, `/orders/${tid}`, id, body(`YT1${stamp}`)), postAction(page.request, `/orders/${tid}`, id, body(`YT2${stamp}`))]);
      for (const a of answers) expect(a.status(), await a.text()).toBe(200);
      const results = await Promise.all(answers.map(async (a) => actionResult(await a.text())));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const refused = results.find((r) => !r.ok);
      expect(refused?.error).toMatchObject({ code: "conflict", message: "这笔订单现在不能发货（只有待发货的订单可以发货）。" });
      await page.goto(`/orders/${tid}`);
      await expect(page.getByTestId("order-status")).toHaveText("卖家已发货，等待买家确认收货");
    });
  });
});

test.describe("items 7 and 10: bad input is a translated 4xx, never a 500", () => {
  test.use({ storageState: STATE.manager });

  test("a NUL byte in the search: the list shows a notice, the export answers 400", async ({ page }) => {
    const res = await page.goto("/orders?q=abc%00def");
    expect(res?.status()).toBe(200);
    await expect(page.getByTestId("filter-notices").locator('[data-notice="qChars"]')).toHaveText("搜索词里有无法搜索的字符（控制字符或残缺的表情符号）");
    const exp = await page.request.get("/api/orders/export?q=abc%00def&format=csv");
    expect(exp.status()).toBe(400);
    expect(await exp.json()).toMatchObject({ error: { code: "invalidInput", message: "输入有误，请检查后重试。" } });
  });

  test("impossible report dates: the page explains, the API answers 400", async ({ page }) => {
    for (const [from, to, message] of [
      ["2026-11-01", "abc", "日期格式无效"],
      ["2026-02-30", "2026-03-01", "日期格式无效"],
      ["0001-01-01", "2026-01-01", "日期超出范围"],
    ] as const) {
      const q = `preset=custom&from=${from}&to=${to}`;
      const res = await page.goto(`/reports?${q}`);
      expect(res?.status(), q).toBe(200);
      await expect(page.getByTestId("report-error")).toContainText(message);
      for (const url of [`/api/reports/kpis?${q}`, `/api/reports/export?report=kpis&format=csv&${q}`]) {
        const r = await page.request.get(url);
        expect(r.status(), url).toBe(400);
        expect(JSON.stringify(await r.json())).toContain(message);
      }
    }
  });

  test("server-action bodies that are too large, empty, null, NaN or malformed, and foreign origins, are refused with a translated 4xx", async ({ page }) => {
    const id = actionId("setTheme");
    const cases: [string, string, Record<string, string>, number, string][] = [
      ["over 1 MB", `["${"x".repeat(1024 * 1024)}"]`, {}, 413, "请求内容太大（最多 1 MB）。"],
      ["empty", "", {}, 400, "请求内容无法识别。"],
      ["null", "null", {}, 400, "请求内容无法识别。"],
      ["NaN", "NaN", {}, 400, "请求内容无法识别。"],
      ["malformed", '[{"a":', {}, 400, "请求内容无法识别。"],
      ["a reference to nothing", '["$Q1"]', {}, 400, "请求内容无法识别。"],
      ["multipart", "--x\r\n\r\n--x--", { "Content-Type": "multipart/form-data; boundary=x" }, 415, "不支持这种请求格式。"],
      ["another site", '["dark"]', { Origin: "https://evil.example" }, 403, "请求来自其他网站，已拒绝。"],
      ["Origin: null", '["dark"]', { Origin: "null" }, 403, "请求来自其他网站，已拒绝。"],
      ["an unparseable Origin", '["dark"]', { Origin: "::::" }, 403, "请求来自其他网站，已拒绝。"],
    ];
    for (const [name, body, headers, status, message] of cases) {
      const res = await postAction(page.request, "/orders", id, body, headers);
      expect(res.status(), name).toBe(status);
      expect(await res.json(), name).toEqual({ error: { code: status === 403 ? "forbidden" : "invalidInput", message } });
    }
    // The sign-in page runs actions too (the language switch), and next-auth's middleware skips it.
    const login = await postAction(page.request, "/login", actionId("setLocale"), "NaN");
    expect(login.status()).toBe(400);
    expect(await login.json()).toEqual({ error: { code: "invalidInput", message: "请求内容无法识别。" } });
    const en = await postAction(page.request, "/orders", id, "null", { "Accept-Language": "en-US,en;q=0.9" });
    expect(await en.json()).toEqual({ error: { code: "invalidInput", message: "The request could not be read." } });
    // A form POST to a page without an action (Next used to try to decode it as one).
    const form = await page.request.post("/orders", { headers: { "Content-Type": "multipart/form-data; boundary=x" }, data: "garbage", maxRedirects: 0 });
    expect(form.status()).toBe(405);
    // The real thing still works.
    expect(await callAction(page.request, "/orders", "setTheme", "dark")).toEqual({ ok: true });
    expect((await page.request.get("/api/health")).status()).toBe(200);
  });

  test("the sign-in page and next-auth answer odd input without a 500", async ({ playwright }) => {
    const anonymous = await playwright.request.newContext({ baseURL: APP_URL });
    const login = await anonymous.get("/login?error=OAuthCallback&error=x");
    expect(login.status()).toBe(200);
    expect(await login.text()).toContain("登录失败");
    for (const callbackUrl of ["\u{10aa3d}", "abc\u0000def", "::::"]) {
      // next-auth answered these with 500 ("a problem with the server configuration").
      const session = await anonymous.get(`/api/auth/session?${new URLSearchParams({ callbackUrl })}`);
      expect(session.status(), callbackUrl).toBe(400);
      expect(await session.json()).toEqual({ error: { code: "invalidInput", message: "登录后要打开的地址无效。" } });
      const signIn = await anonymous.post("/api/auth/signin/taobao", { form: { callbackUrl, csrfToken: "x" }, maxRedirects: 0 });
      expect(signIn.status(), callbackUrl).toBeLessThan(500);
    }
    await anonymous.dispose();
  });

  test("POST /api/sync/run validates its body", async ({ page }) => {
    for (const body of ["{", "null", "[]", '{"shop":"another"}']) {
      const r = await page.request.post("/api/sync/run", { headers: { "Content-Type": "application/json" }, data: body });
      expect(r.status(), body).toBe(400);
      expect(await r.json(), body).toMatchObject({ error: { code: "invalidInput", message: "输入有误，请检查后重试。" } });
    }
    const text = await page.request.post("/api/sync/run", { headers: { "Content-Type": "text/plain" }, data: "{}" });
    expect(text.status()).toBe(415);
    expect(await text.json()).toEqual({ error: { code: "invalidInput", message: "不支持这种请求格式。" } });
    expect((await page.request.post("/api/sync/run", { data: {} })).status()).toBe(200);
  });

  test("half an emoji in a memo is refused with a message, in the browser and by the server", async ({ page, request }) => {
    await firstSyncDone(page);
    const tid = await cachedWithStatus(request, ACCOUNTS.owner, "WAIT_BUYER_CONFIRM_GOODS");
    const message = "备注里有残缺的字符（半个表情或符号），请删除后重试。";
    await page.goto(`/orders/${tid}`);
    const memoAction = actionId("updateMemoAction");
    const sent: string[] = [];
    page.on("request", (r) => {
      if (r.headers()["next-action"] === memoAction) sent.push(r.url());
    });
    // Typing first: once 保存备注 reacts, the page is hydrated. A lone surrogate cannot cross the
    // DevTools protocol intact, so the page appends it itself.
    await page.getByTestId("memo-input").fill("好评返现");
    await expect(page.getByTestId("memo-save")).toBeEnabled();
    await page.getByTestId("memo-input").evaluate((el: HTMLTextAreaElement) => {
      const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")!.set!;
      set.call(el, `${el.value}${String.fromCharCode(0xd83d)}`);
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await page.getByTestId("memo-save").click();
    await expect(page.getByTestId("order-memo").getByText(message)).toBeVisible();
    expect(sent, "the browser refuses before asking the server").toEqual([]);
    const server = await postAction(page.request, `/orders/${tid}`, memoAction, `[{"tid":"${tid}","memo":"好评返现\\ud83d"}]`);
    expect(actionResult(await server.text())).toMatchObject({ ok: false, error: { code: "invalidInput", message } });
  });
});

// ---------------------------------------------------------------------------------------------
// The fuzz suite

const RUNS = Number(process.env.E2E_FUZZ_RUNS ?? 100);
const SEED = Number(process.env.E2E_FUZZ_SEED ?? 1807);

const ORDER_FIELDS = {
  tab: ["all", "waitPay", "waitShip", "shipped", "refunding", "finished", "closed"],
  q: ["梳子", "t**", "YT1234567890", "3796207345637527441", "13800000000", "猫粮"],
  df: ["created", "paid"],
  range: ["today", "yesterday", "last7", "last30", "last3Months", "custom"],
  from: ["2026-11-01"],
  to: ["2026-11-28"],
  refund: ["WAIT_SELLER_AGREE", "SUCCESS", "CLOSED"],
  flag: ["0", "1", "5"],
  msg: ["true", "false"],
  type: ["fixed", "step"],
  ship: ["express", "free"],
  prov: ["浙江省", "广东省"],
  min: ["10", "99.9"],
  max: ["300"],
  ids: ["3796207345637527441"],
  phone: ["138****5678"],
  sort: ["created", "paid", "payment", "modified"],
  dir: ["asc", "desc"],
  page: ["1", "2", "500"],
  size: ["20", "50", "100"],
};
const REPORT_FIELDS = { preset: ["today", "last7", "last30", "thisMonth", "custom"], from: ["2026-10-01", "2026-11-01"], to: ["2026-11-28"], granularity: ["day", "week", "month"], shop: ["all"] };
const TABLES = ["kpis", "trend", "refunds", "status", "productsGmv", "productsQty", "provinces", "hours", "shipping"];

interface Target {
  name: string;
  /** Who asks: the manager (most routes and actions), or nobody. */
  as: "manager" | "anonymous";
  runs: number;
  send: fc.Arbitrary<(req: APIRequestContext) => Promise<APIResponse>>;
}

/** What the last raw request sent (for the failure report: a URL does not show a body). */
let sentLast = "";
const get = (url: string) => (req: APIRequestContext) => req.get(url, { maxRedirects: 0 });
/** A path segment for any string (encodeURIComponent throws on a lone surrogate; this encodes it as U+FFFD). */
const segment = (s: string) => new URLSearchParams({ s }).toString().slice(2);
const anyPath = fc.oneof(hostileString, fc.constantFrom("session", "csrf", "providers", "signin", "signin/taobao", "callback/taobao", "signout", "error", "_log"));

function actionTargets(): Target[] {
  const tid = mostly(["3796207345637527441", "1", "0"]);
  const specs: [string, string, fc.Arbitrary<unknown>][] = [
    ["updateMemoAction", "/orders/3796207345637527441", actionInput({ tid, memo: mostly(["好评", "", "😀"]), flag: mostly([0, 5]), append: mostly([true]) })],
    ["refreshOrderAction", "/orders/3796207345637527441", actionInput({ tid })],
    ["ensureDetailAction", "/orders/3796207345637527441", actionInput({ tid })],
    ["revealReceiverAction", "/orders/3796207345637527441", actionInput({ tid, field: mostly(["name", "mobile", "address"]) })],
    ["shipOrderAction", "/orders/3796207345637527441", actionInput({ tid, companyCode: mostly(["YTO", "SF"]), waybill: mostly(["YT4000000001"]), oids: mostly([["1"]]) })],
    ["carriersAction", "/orders/3796207345637527441", fc.oneof(fc.constant(undefined), actionInput({}))],
    ["parcelTracesAction", "/orders/3796207345637527441", actionInput({ tid, force: mostly([true, false]) })],
    ["bulkMemoAction", "/orders", actionInput({ tids: mostly([["3796207345637527441"], []]), flag: mostly([1]), memo: mostly(["批量"]) })],
    ["lookupByPhoneAction", "/orders", actionInput({ phone: mostly(["13800000000", "1380000000"]), range: mostly(["last7", null]) })],
    // Made-up member ids only: the fuzz must not change the real members' roles.
    ["changeRoleAction", "/settings", actionInput({ memberId: mostly(["cm0000000000000000000000", "x"]), role: mostly(["OWNER", "MANAGER", "CUSTOMER_SERVICE"]) })],
    ["removeMemberAction", "/settings", actionInput({ memberId: mostly(["cm0000000000000000000000"]) })],
    ["switchShopAction", "/orders", actionInput({ shopId: mostly(["cm0000000000000000000000"]) })],
    ["setLocale", "/orders", fc.oneof(fc.constant("zh-CN"), hostileString)],
    ["setTheme", "/orders", fc.oneof(fc.constant("dark"), hostileString)],
    ["setDensity", "/orders", fc.oneof(fc.constant("compact"), hostileString)],
  ];
  return specs.map(([name, pagePath, input]) => ({
    name: `action ${name}`,
    as: "manager" as const,
    runs: Math.ceil(RUNS / 2),
    send: input.map((x) => async (req: APIRequestContext) => {
      const body = await encodeReply([x]);
      return postAction(req, pagePath, actionId(name), typeof body === "string" ? body : "[]");
    }),
  }));
}

function targets(): Target[] {
  return [
    { name: "GET /api/orders/export", as: "manager", runs: RUNS, send: rawParams({ ...ORDER_FIELDS, format: ["csv", "xlsx"], per: ["line", "trade"] }).map((p) => get(`/api/orders/export?${queryString(p)}`)) },
    { name: "GET /api/reports/[report]", as: "manager", runs: RUNS, send: fc.tuple(mostly(TABLES), rawParams(REPORT_FIELDS)).map(([t, p]) => get(`/api/reports/${segment(String(t))}?${queryString(p)}`)) },
    { name: "GET /api/reports/export", as: "manager", runs: RUNS, send: rawParams({ ...REPORT_FIELDS, report: TABLES, format: ["csv", "xlsx"] }).map((p) => get(`/api/reports/export?${queryString(p)}`)) },
    {
      name: "POST /api/sync/run",
      as: "manager",
      runs: RUNS,
      send: fc.tuple(fc.oneof(hostileString, fc.json(), fc.constant("{}")), fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "", "multipart/form-data; boundary=x")).map(
        ([body, type]) => (req: APIRequestContext) => req.post("/api/sync/run", { headers: type ? { "Content-Type": type } : {}, data: body, maxRedirects: 0 }),
      ),
    },
    { name: "GET /api/sync/status", as: "manager", runs: Math.ceil(RUNS / 4), send: rawParams({}).map((p) => get(`/api/sync/status?${queryString(p)}`)) },
    { name: "GET /api/health", as: "anonymous", runs: Math.ceil(RUNS / 4), send: rawParams({}).map((p) => get(`/api/health?${queryString(p)}`)) },
    {
      name: "GET|POST /api/auth/*",
      as: "anonymous",
      runs: RUNS,
      send: fc.tuple(fc.constantFrom("GET", "POST"), anyPath, rawParams({ code: ["x"], state: ["y"], callbackUrl: ["/orders", "https://evil.example"], error: ["OAuthCallback"], csrfToken: ["x"] })).map(
        ([method, sub, p]) => (req: APIRequestContext) =>
          method === "GET"
            ? req.get(`/api/auth/${segment(sub).replace(/%2F/g, "/")}?${queryString(p)}`, { maxRedirects: 0 })
            : req.post(`/api/auth/${segment(sub).replace(/%2F/g, "/")}`, { form: Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)])), maxRedirects: 0 }),
      ),
    },
    { name: "GET /orders?…", as: "manager", runs: Math.ceil(RUNS / 2), send: rawParams(ORDER_FIELDS).map((p) => get(`/orders?${queryString(p)}`)) },
    { name: "GET /reports?…", as: "manager", runs: Math.ceil(RUNS / 2), send: rawParams(REPORT_FIELDS).map((p) => get(`/reports?${queryString(p)}`)) },
    { name: "GET /orders/[tid]", as: "manager", runs: Math.ceil(RUNS / 2), send: mostly(["3796207345637527441", "1", "%00"]).map((t) => get(`/orders/${segment(String(t))}`)) },
    { name: "GET /settings, /settings/audit, /sync ?…", as: "manager", runs: Math.ceil(RUNS / 4), send: fc.tuple(fc.constantFrom("/settings", "/settings/audit", "/sync"), rawParams({ page: ["1", "2"] })).map(([p, q]) => get(`${p}?${queryString(q)}`)) },
    { name: "GET /login?…", as: "anonymous", runs: Math.ceil(RUNS / 2), send: rawParams({ callbackUrl: ["/orders", "/\\evil.com", "https://evil.example"], error: ["ShopNotConnected", "OAuthCallback"] }).map((p) => get(`/login?${queryString(p)}`)) },
    ...actionTargets(),
    {
      name: "raw server-action requests (bodies, content types, origins)",
      as: "manager",
      runs: RUNS,
      send: fc
        .tuple(
          fc.constantFrom("updateMemoAction", "setLocale", "shipOrderAction"),
          fc.oneof(hostileString, fc.json(), fc.constantFrom("null", "NaN", "", "[", '["$1"]', '["$@0"]', '["$K1"]', '["$n9x"]', JSON.stringify(Array(1001).fill(0)), "[".repeat(3000) + "]".repeat(3000))),
          fc.constantFrom("text/plain;charset=UTF-8", "text/plain", "application/json", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", ""),
          fc.constantFrom(APP_URL, "https://evil.example", "null", "::::", undefined),
        )
        .map(([name, body, type, origin]) => (req: APIRequestContext) => {
          const headers: Record<string, string> = { "Content-Type": type, Origin: origin ?? "" };
          if (!type) delete headers["Content-Type"];
          if (origin === undefined) delete headers.Origin;
          sentLast = `${name} ${JSON.stringify(headers)} ${JSON.stringify(body.slice(0, 200))}`;
          return req.post(name === "setLocale" ? "/login" : "/orders/3796207345637527441", { headers: { "Next-Action": actionId(name), Accept: "text/x-component", ...headers }, data: body, maxRedirects: 0 });
        }),
    },
  ];
}

test.describe("fuzz: no 5xx, and the app stays healthy", () => {
  test("every route handler, page query and server action", async ({ browser }) => {
    test.setTimeout(600_000);
    const manager = await browser.newContext({ storageState: STATE.manager, baseURL: APP_URL });
    const anonymous = await playwrightRequest.newContext({ baseURL: APP_URL });
    const health = async (after: string) => {
      const h = await anonymous.get("/api/health");
      expect(h.status(), `GET /api/health after ${after}`).toBe(200);
      expect(await h.json()).toMatchObject({ ok: true });
    };
    const summary: { target: string; cases: number; ms: number; statuses: Record<number, number> }[] = [];
    /** Every 5xx, with what was sent: the run goes on so one pass finds them all. */
    const failures: string[] = [];
    try {
      for (const t of targets()) {
        const req = t.as === "manager" ? manager.request : anonymous;
        const statuses: Record<number, number> = {};
        const started = Date.now();
        let n = 0;
        await fc.assert(
          fc.asyncProperty(t.send, async (send) => {
            sentLast = "";
            const res = await send(req);
            const status = res.status();
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (status >= 500) failures.push(`${t.name}: ${status} ${res.url()} ${sentLast}\n${(await res.text()).slice(0, 300)}`);
            if (++n % 50 === 0) await health(`${t.name} #${n}`);
          }),
          { numRuns: t.runs, seed: SEED },
        );
        await health(t.name);
        summary.push({ target: t.name, cases: n, ms: Date.now() - started, statuses });
      }
      expect(failures, failures.join("\n\n")).toEqual([]);
    } finally {
      console.log(summary.map((s) => `${s.target}: ${s.cases} cases in ${(s.ms / 1000).toFixed(1)} s ${JSON.stringify(s.statuses)}`).join("\n"));
      console.log(`fuzz (seed ${SEED}): ${summary.reduce((a, s) => a + s.cases, 0)} requests in ${(summary.reduce((a, s) => a + s.ms, 0) / 1000).toFixed(1)} s`);
      await manager.close();
      await anonymous.dispose();
    }
  });
});
