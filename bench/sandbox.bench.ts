/**
 * `npm run bench:sandbox` — the TOP sandbox's own benchmark (issue 4):
 *
 *   1. generation of N trades (default 1,000,000; `--orders N`): wall time and peak RSS
 *      (process.resourceUsage().maxRSS). Targets: < 90 s, < 3 GiB.
 *   2. serving a 100-trade trades.sold.get page (rich list fields, orders included) over HTTP —
 *      signed, session-checked, gzip off — p50/p95 over many pages of different days; and the
 *      same pages built in-process (store query + wire object + JSON) as the baseline, with the
 *      ratio. Target: p50 < 20 ms.
 *   3. for reference: a 30-minute increment.get window, trade.fullinfo.get, the truth digest.
 *
 * The HTTP client runs in a worker thread (its own event loop and core, like the app in its own
 * process), so client-side signing and body parsing do not queue behind the server's work.
 * Prints a table and writes bench/results/sandbox.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { addShanghaiDays, formatTopTime, parseTopTime, presetRange, startOfShanghaiDay } from "../lib/time";
import { toJson } from "../sandbox/json";
import { ACCEPTED_TYPE_VALUES, typeMask } from "../sandbox/model";
import { startSandbox } from "../sandbox/server";
import { authorizeViaHttp } from "../sandbox/testing";
import { parseTradeFields, tradeToJson } from "../sandbox/tradeview";

const LIST_FIELDS = [
  "tid", "tid_str", "status", "type", "created", "modified", "pay_time", "consign_time", "end_time", "buyer_open_uid", "buyer_nick",
  "seller_nick", "title", "total_fee", "payment", "post_fee", "discount_fee", "adjust_fee", "received_payment", "receiver_state",
  "receiver_city", "receiver_district", "receiver_town", "receiver_zip", "receiver_name", "receiver_mobile", "receiver_phone",
  "receiver_address", "oaid", "has_buyer_message", "seller_flag", "shipping_type", "step_trade_status", "step_paid_fee", "is_part_consign",
  ...["oid", "oid_str", "num_iid", "sku_id", "title", "pic_path", "sku_properties_name", "outer_iid", "outer_sku_id", "price", "num", "total_fee",
    "payment", "discount_fee", "adjust_fee", "divide_order_fee", "status", "refund_status", "refund_id", "consign_time", "end_time",
    "logistics_company", "invoice_no"].map((f) => `orders.${f}`),
].join(",");
const ALL_TYPES = [...ACCEPTED_TYPE_VALUES].join(",");

/**
 * The HTTP client: a worker thread with its own tiny signer (top-protocol.md §3) and fetch with
 * keep-alive. It receives {url, secret, appKey, calls: [{params}]} and answers with the
 * latencies (ms), bytes and trade counts.
 */
const CLIENT = `
const { parentPort, workerData } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const sign = (p, secret) => {
  const s = Object.keys(p).filter((k) => k !== "sign").sort().map((k) => k + p[k]).join("");
  return createHash("md5").update(secret + s + secret, "utf8").digest("hex").toUpperCase();
};
(async () => {
  const { url, secret, calls, encoding } = workerData;
  const out = [];
  for (const c of calls) {
    const p = { ...c, sign_method: "md5", format: "json", v: "2.0" };
    p.sign = sign(p, secret);
    const body = new URLSearchParams(p).toString();
    const t0 = performance.now();
    const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8", "Accept-Encoding": encoding }, body });
    const text = await res.text();
    const ms = performance.now() - t0;
    out.push({ ms, bytes: text.length, trades: (text.match(/"tid_str":/g) || []).length, ok: text.indexOf("_response") > 0 && text.indexOf("error_response") < 0, head: text.slice(0, 160) });
  }
  parentPort.postMessage(out);
})();
`;

interface ClientResult {
  ms: number;
  bytes: number;
  trades: number;
  ok: boolean;
  head: string;
}

function runClient(url: string, secret: string, calls: Record<string, string>[], encoding = "gzip, deflate"): Promise<ClientResult[]> {
  return new Promise((resolve, reject) => {
    const w = new Worker(CLIENT, { eval: true, workerData: { url, secret, calls, encoding } });
    w.once("message", (m: ClientResult[]) => {
      void w.terminate();
      resolve(m);
    });
    w.once("error", reject);
  });
}

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

function stats(samples: number[]): { n: number; p50: number; p95: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: round(pct(s, 0.5)), p95: round(pct(s, 0.95)), mean: round(s.reduce((a, b) => a + b, 0) / s.length) };
}

const round = (x: number) => Math.round(x * 100) / 100;
const mib = (kib: number) => Math.round(kib / 1024);

async function main(): Promise<void> {
  const orders = arg("--orders", 1_000_000);
  const pages = arg("--pages", 300);
  const clockStart = "2026-11-28 12:00:00";

  // 1. Generation.
  const t0 = performance.now();
  const sb = await startSandbox({ port: 0, orders, frozen: true, clockStart, admin: true });
  const genSeconds = (performance.now() - t0) / 1000;
  const rssAfterGen = mib(process.resourceUsage().maxRSS);
  const shop = sb.store.shops[0]!;
  const T = sb.clock.nowSec();

  try {
    const token = await authorizeViaHttp(sb.url, { account: shop.account.nick });
    const session = token.access_token;

    // Pick pages: days of the last three months (busy enough for a full page), page 1 or 2.
    const now = sb.clock.nowMs();
    const firstDay = presetRange("last3Months", new Date(now)).start;
    const days: Date[] = [];
    for (let d = addShanghaiDays(firstDay, 1); d.getTime() < startOfShanghaiDay(new Date(now)).getTime(); d = addShanghaiDays(d, 1)) days.push(d);
    const windows = Array.from({ length: pages }, (_, i) => {
      const day = days[(i * 7919) % days.length]!;
      return { start: formatTopTime(day), end: formatTopTime(new Date(addShanghaiDays(day, 1).getTime() - 1000)), page: 1 + (i % 2) };
    });

    // 2a. Over HTTP, from the client worker (warm-up first).
    const base = { app_key: sb.options.appKey, session, timestamp: formatTopTime(new Date(now)) };
    const soldGet = (w: (typeof windows)[number]) => ({
      ...base,
      method: "taobao.trades.sold.get",
      fields: LIST_FIELDS,
      start_created: w.start,
      end_created: w.end,
      type: ALL_TYPES,
      page_size: "100",
      page_no: String(w.page),
      use_has_next: "true",
    });
    await runClient(sb.gatewayUrl, sb.options.appSecret, windows.slice(0, 30).map(soldGet));
    const results = await runClient(sb.gatewayUrl, sb.options.appSecret, windows.map(soldGet));
    const bad = results.find((r) => !r.ok);
    if (bad) throw new Error(`unexpected answer: ${bad.head}`);
    const http = results.map((r) => r.ms);
    const identity = (await runClient(sb.gatewayUrl, sb.options.appSecret, windows.map(soldGet), "identity")).map((r) => r.ms);
    const bytes = results.reduce((a, r) => a + r.bytes, 0);
    const tradesServed = results.reduce((a, r) => a + r.trades, 0);

    // 2b. In-process baseline: the same query, wire objects and JSON, no HTTP, no signature.
    const sel = parseTradeFields(LIST_FIELDS, false);
    const filter = { statuses: null, types: typeMask([...ACCEPTED_TYPE_VALUES]), buyers: null };
    const local: number[] = [];
    for (const w of windows) {
      const s = performance.now();
      const start = Math.floor(parseTopTime(w.start).getTime() / 1000);
      const end = Math.floor(parseTopTime(w.end).getTime() / 1000);
      const page = shop.listByCreated(start, end, T, filter, (w.page - 1) * 100, 100, false);
      toJson({ trades_sold_get_response: { has_next: page.hasNext, trades: { trade: page.idxs.map((i) => tradeToJson(shop.view(i, T), sel, shop.account.nick)) }, request_id: "x" } });
      local.push(performance.now() - s);
    }

    // 3. Reference figures.
    const incCalls = Array.from({ length: 50 }, (_, i) => {
      const end = now - i * 3_600_000;
      return {
        ...base,
        method: "taobao.trades.sold.increment.get",
        fields: LIST_FIELDS,
        start_modified: formatTopTime(new Date(end - 1_800_000)),
        end_modified: formatTopTime(new Date(end)),
        type: ALL_TYPES,
        page_size: "100",
        use_has_next: "true",
      };
    });
    const inc = (await runClient(sb.gatewayUrl, sb.options.appSecret, incCalls)).map((r) => r.ms);
    const fullCalls = Array.from({ length: 100 }, (_, i) => ({
      ...base,
      method: "taobao.trade.fullinfo.get",
      fields: `${LIST_FIELDS},buyer_message,seller_memo,promotion_details`,
      tid: shop.tids[(i * 104_729) % shop.n]!,
    }));
    const full = (await runClient(sb.gatewayUrl, sb.options.appSecret, fullCalls)).map((r) => r.ms);
    const ts = performance.now();
    const truth = shop.truth(T);
    const truthSeconds = (performance.now() - ts) / 1000;

    const httpStats = stats(http);
    const identityStats = stats(identity);
    const localStats = stats(local);
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: (await import("node:os")).cpus().length,
      orders,
      shops: sb.store.shops.map((s) => ({ nick: s.account.nick, ...s.stats(), existingAtClock: s.countAt(T) })),
      generation: { seconds: round(genSeconds), peakRssMiB: rssAfterGen, targetSeconds: 90, targetRssMiB: 3072 },
      soldGetPage100: {
        http: httpStats,
        httpIdentity: identityStats,
        inProcess: localStats,
        ratioP50: round(httpStats.p50 / localStats.p50),
        avgTradesPerPage: round(tradesServed / http.length),
        avgKiBPerPage: round(bytes / http.length / 1024),
        targetP50Ms: 20,
      },
      incrementGet30min: stats(inc),
      fullinfoGet: stats(full),
      truthDigest: { seconds: round(truthSeconds), trades: truth.trades },
      peakRssMiB: mib(process.resourceUsage().maxRSS),
    };

    const rows: [string, string][] = [
      [`generate ${orders.toLocaleString("en-US")} trades`, `${result.generation.seconds} s (target < 90 s)`],
      ["peak RSS after generation", `${result.generation.peakRssMiB} MiB (target < 3072 MiB)`],
      ["sold.get 100-trade page over HTTP, gzip", `p50 ${httpStats.p50} ms · p95 ${httpStats.p95} ms (target p50 < 20 ms)`],
      ["same, uncompressed", `p50 ${identityStats.p50} ms · p95 ${identityStats.p95} ms`],
      ["same page in-process (baseline)", `p50 ${localStats.p50} ms · p95 ${localStats.p95} ms`],
      ["HTTP (gzip) / in-process (p50)", `${result.soldGetPage100.ratioP50}×`],
      ["page size on the wire", `${result.soldGetPage100.avgTradesPerPage} trades, ${result.soldGetPage100.avgKiBPerPage} KiB`],
      ["increment.get 30-min window", `p50 ${result.incrementGet30min.p50} ms · p95 ${result.incrementGet30min.p95} ms`],
      ["fullinfo.get", `p50 ${result.fullinfoGet.p50} ms · p95 ${result.fullinfoGet.p95} ms`],
      [`truth digest (${truth.trades.toLocaleString("en-US")} trades)`, `${result.truthDigest.seconds} s`],
      ["peak RSS overall", `${result.peakRssMiB} MiB`],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    console.log(`\nTOP sandbox benchmark (${result.node}, ${result.cpus} CPUs)\n${"-".repeat(w + 50)}`);
    for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);

    const dir = path.join(process.cwd(), "bench", "results");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "sandbox.json"), `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nwritten ${path.relative(process.cwd(), path.join(dir, "sandbox.json"))}`);
  } finally {
    await sb.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
