/**
 * `npm run bench:sync [-- --sizes 20000,100000 --providers sqlite,postgres]` — the sync engine's
 * benchmark (issue 6): a full first sync (3-month backfill by day + the details it needs) of N
 * trades from the sandbox (unthrottled, no faults) into SQLite and PostgreSQL, against two floors
 * measured in the same run on the same data:
 *
 *   fetch-only  the same pages and detail calls over HTTP, parsed losslessly and normalized
 *               (lib/top), nothing stored; details are fetched as their page arrives, as the
 *               sync does (listSeconds: until the last page; detailSeconds: the details' tail);
 *   raw insert  the same Trade and TradeOrder rows inserted into an empty copy of the schema with
 *               plain multi-row INSERTs, as many trades per transaction as the sync's writer puts
 *               in one (WRITE_BATCH_TRADES), no upsert logic, no rollups.
 *
 * Reported per (provider, N): wall time, trades/s, TOP calls vs the minimum (one call per page
 * needed + one fullinfo per trade that needs detail) and vs a naive client (one fullinfo per
 * trade), peak RSS of the sync (sampled), the lossless parse cost per trade and its share,
 * sync / (fetch-only + raw insert), and the CPU seconds the sync process and the sandbox spent
 * during the sync (the sandbox's from /proc): their sum over the cores is the wall time a
 * perfectly parallel run would still need on this machine, whatever the storage. Targets:
 * ≥ 5,000 trades/s on SQLite; ratio ≤ 2.5; calls ≤ 1.1 × pages needed + detail calls only for
 * trades that need them; peak RSS < 500 MB, flat in N.
 *
 * The sandbox runs in its own process (as Taobao would), one per N; every (provider, N) run is a
 * child process of its own, so memory figures do not leak between runs. Results:
 * bench/results/sync.json.
 *
 * Knobs for investigating (never for the recorded figures): BENCH_SYNC_ONLY=1 stops each child
 * after the sync and prints its time (nothing is written to bench/results); BENCH_CPU_PROF_DIR=<dir>
 * makes each child write a V8 CPU profile; BENCH_BACKFILL_CONCURRENCY / BENCH_DETAIL_CONCURRENCY
 * (default 4 / 8) set the sync's and the fetch-only floor's concurrency alike.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";

const ROOT = path.join(import.meta.dirname, "..");
const RESULTS = path.join(ROOT, "bench", "results", "sync.json");
const SEED = 2026;

interface RunResult {
  provider: "sqlite" | "postgres";
  trades: number;
  sync: { seconds: number; tradesPerSecond: number; backfillSeconds: number; backfillTradesPerSecond: number; outcome: string; calls: number; listCalls: number; detailCalls: number; peakRssMiB: number; baselineRssMiB: number; peakHeapMiB: number };
  /**
   * CPU seconds spent during the sync by the sync process (every thread) and by the sandbox (null
   * where /proc is missing), and the wall time both would need if they shared the machine's cores
   * perfectly: a floor no storage design gets under.
   */
  cpu: { syncProcessSeconds: number; sandboxSeconds: number | null; cores: number; perfectlyParallelSeconds: number | null };
  calls: { pagesNeeded: number; detailNeeded: number; minimum: number; naive: number; vsMinimum: number; vsPagesPlusNeededDetail: number };
  fetchOnly: { seconds: number; listSeconds: number; detailSeconds: number; calls: number };
  rawInsert: { seconds: number; tradeRows: number; orderRows: number; tradeRowsPerSecond: number };
  parse: { microsPerTrade: number; jsonParseMicrosPerTrade: number; seconds: number; shareOfSync: number; shareOfFetchOnly: number };
  ratio: number;
  digestMatches: boolean;
}

/* ------------------------------------------------------------------ child: one (provider, N) run */

/** A process's CPU time (user + system) in seconds from /proc (Linux; USER_HZ is 100 there), or null. */
function procCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function child(provider: "sqlite" | "postgres", n: number, sandboxUrl: string, sandboxPid: number): Promise<RunResult> {
  const { createScratchSqlite } = await import("../test/sqlite");
  const { createScratchPostgres } = await import("../test/postgres");
  const { migrate } = await import("../lib/db/migrate");
  const scratch = provider === "sqlite" ? createScratchSqlite() : await createScratchPostgres("orderdesk_bench");
  const floorDb = provider === "sqlite" ? createScratchSqlite() : await createScratchPostgres("orderdesk_bench");
  try {
    await migrate(scratch.url);
    await migrate(floorDb.url);
    process.env.DATABASE_URL = scratch.url;
    process.env.TOP_GATEWAY_URL = `${sandboxUrl}/router/rest`;
    process.env.TOP_OAUTH_BASE_URL = sandboxUrl;
    process.env.LOG_LEVEL = "silent";

    const { adminCall, authorizeViaHttp, topCall } = await import("../sandbox/testing");
    const { connectAccount } = await import("../lib/shops/connect");
    const { createTopClient, createTopMetrics, normalizeTrade, parseTokenResponse, parseTopResponse, unlimitedRateLimiter, TRADES_SOLD_GET, TRADE_LIST_FIELDS, ALL_TRADE_TYPES_QUERY } = await import("../lib/top");
    const { runSync } = await import("../lib/sync/run");
    const { ShopTop } = await import("../lib/sync/fetch");
    const { planBackfillDays, dayRange } = await import("../lib/sync/backfill");
    const { needsDetail } = await import("../lib/sync/rows");
    const { cacheDigest } = await import("../lib/sync/digest");
    const { createSqlDriver, syncSql, closeSyncSql } = await import("../lib/sync/sql");
    const { parseDatabaseUrl } = await import("../lib/db/url");
    const { db } = await import("../lib/db");
    const { DEFAULT_APP_KEY, DEFAULT_APP_SECRET, MAIN_SHOP_NICK } = await import("../sandbox/defaults");

    const clock = await adminCall<{ epochMs: number }>(sandboxUrl, "/_sandbox/clock");
    const T = new Date(clock.epochMs);
    const metrics = createTopMetrics();
    const client = createTopClient({
      gatewayUrl: `${sandboxUrl}/router/rest`,
      appKey: DEFAULT_APP_KEY,
      appSecret: DEFAULT_APP_SECRET,
      limiter: unlimitedRateLimiter,
      metrics,
      now: () => T,
      logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    const token = await authorizeViaHttp(sandboxUrl, { account: MAIN_SHOP_NICK });
    const { shopId } = await connectAccount(parseTokenResponse(token));
    const backfillConcurrency = Number(process.env.BENCH_BACKFILL_CONCURRENCY ?? 4);
    const detailConcurrency = Number(process.env.BENCH_DETAIL_CONCURRENCY ?? 8);

    // 1. The sync itself (first, in a fresh process), with its peak RSS sampled.
    if (global.gc) global.gc();
    const baselineRss = process.memoryUsage().rss;
    const calls0 = metrics.snapshot();
    let peakRss = process.memoryUsage().rss;
    let peakHeap = process.memoryUsage().heapUsed;
    // rss() is cheap; the full memoryUsage() (heap statistics) only every tenth sample.
    let ticks = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      if (ticks++ % 10 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }, 25);
    const cpu0 = process.cpuUsage();
    const sandboxCpu0 = procCpuSeconds(sandboxPid);
    const s0 = performance.now();
    const phaseAt: Record<string, number> = {};
    const result = await runSync(shopId, {
      client,
      clock: () => T,
      kind: "backfill",
      trigger: "CLI",
      config: { backfillConcurrency, detailConcurrency, windowLagMs: 0 },
      onProgress: (e) => {
        phaseAt[e.phase] = performance.now();
      },
    });
    const syncSeconds = (performance.now() - s0) / 1000;
    const cpu1 = process.cpuUsage(cpu0);
    const sandboxCpu1 = procCpuSeconds(sandboxPid);
    const syncCpuSeconds = (cpu1.user + cpu1.system) / 1e6;
    const sandboxCpuSeconds = sandboxCpu0 === null || sandboxCpu1 === null ? null : sandboxCpu1 - sandboxCpu0;
    const cores = availableParallelism();
    const backfillSeconds = ((phaseAt.BACKFILL ?? performance.now()) - s0) / 1000;
    clearInterval(sampler);
    const calls1 = metrics.snapshot();
    if (syncOnly) {
      console.error(
        `sync only: ${syncSeconds.toFixed(2)} s, backfill ${backfillSeconds.toFixed(2)} s, CPU ${syncCpuSeconds.toFixed(1)} s (sandbox ${sandboxCpuSeconds?.toFixed(1) ?? "?"} s), peak RSS ${Math.round(peakRss / 1048576)} MiB, heap ${Math.round(peakHeap / 1048576)} MiB`,
      );
      process.exit(0);
    }
    const methodCalls = (snap: typeof calls0, m: string) => snap.methods[m]?.calls ?? 0;
    const listCalls = methodCalls(calls1, TRADES_SOLD_GET) - methodCalls(calls0, TRADES_SOLD_GET);
    const detailCalls = methodCalls(calls1, "taobao.trade.fullinfo.get") - methodCalls(calls0, "taobao.trade.fullinfo.get");

    // 2. Fetch-only floor: the backfill's pages (same days, same concurrency) and, as each page
    // arrives, the details it calls for (same concurrency), as the sync overlaps them.
    const top = new ShopTop(shopId, client);
    const days = planBackfillDays(T);
    const needDetail: string[] = [];
    let fetched = 0;
    const f0 = performance.now();
    const queue = [...days].reverse();
    const dq: string[] = [];
    let listDone = false;
    let waiting: (() => void)[] = [];
    const wakeAll = () => {
      const w = waiting;
      waiting = [];
      for (const r of w) r();
    };
    const detailWorker = async () => {
      for (;;) {
        const tid = dq.shift();
        if (tid !== undefined) {
          await top.fullinfo(tid);
          continue;
        }
        if (listDone) return;
        await new Promise<void>((r) => waiting.push(r));
      }
    };
    const detailWorkers = Array.from({ length: detailConcurrency }, detailWorker);
    await Promise.all(
      Array.from({ length: backfillConcurrency }, async () => {
        for (let day = queue.shift(); day; day = queue.shift()) {
          const { start, end } = dayRange(day, T);
          for (let page = 1; ; page++) {
            const res = await top.soldGetPage(start, end, page);
            fetched += res.trades.length;
            for (const f of res.trades)
              if (needsDetail(f.trade)) {
                needDetail.push(f.trade.tid);
                dq.push(f.trade.tid);
              }
            wakeAll();
            if (res.hasNext !== true) break;
          }
        }
      }),
    );
    const listSeconds = (performance.now() - f0) / 1000;
    listDone = true;
    wakeAll();
    await Promise.all(detailWorkers);
    const detailSeconds = (performance.now() - f0) / 1000 - listSeconds;
    const fetchOnlyCalls = top.calls;

    // 3. Lossless parse + schema cost, measured on its own over sample page bodies.
    const samples: string[] = [];
    const session = token.access_token;
    for (const day of days.slice(-12)) {
      const { start, end } = dayRange(day, T);
      const { formatTopTime } = await import("../lib/time");
      const r = await topCall(`${sandboxUrl}/router/rest`, {
        method: TRADES_SOLD_GET,
        session,
        now: T.getTime(),
        params: { fields: TRADE_LIST_FIELDS.join(","), type: ALL_TRADE_TYPES_QUERY.join(","), start_created: formatTopTime(start), end_created: formatTopTime(end), page_no: "1", page_size: "100", use_has_next: "true" },
      });
      samples.push(r.text);
    }
    let parsedTrades = 0;
    const p0 = performance.now();
    for (let rep = 0; rep < 5; rep++) {
      for (const text of samples) {
        const data = parseTopResponse(TRADES_SOLD_GET, text);
        const list = ((data.trades as { trade?: unknown[] } | undefined)?.trade ?? []) as unknown[];
        for (const raw of list) normalizeTrade(raw);
        parsedTrades += list.length;
      }
    }
    const microsPerTrade = ((performance.now() - p0) * 1000) / Math.max(1, parsedTrades);
    // For reference: plain JSON.parse of the same bodies (ids beyond 2^53 would be corrupted).
    const j0 = performance.now();
    for (let rep = 0; rep < 5; rep++) for (const text of samples) JSON.parse(text);
    const jsonParseMicrosPerTrade = ((performance.now() - j0) * 1000) / Math.max(1, parsedTrades);

    const sql = await syncSql();
    const perDay = await sql.all<{ trades: number }>(`SELECT "trades" FROM "SyncBackfillDay" WHERE "shopId" = ?`, shopId);
    const pagesNeeded = perDay.reduce((s, d) => s + Math.max(1, Math.ceil(Number(d.trades) / 100)), 0);
    const [need] = await sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Trade" WHERE "shopId" = ? AND ("hasBuyerMessage" = ${sql.dialect.true} OR "sellerFlag" > 0)`, shopId);
    const detailNeeded = Number(need?.n ?? 0);
    const stored = await db().trade.count({ where: { shopId } });
    const truth = await adminCall<{ trades: number; digest: string }>(sandboxUrl, `/_sandbox/truth?shop=${encodeURIComponent(MAIN_SHOP_NICK)}`);
    const digest = await cacheDigest(shopId);

    // 4. Raw insert floor: the same rows into an empty schema, plain batched INSERTs.
    const floor = createSqlDriver(parseDatabaseUrl(floorDb.url));
    await floor.run(`INSERT INTO "Shop" ("id", "taobaoUserId", "nick", "updatedAt") VALUES (?, ?, ?, ?)`, shopId, "bench", MAIN_SHOP_NICK, new Date());
    const { TRADE_LIST_COLS, TRADE_DETAIL_COLS, TRADE_INSERT_ONLY_COLS, ORDER_COLS } = await import("../lib/sync/rows");
    const tradeCols = [...TRADE_LIST_COLS, ...TRADE_DETAIL_COLS, ...TRADE_INSERT_ONLY_COLS];
    const tradeRows = await sql.all<Record<string, unknown>>(`SELECT * FROM "Trade" WHERE "shopId" = ? ORDER BY "created" DESC`, shopId);
    const orderRows = await sql.all<Record<string, unknown>>(`SELECT * FROM "TradeOrder" WHERE "shopId" = ?`, shopId);
    const linesByTid = new Map<string, unknown[][]>();
    const tsCols = new Set([...tradeCols, ...ORDER_COLS].filter((c) => c.type === "ts").map((c) => c.name));
    const value = (row: Record<string, unknown>, c: { name: string; type: string }) => {
      const v = row[c.name];
      if (v === null || v === undefined) return null;
      if (tsCols.has(c.name)) return new Date(Number(v));
      if (c.type === "bool") return !!v;
      return v;
    };
    for (const o of orderRows) {
      const list = linesByTid.get(String(o.tid)) ?? [];
      list.push(ORDER_COLS.map((c) => value(o, c)));
      linesByTid.set(String(o.tid), list);
    }
    const tradeValues = tradeRows.map((r) => tradeCols.map((c) => value(r, c)));
    const { WRITE_BATCH_TRADES } = await import("../lib/sync/config");
    const r0 = performance.now();
    for (let i = 0; i < tradeValues.length; i += WRITE_BATCH_TRADES) {
      const chunk = tradeValues.slice(i, i + WRITE_BATCH_TRADES);
      const lines = chunk.flatMap((t) => linesByTid.get(String(t[0])) ?? []);
      await floor.tx(function* () {
        for (const s of floor.dialect.insert("Trade", tradeCols, chunk)) yield s;
        for (const s of floor.dialect.insert("TradeOrder", ORDER_COLS, lines)) yield s;
      });
    }
    const rawSeconds = (performance.now() - r0) / 1000;
    await floor.close();

    await closeSyncSql();
    await db().$disconnect();
    const fetchOnlySeconds = listSeconds + detailSeconds;
    const minimum = pagesNeeded + detailNeeded;
    return {
      provider,
      trades: stored,
      sync: {
        seconds: round(syncSeconds),
        tradesPerSecond: Math.round(stored / syncSeconds),
        backfillSeconds: round(backfillSeconds),
        backfillTradesPerSecond: Math.round(stored / backfillSeconds),
        outcome: result.outcome,
        calls: result.calls,
        listCalls,
        detailCalls,
        peakRssMiB: Math.round(peakRss / 1048576),
        baselineRssMiB: Math.round(baselineRss / 1048576),
        peakHeapMiB: Math.round(peakHeap / 1048576),
      },
      cpu: {
        syncProcessSeconds: round(syncCpuSeconds),
        sandboxSeconds: sandboxCpuSeconds === null ? null : round(sandboxCpuSeconds),
        cores,
        perfectlyParallelSeconds: sandboxCpuSeconds === null ? null : round((syncCpuSeconds + sandboxCpuSeconds) / cores),
      },
      calls: {
        pagesNeeded,
        detailNeeded,
        minimum,
        naive: pagesNeeded + stored,
        vsMinimum: round(result.calls / minimum, 3),
        vsPagesPlusNeededDetail: round(listCalls / pagesNeeded, 3),
      },
      fetchOnly: { seconds: round(fetchOnlySeconds), listSeconds: round(listSeconds), detailSeconds: round(detailSeconds), calls: fetchOnlyCalls },
      rawInsert: { seconds: round(rawSeconds), tradeRows: tradeValues.length, orderRows: orderRows.length, tradeRowsPerSecond: Math.round(tradeValues.length / rawSeconds) },
      parse: {
        microsPerTrade: round(microsPerTrade, 1),
        jsonParseMicrosPerTrade: round(jsonParseMicrosPerTrade, 1),
        seconds: round((microsPerTrade * (stored + detailCalls)) / 1e6),
        shareOfSync: round((microsPerTrade * (stored + detailCalls)) / 1e6 / syncSeconds, 3),
        shareOfFetchOnly: round((microsPerTrade * (fetched + needDetail.length)) / 1e6 / fetchOnlySeconds, 3),
      },
      ratio: round(syncSeconds / (fetchOnlySeconds + rawSeconds), 2),
      digestMatches: digest.digest === truth.digest && digest.trades === truth.trades,
    };
  } finally {
    await scratch.drop();
    await floorDb.drop();
  }
}

function round(v: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/* ------------------------------------------------------------------ orchestrator */

/** BENCH_SYNC_ONLY: each child stops after the sync (read by the child and the orchestrator alike). */
const syncOnly = !!process.env.BENCH_SYNC_ONLY;
/** BENCH_CPU_PROF_DIR=<dir>: each (provider, N) child writes a V8 CPU profile there (open it in Chrome's DevTools). */
const profileArgs = process.env.BENCH_CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): { child: ChildProcess; done: Promise<{ code: number | null; out: string }> } {
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  return { child, done: new Promise((resolve) => child.on("exit", (code) => resolve({ code, out }))) };
}

async function waitFor(url: string, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function orchestrate(sizes: number[], providers: ("sqlite" | "postgres")[]): Promise<void> {
  const { postgresReachable } = await import("../test/postgres");
  const results: RunResult[] = [];
  const skipped: string[] = [];
  if (providers.includes("postgres") && !(await postgresReachable())) {
    skipped.push("postgres (no server answered)");
    providers = providers.filter((p) => p !== "postgres");
  }
  let port = 4310;
  for (const n of sizes) {
    const url = `http://127.0.0.1:${++port}`;
    console.log(`sandbox: ${n.toLocaleString("en")} trades on ${url}`);
    const sandbox = run(process.execPath, ["--import", "tsx", "sandbox/cli.ts", "--port", String(port), "--orders", String(n), "--shops", "1", "--seed", String(SEED), "--frozen", "--admin"]);
    try {
      await waitFor(`${url}/_sandbox/clock`);
      for (const provider of providers) {
        process.stdout.write(`  ${provider} … `);
        const c = run(process.execPath, ["--expose-gc", ...profileArgs, "--conditions=react-server", "--import", "tsx", "bench/sync.bench.ts", "--child", provider, String(n), url, String(sandbox.child.pid)]);
        const { code, out } = await c.done;
        // A sync-only child printed its time and exited: nothing to record.
        if (syncOnly && code === 0) continue;
        const line = out.trim().split("\n").at(-1) ?? "";
        if (code !== 0 || !line.startsWith("{")) throw new Error(`${provider} ${n}: exit ${code}\n${out}`);
        const r = JSON.parse(line) as RunResult;
        results.push(r);
        console.log(
          `${r.sync.seconds} s (backfill ${r.sync.backfillSeconds} s), ${r.sync.tradesPerSecond}/s, ratio ${r.ratio}, CPU ${r.cpu.syncProcessSeconds} s + sandbox ${r.cpu.sandboxSeconds ?? "?"} s, RSS ${r.sync.peakRssMiB} MiB (${r.sync.baselineRssMiB} before), digest ${r.digestMatches ? "=" : "≠"} truth`,
        );
      }
    } finally {
      sandbox.child.kill("SIGTERM");
      await sandbox.done;
    }
  }
  if (syncOnly) return; // investigating: bench/results/sync.json keeps the last full run
  console.log("\n| provider | trades | sync | trades/s | fetch-only (list + detail) | raw insert | ratio | calls (min / naive) | parse µs/trade (share) | CPU: sync + sandbox (÷ cores) | peak RSS |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    console.log(
      `| ${r.provider} | ${r.trades.toLocaleString("en")} | ${r.sync.seconds} s | ${r.sync.tradesPerSecond.toLocaleString("en")} | ${r.fetchOnly.seconds} s (${r.fetchOnly.listSeconds} + ${r.fetchOnly.detailSeconds}) | ${r.rawInsert.seconds} s (${r.rawInsert.tradeRowsPerSecond.toLocaleString("en")} trades/s) | ${r.ratio} | ${r.sync.calls.toLocaleString("en")} (${r.calls.minimum.toLocaleString("en")} / ${r.calls.naive.toLocaleString("en")}) | ${r.parse.microsPerTrade} (${Math.round(r.parse.shareOfSync * 100)} % of sync) | ${r.cpu.syncProcessSeconds} + ${r.cpu.sandboxSeconds ?? "?"} s (${r.cpu.perfectlyParallelSeconds ?? "?"} s) | ${r.sync.peakRssMiB} MiB |`,
    );
  }
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  writeFileSync(
    RESULTS,
    `${JSON.stringify(
      {
        benchmark: "sync",
        date: new Date().toISOString(),
        machine: { node: process.version, cpus: (await import("node:os")).cpus().length },
        seed: SEED,
        targets: { sqliteTradesPerSecond: 5000, ratio: 2.5, callsVsMinimum: 1.1, peakRssMiB: 500 },
        skipped,
        results,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nwrote ${path.relative(ROOT, RESULTS)}`);
}

const argv = process.argv.slice(2);
if (argv[0] === "--child") {
  child(argv[1] as "sqlite" | "postgres", Number(argv[2]), argv[3]!, Number(argv[4])).then(
    (r) => {
      console.log(JSON.stringify(r));
      process.exit(0);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
} else {
  const opt = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (opt("sizes") ?? "20000,100000").split(",").map(Number);
  const providers = (opt("providers") ?? "sqlite,postgres").split(",") as ("sqlite" | "postgres")[];
  if (sizes.some((s) => !Number.isInteger(s) || s < 100) || providers.some((p) => p !== "sqlite" && p !== "postgres")) {
    console.error("Usage: npm run bench:sync [-- --sizes 20000,100000 --providers sqlite,postgres]");
    process.exit(1);
  }
  orchestrate(sizes, providers).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
