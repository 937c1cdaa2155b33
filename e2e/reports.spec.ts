/**
 * 报表 (issue 8) on the e2e sandbox shop (2000 orders, seed 7) after the sync: with the sandbox
 * clock frozen and the cache equal to the platform (digest = truth), the KPI cards and the chart
 * tables show exactly the figures this test computes from the platform's own trades (fetched
 * through the TOP gateway, days taken from the GMT+8 time strings, money by string arithmetic).
 * The server runs in UTC and the browser in Los Angeles, so every bucket proves Asia/Shanghai.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import AxeBuilder from "@axe-core/playwright";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { ACCEPTED_TYPE_VALUES } from "../sandbox/model";
import { authorizeViaHttp, topCall } from "../sandbox/testing";
import { parseCsv } from "../test/csv";
import { freezeQuietly, sandboxClock } from "./fixtures/data";
import { ACCOUNTS, E2E_DB_FILE, SANDBOX_URL, STATE } from "./fixtures/env";

const run = promisify(execFile);
const TYPES = [...ACCEPTED_TYPE_VALUES].join(",");

interface Line {
  num: number;
  payment: string;
  refund_status?: string;
  end_time?: string;
  num_iid: number | string;
  title?: string;
}
interface Trade {
  tid_str: string;
  status: string;
  created: string;
  pay_time?: string;
  consign_time?: string;
  end_time?: string;
  payment: string;
  buyer_open_uid?: string;
  receiver_state?: string;
  orders?: { order?: Line[] };
}

/** "199.9" → 19990 fen, by string arithmetic. */
const fen = (yuan: string): bigint => {
  const [w, f = ""] = yuan.split(".");
  return BigInt(w!) * 100n + BigInt((f + "00").slice(0, 2));
};
const cny = (v: bigint): string => {
  const neg = v < 0n;
  const a = neg ? -v : v;
  return `${neg ? "-" : ""}¥${(a / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${(a % 100n).toString().padStart(2, "0")}`;
};
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** Today in Asia/Shanghai, by offset arithmetic (no DST there). */
const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** 123456n fen → "1234.56": how the exports write yuan. */
const yuan = (v: bigint): string => cny(v).replace(/[¥,]/g, "");

let trades: Trade[] = [];
/** The first creation day the backfill stored (lib/reports/coverage.ts), read from the app's database. */
let createdFrom = "";
/** Pay-time reports are complete three days later. */
const paidFrom = () => addDays(createdFrom, 3);

async function call(session: string, now: number, method: string, params: Record<string, string>) {
  const r = await topCall(`${SANDBOX_URL}/router/rest`, { method, session, now, params, signMethod: "hmac-sha256" });
  const body = r.json!;
  if (body.error_response) throw new Error(`${method}: ${JSON.stringify(body.error_response)}`);
  return Object.values(body)[0] as { trades?: { trade?: Trade[] }; has_next?: boolean };
}

async function cacheDigest(): Promise<string> {
  const { stdout } = await run("npx", ["tsx", "--conditions=react-server", "scripts/digest.ts", "--shop", ACCOUNTS.owner], { env: { ...process.env, DATABASE_URL: `file:${E2E_DB_FILE}`, LOG_LEVEL: "silent" } });
  return (JSON.parse(stdout.trim().split("\n").pop()!) as { digest: string }).digest;
}

function expected(from: string, to: string) {
  const inP = (s: string | undefined) => s !== undefined && s.slice(0, 10) >= from && s.slice(0, 10) <= to;
  const paid = trades.filter((t) => inP(t.pay_time));
  const gmv = paid.reduce((s, t) => s + fen(t.payment), 0n);
  const buyers = new Set(paid.map((t) => t.buyer_open_uid)).size;
  let refund = 0n;
  for (const t of trades) for (const o of t.orders?.order ?? []) if (o.refund_status === "SUCCESS" && inP(o.end_time ?? t.end_time ?? t.pay_time ?? t.created)) refund += fen(o.payment);
  const byDay = new Map<string, { gmv: bigint; n: number }>();
  for (const t of paid) {
    const d = byDay.get(t.pay_time!.slice(0, 10)) ?? { gmv: 0n, n: 0 };
    d.gmv += fen(t.payment);
    d.n += 1;
    byDay.set(t.pay_time!.slice(0, 10), d);
  }
  const provinces = new Map<string, bigint>();
  for (const t of paid) provinces.set(t.receiver_state ?? "", (provinces.get(t.receiver_state ?? "") ?? 0n) + fen(t.payment));
  const hours = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const t of paid) {
    const weekday = (new Date(`${t.pay_time!.slice(0, 10)}T00:00:00Z`).getUTCDay() + 6) % 7;
    hours[weekday]![Number(t.pay_time!.slice(11, 13))]! += 1;
  }
  const status = new Map<string, number>();
  for (const t of trades) if (inP(t.created)) status.set(t.status, (status.get(t.status) ?? 0) + 1);
  return { gmv, paid: paid.length, buyers, refund, byDay, provinces, hours, status };
}

const pctChange = (cur: bigint, base: bigint): string => {
  if (base === 0n) return "—";
  // round((cur − base) / base × 100, 2), half away from zero
  const n = (cur - base) * 10_000n;
  let q = n / base;
  const rem = n % base;
  if ((rem < 0n ? -rem : rem) * 2n >= base) q += n < 0n ? -1n : 1n;
  const a = q < 0n ? -q : q;
  return `${q < 0n ? "-" : "+"}${a / 100n}.${(a % 100n).toString().padStart(2, "0")}%`;
};

async function kpiValue(page: Page, key: string): Promise<string> {
  return (await page.getByTestId(`kpi-${key}`).locator('[data-part="value"]').textContent())!.trim();
}

async function tableRows(page: Page, name: string): Promise<string[][]> {
  return page.getByTestId(`table-${name}`).locator("tbody tr").evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => (c.textContent ?? "").trim())));
}

test.describe("sales reports", () => {
  test.describe.configure({ mode: "serial" });

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    const token = (await authorizeViaHttp(SANDBOX_URL, { account: ACCOUNTS.owner })).access_token;
    // Freeze the platform at a moment with no change in the sync's lag window, so the cache can equal it.
    const clock = await freezeQuietly();
    // Every trade of the shop, as the platform has it now.
    const out: Trade[] = [];
    // Day by day over the last 92 days (creation never changes): no page shifts.
    for (let d = 0; d <= 92; d++) {
      const day = addDays(clock.now.slice(0, 10), -d);
      for (let page = 1; ; page++) {
        const r = await call(token, clock.epochMs, "taobao.trades.sold.get", {
          fields: "tid_str,status,created,pay_time,consign_time,end_time,payment,buyer_open_uid,receiver_state,orders",
          start_created: `${day} 00:00:00`,
          end_created: `${day} 23:59:59`,
          type: TYPES,
          page_no: String(page),
          page_size: "100",
          use_has_next: "true",
        }).catch((e: Error) => (/41|start_created/.test(e.message) ? null : Promise.reject(e)));
        if (!r) break;
        out.push(...(r.trades?.trade ?? []));
        if (!r.has_next) break;
      }
    }
    trades = out;
    const truth = (await (await fetch(`${SANDBOX_URL}/_sandbox/truth?shop=${encodeURIComponent(ACCOUNTS.owner)}`)).json()) as { trades: number; digest: string };
    expect(trades.length).toBe(truth.trades);
    // Wait until the app's cache equals the platform (the scheduler's next run, or the one we ask for).
    await expect.poll(cacheDigest, { timeout: 150_000, intervals: [3_000] }).toBe(truth.digest);
    const file = new Database(E2E_DB_FILE, { readonly: true, fileMustExist: true });
    try {
      const row = file.prepare(`SELECT MIN(d."day") AS "day" FROM "SyncBackfillDay" d JOIN "Shop" s ON s."id" = d."shopId" WHERE s."nick" = ? AND d."done" = 1`).get(ACCOUNTS.owner) as { day: string | null };
      createdFrom = row.day!;
    } finally {
      file.close();
    }
    expect(createdFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test.afterAll(async () => {
    await sandboxClock({ freeze: false });
  });

  test.describe("owner", () => {
    test.use({ storageState: STATE.owner });

    test("KPI cards and chart tables equal the figures computed from the platform's trades, to the fen", async ({ page }) => {
      const to = shanghaiToday();
      const from = addDays(to, -29);
      const e = expected(from, to);
      const prev = expected(addDays(from, -30), addDays(from, -1));
      expect(e.paid).toBeGreaterThan(50);
      await page.goto("/reports");
      await expect(page.getByRole("heading", { level: 1, name: "报表" })).toBeVisible();
      await expect(page.getByTestId("preset-last30")).toHaveAttribute("aria-checked", "true");
      expect(await kpiValue(page, "gmv")).toBe(cny(e.gmv));
      expect(await kpiValue(page, "paidTrades")).toBe(e.paid.toLocaleString("en-US"));
      expect(await kpiValue(page, "buyers")).toBe(e.buyers.toLocaleString("en-US"));
      const aov = (e.gmv * 2n + BigInt(e.buyers)) / (2n * BigInt(e.buyers));
      expect(await kpiValue(page, "aov")).toBe(cny(aov));
      expect(await kpiValue(page, "refundFen")).toBe(cny(e.refund));
      await expect(page.getByTestId("kpi-gmv-previous").locator('[data-part="pct"]')).toHaveText(pctChange(e.gmv, prev.gmv));
      await expect(page.getByTestId("kpi-gmv-previous").locator('[data-part="delta"]')).toHaveText(`(${e.gmv >= prev.gmv ? "+" : ""}${cny(e.gmv - prev.gmv)})`);
      // A year ago is before the sync start: no comparison (never "—" over a made-up ¥0.00).
      await expect(page.getByTestId("kpi-gmv-lastYear").locator('[data-part="pct"]')).toHaveText(`无可比数据（早于同步起点 ${paidFrom()}）`);
      await expect(page.getByTestId("coverage-note")).toHaveCount(0);
      await expect(page.getByTestId("compared-with")).toContainText(`${addDays(from, -30)} ~ ${addDays(from, -1)}`);

      // Trend by day: every Asia/Shanghai day of the period, with the previous period's same position.
      const trend = await tableRows(page, "trend");
      expect(trend).toHaveLength(30);
      for (const [i, row] of trend.entries()) {
        const day = addDays(from, i);
        const d = e.byDay.get(day) ?? { gmv: 0n, n: 0 };
        const p = prev.byDay.get(addDays(day, -30)) ?? { gmv: 0n, n: 0 };
        expect(row).toEqual([day, cny(d.gmv), String(d.n), addDays(day, -30), cny(p.gmv), String(p.n)]);
      }
      // Provinces, sorted by GMV.
      const provinces = await tableRows(page, "provinces");
      const sorted = [...e.provinces].sort(([ka, a], [kb, b]) => (b > a ? 1 : b < a ? -1 : ka < kb ? -1 : 1));
      expect(provinces.map((r) => [r[1], r[2]])).toEqual(sorted.map(([k, v]) => [k || "未知地区", cny(v)]));
      // Hour × weekday.
      const hours = await tableRows(page, "hours");
      expect(hours.map((r) => r.slice(1, 25).map(Number))).toEqual(e.hours);
      // Status of the trades created in the period.
      const status = await tableRows(page, "status");
      expect(status.reduce((s, r) => s + Number(r[1]), 0)).toBe([...e.status.values()].reduce((s, n) => s + n, 0));
    });

    test("period switching, custom range and granularity change the figures, and the URL holds them", async ({ page }) => {
      const to = shanghaiToday();
      await page.goto("/reports");
      await page.getByTestId("preset-last7").click();
      await expect(page).toHaveURL(/preset=last7/);
      const e7 = expected(addDays(to, -6), to);
      await expect(page.getByTestId("kpi-gmv").locator('[data-part="value"]')).toHaveText(cny(e7.gmv));
      await expect(page.getByTestId("table-trend").locator("tbody tr")).toHaveCount(7);

      await page.getByTestId("preset-yesterday").click();
      await expect(page).toHaveURL(/preset=yesterday/);
      const y = expected(addDays(to, -1), addDays(to, -1));
      await expect(page.getByTestId("kpi-paidTrades").locator('[data-part="value"]')).toHaveText(y.paid.toLocaleString("en-US"));

      // Weeks start on Monday (Asia/Shanghai) and are cut at the period's ends.
      await page.goto("/reports?preset=last30&granularity=week");
      await expect(page.getByTestId("granularity")).toHaveValue("week");
      const from = addDays(to, -29);
      const rows = await tableRows(page, "trend");
      const weeks: { from: string; to: string }[] = [];
      for (let d = from; d <= to; d = addDays(d, 1)) {
        const monday = new Date(`${d}T00:00:00Z`).getUTCDay() === 1;
        if (weeks.length === 0 || monday) weeks.push({ from: d, to: d });
        else weeks[weeks.length - 1]!.to = d;
      }
      expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual(
        weeks.map((w) => {
          const x = expected(w.from, w.to);
          // A week of one day (a Monday today, or a Sunday at the start) is labelled by that day alone.
          return [w.from === w.to ? w.from : `${w.from} ~ ${w.to}`, cny(x.gmv), String(x.paid)];
        }),
      );
      await page.getByTestId("granularity").selectOption("month");
      await expect(page).toHaveURL(/granularity=month/);
      await expect(page.getByTestId("table-trend").locator("tbody tr")).toHaveCount(from.slice(0, 7) === to.slice(0, 7) ? 1 : 2);

      // A custom range through the URL, and a bad one answered with a message, not an error page.
      const cf = addDays(to, -20);
      const ct = addDays(to, -10);
      await page.goto(`/reports?preset=custom&from=${cf}&to=${ct}`);
      await expect(page.getByTestId("kpi-gmv").locator('[data-part="value"]')).toHaveText(cny(expected(cf, ct).gmv));
      const bad = await page.goto("/reports?preset=custom&from=2026-13-01&to=2026-11-01");
      expect(bad?.status()).toBe(200);
      await expect(page.getByTestId("report-error")).toContainText("日期格式无效");
      await page.goto("/reports?preset=weekly");
      await expect(page.getByTestId("report-error")).toContainText("时间范围无效");
    });

    test("exports a report as CSV with a BOM and as XLSX, with the page's numbers", async ({ page }) => {
      const to = shanghaiToday();
      const from = addDays(to, -6);
      const res = await page.request.get("/api/reports/export?report=trend&format=csv&preset=last7");
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toContain("text/csv");
      const buf = await res.body();
      expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = buf.subarray(3).toString("utf8");
      // Minimal CSV parsing: quoted fields may hold commas (¥1,234.00).
      const lines = text.trim().split("\r\n").map((l) => [...l.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, "").replace(/""/g, '"')).slice(0, -1));
      // Amounts are numbers, the currency is in the header (as the orders export).
      expect(lines[0]).toEqual(["时间", "支付金额（元）", "支付订单数", "对比期", "对比期支付金额（元）", "对比期支付订单数"]);
      expect(lines).toHaveLength(8);
      for (let i = 0; i < 7; i++) {
        const day = addDays(from, i);
        const x = expected(day, day);
        expect(lines[i + 1]!.slice(0, 3)).toEqual([day, yuan(x.gmv), String(x.paid)]);
      }
      const xlsx = await page.request.get("/api/reports/export?report=provinces&format=xlsx&preset=last7");
      expect(xlsx.status()).toBe(200);
      expect([...(await xlsx.body()).subarray(0, 2)]).toEqual([0x50, 0x4b]); // a zip
      const badFormat = await page.request.get("/api/reports/export?report=nope&format=csv");
      expect(badFormat.status()).toBe(400);
    });

    test("never makes up a comparison: 近90天, last year and custom ranges before the sync start say where the data starts", async ({ page }) => {
      const to = shanghaiToday();
      const noBase = `无可比数据（早于同步起点 ${paidFrom()}）`;
      await page.goto("/reports?preset=last90");
      const from = addDays(to, -89);
      for (const key of ["gmv", "paidTrades", "refundRate"]) {
        await expect(page.getByTestId(`kpi-${key}-previous`).locator('[data-part="pct"]')).toHaveText(noBase);
        await expect(page.getByTestId(`kpi-${key}-lastYear`).locator('[data-part="pct"]')).toHaveText(noBase);
      }
      expect(await kpiValue(page, "gmv")).toBe(cny(expected(from, to).gmv));
      // Pay days before paidFrom may miss trades created before the backfill's first day: marked, not hidden.
      if (from < paidFrom()) await expect(page.getByTestId("coverage-note")).toContainText(`本期部分早于同步起点 ${paidFrom()}`);
      else await expect(page.getByTestId("coverage-note")).toHaveCount(0);
      // The trend's compared buckets before the sync start are unknown, never ¥0.00.
      const trend = await tableRows(page, "trend");
      expect(trend).toHaveLength(90);
      expect(trend.every((r) => r[4] === noBase && r[5] === noBase)).toBe(true);

      // The KPI export: numbers, and empty cells where nothing is known.
      const res = await page.request.get("/api/reports/export?report=kpis&format=csv&preset=last90");
      const rows = parseCsv((await res.body()).subarray(3).toString("utf8"));
      const gmv = rows.find((r) => r[0] === "支付金额（元）")!;
      expect(gmv[1]).toBe(yuan(expected(from, to).gmv));
      expect(gmv.slice(2)).toEqual(["", "", "", "", "", ""]);

      // A custom range from 2025-01-01: the totals are the cache's, marked as partly covered.
      await page.goto(`/reports?preset=custom&from=2025-01-01&to=${to}`);
      await expect(page.getByTestId("coverage-note")).toContainText(`本期部分早于同步起点 ${paidFrom()}：${paidFrom()} 之前的数字不完整（偏低）。`);
      expect(await kpiValue(page, "gmv")).toBe(cny(expected("2025-01-01", to).gmv));
      // Entirely before it: no figure at all.
      await page.goto("/reports?preset=custom&from=2025-01-01&to=2025-03-01");
      await expect(page.getByTestId("coverage-note")).toContainText(`本期早于同步起点 ${paidFrom()}`);
      expect(await kpiValue(page, "gmv")).toBe(`无数据（早于同步起点 ${paidFrom()}）`);
      const csv = parseCsv((await (await page.request.get("/api/reports/export?report=trend&format=csv&preset=custom&from=2025-01-01&to=2025-03-01")).body()).subarray(3).toString("utf8"));
      expect(csv.slice(1, 60).every((r) => r[1] === "" && r[2] === "")).toBe(true);
      expect(csv.at(-1)![0]).toContain(`本期早于同步起点 ${paidFrom()}`);
    });

    test("今天 is compared with yesterday up to the same minute, and says so", async ({ page }) => {
      const today = shanghaiToday();
      const yesterday = addDays(today, -1);
      await page.goto("/reports?preset=today");
      await expect(page.getByTestId("kpi-gmv-previous")).toContainText("较昨日同时段");
      await expect(page.getByTestId("kpi-gmv-lastYear")).toContainText("较去年同日同时段");
      const compared = (await page.getByTestId("compared-with").textContent())!;
      const until = /截至 (\d{2}):(\d{2})/.exec(compared)!;
      expect(compared).toContain(`对比：昨日 ${yesterday}`);
      // The cut is now − 24 h to the second; the page shows its minute, so yesterday's count lies between the counts at that minute's start and end.
      const paidBefore = (hhmm: number) => trades.filter((t) => t.pay_time?.slice(0, 10) === yesterday && Number(t.pay_time.slice(11, 13)) * 60 + Number(t.pay_time.slice(14, 16)) < hhmm).length;
      const minute = Number(until[1]) * 60 + Number(until[2]);
      const rows = await tableRows(page, "kpis");
      const prev = Number(rows[1]![2]!.replace(/,/g, ""));
      expect(prev).toBeGreaterThanOrEqual(paidBefore(minute));
      expect(prev).toBeLessThanOrEqual(paidBefore(minute + 1));
      expect(await kpiValue(page, "paidTrades")).toBe(expected(today, today).paid.toLocaleString("en-US"));
    });

    test("product names are readable (ellipsis, full name on hover and focus) and every product has a row with its SKUs", async ({ page }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto("/reports");
      const labels = page.getByTestId("report-productsGmv").locator('[data-part="label"]');
      expect(await labels.count()).toBeGreaterThan(0);
      const cut = await labels.evaluateAll((els) => els.findIndex((el) => el.scrollWidth > el.clientWidth));
      expect(cut, "a long name is cut at 390 px").toBeGreaterThanOrEqual(0);
      const label = labels.nth(cut);
      const full = (await label.textContent())!;
      await expect(label).toHaveAttribute("title", full);
      await label.focus();
      expect(await label.evaluate((el) => el.scrollWidth <= el.clientWidth && getComputedStyle(el).whiteSpace === "normal")).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // Every bar's amount stays inside its card, however long.
      const outside = await page.locator('[data-bar-list] [data-part="value"]').evaluateAll((els) => els.filter((el) => el.getBoundingClientRect().right > el.closest('[data-testid^="report-"]')!.getBoundingClientRect().right - 1).map((el) => el.textContent));
      expect(outside).toEqual([]);

      const table = page.getByTestId("table-productsAll");
      const pageText = (await page.getByTestId("products-page").textContent())!;
      const [, pageNo, pages, total] = /第 (\d+) \/ (\d+) 页，共 (\d+) 个商品/.exec(pageText)!.map(Number);
      expect(pageNo).toBe(1);
      await expect(table.locator('tr[data-row="product"]')).toHaveCount(Math.min(20, total!));
      expect(await table.locator('tr[data-row="sku"]').count()).toBeGreaterThan(0);
      // Every product of the period, by GMV: the products' GMV adds up to the KPI's.
      const csv = parseCsv((await (await page.request.get("/api/reports/export?report=productsAll&format=csv&preset=last30")).body()).subarray(3).toString("utf8"));
      expect(csv[0]).toEqual(["排名", "商品", "规格（SKU）", "支付金额（元）", "销量（件）", "子订单数", "商品ID", "SKU ID"]);
      const products = csv.slice(1).filter((r) => r[0] !== "");
      expect(products).toHaveLength(total!);
      const to = shanghaiToday();
      let lineGmv = 0n;
      for (const t of trades) if (t.pay_time && t.pay_time.slice(0, 10) >= addDays(to, -29) && t.pay_time.slice(0, 10) <= to) for (const o of t.orders?.order ?? []) lineGmv += fen(o.payment);
      expect(products.reduce((sum, r) => sum + fen(r[3]!), 0n)).toBe(lineGmv);
      if (pages! > 1) {
        await page.getByTestId("products-next").click();
        await expect(page).toHaveURL(/productsPage=2/);
        await expect(table.locator('tr[data-row="product"]').first().locator("td").first()).toHaveText("21");
      }
    });

    test("in English: no comparable data, the same-time comparison, and the currency in the export's header", async ({ page, context, baseURL }) => {
      await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
      await page.goto("/reports?preset=last90");
      await expect(page.getByTestId("kpi-gmv-previous").locator('[data-part="pct"]')).toHaveText(`No comparable data (before the sync start, ${paidFrom()})`);
      await page.goto("/reports?preset=custom&from=2025-01-01&to=2025-03-01");
      await expect(page.getByTestId("coverage-note")).toContainText(`This period is before the sync start (${paidFrom()})`);
      await page.goto("/reports?preset=today");
      await expect(page.getByTestId("kpi-gmv-previous")).toContainText("vs. yesterday, same time");
      await expect(page.getByTestId("compared-with")).toContainText("(until ");
      await page.goto("/reports");
      await expect(page.getByTestId("report-productsAll")).toContainText("All products by GMV, with SKUs");
      const csv = parseCsv((await (await page.request.get("/api/reports/export?report=trend&format=csv&preset=last7")).body()).subarray(3).toString("utf8"));
      expect(csv[0]!.slice(0, 3)).toEqual(["Period", "GMV (CNY)", "Paid orders"]);
    });

    test("the pages touched have no serious or critical violation and no horizontal scroll at 390 px", async ({ page }) => {
      test.setTimeout(300_000);
      for (const url of ["/reports?preset=last90", "/reports?preset=today", "/reports?preset=custom&from=2025-01-01&to=2025-03-01"]) {
        for (const width of [1280, 390]) {
          await page.setViewportSize({ width, height: 844 });
          await page.goto(url);
          const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
          const bad = r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
          expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), `${url} ${width}`).toEqual([]);
          if (width === 390) expect(await page.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(390);
        }
      }
    });

    test("has no serious or critical accessibility violation, in light and dark", async ({ page }) => {
      await page.goto("/reports");
      await page.locator("details[data-report-table]").first().evaluate((d) => ((d as HTMLDetailsElement).open = true));
      for (const scheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        const r = await new AxeBuilder({ page }).analyze();
        const bad = r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(" ")} ${n.html.slice(0, 80)}`).join(", ")}`), scheme).toEqual([]);
      }
    });
  });

  test.describe("customer service", () => {
    test.use({ storageState: STATE.cs });

    test("is refused: 403 on the page and on every data and export endpoint", async ({ page }) => {
      const res = await page.goto("/reports");
      expect(res?.status()).toBe(403);
      for (const path of ["/api/reports/kpis?preset=last7", "/api/reports/trend", "/api/reports/export?report=kpis&format=csv", "/api/reports/export?report=hours&format=xlsx"]) {
        const r = await page.request.get(path);
        expect(r.status(), path).toBe(403);
        expect(await r.text()).toContain('"code":"forbidden"');
      }
    });
  });
});
