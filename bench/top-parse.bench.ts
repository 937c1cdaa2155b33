/**
 * `npm run bench -- top-parse`: parsing TOP list pages losslessly (issue 3 and the sync
 * benchmark's "lossless parsing must not be the bottleneck"). Real pages come from the sandbox
 * (100 trades each, rich list fields, 19-digit ids); each is parsed by
 *   - JSON.parse: the lossy floor (corrupts ids, shown only as the baseline),
 *   - lossless-json with our reviver: the reference implementation,
 *   - parseLosslessJson: OrderDesk's path (one regex pass that quotes lossy integers, then JSON.parse).
 * Reports µs per trade (p50 over pages) and the ratios. Writes bench/results/top-parse.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { parseLosslessJson, parseLosslessJsonReference } from "../lib/top/parse";
import { SANDBOX_APP_KEY } from "../lib/env";
import { startSandbox } from "../sandbox/server";
import { authorizeViaHttp, topCall } from "../sandbox/testing";
import { ALL_TRADE_TYPES_QUERY } from "../lib/top/types";
import { TRADE_LIST_FIELDS } from "../lib/top/fields";
import { addShanghaiDays, formatTopTime, startOfShanghaiDay } from "../lib/time";

const PAGES = 40;
const ROUNDS = 5;

function p50(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main() {
  const sb = await startSandbox({ port: 0, orders: 60_000, shops: 1, seed: 7 });
  const token = await authorizeViaHttp(sb.url, { account: "小米粒旗舰店" });
  const bodies: string[] = [];
  let trades = 0;
  const today = startOfShanghaiDay(new Date());
  for (let d = 1; bodies.length < PAGES && d < 80; d++) {
    const start = addShanghaiDays(today, -d);
    const r = await topCall(sb.gatewayUrl, {
      method: "taobao.trades.sold.get",
      appKey: SANDBOX_APP_KEY,
      session: token.access_token,
      params: { fields: TRADE_LIST_FIELDS.join(","), type: ALL_TRADE_TYPES_QUERY.join(","), start_created: formatTopTime(start), end_created: formatTopTime(addShanghaiDays(start, 1)), page_size: "100", page_no: "1", use_has_next: "true" },
    });
    const n = (r.text.match(/"tid_str"/g) ?? []).length;
    if (n >= 90) {
      bodies.push(r.text);
      trades += n;
    }
  }
  await sb.close();
  const perTrade = trades / bodies.length;

  const time = (parse: (s: string) => unknown) => {
    const samples: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const body of bodies) {
        const t0 = performance.now();
        parse(body);
        samples.push(((performance.now() - t0) * 1000) / perTrade);
      }
    }
    return p50(samples);
  };
  // Warm-up, and the check that both lossless parsers agree on these real pages.
  for (const b of bodies) if (JSON.stringify(parseLosslessJson(b)) !== JSON.stringify(parseLosslessJsonReference(b))) throw new Error("fast and reference parsers disagree");
  const native = time(JSON.parse);
  const reference = time(parseLosslessJsonReference);
  const fast = time(parseLosslessJson);
  const result = {
    benchmark: "top-parse",
    date: new Date().toISOString(),
    pages: bodies.length,
    tradesPerPage: Math.round(perTrade),
    pageKiB: Math.round(bodies.reduce((a, b) => a + b.length, 0) / bodies.length / 1024),
    microsPerTradeP50: { jsonParse: +native.toFixed(1), losslessJson: +reference.toFixed(1), orderdesk: +fast.toFixed(1) },
    ratios: { orderdeskVsJsonParse: +(fast / native).toFixed(2), losslessJsonVsOrderdesk: +(reference / fast).toFixed(2) },
  };
  console.table(result.microsPerTradeP50);
  console.log(`OrderDesk's lossless parse: ${result.ratios.orderdeskVsJsonParse}× JSON.parse, ${result.ratios.losslessJsonVsOrderdesk}× faster than lossless-json`);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/top-parse.json", `${JSON.stringify(result, null, 2)}\n`);
}

void main();
