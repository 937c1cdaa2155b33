/**
 * `npm run bench:reports [-- --trades 1000000 --pg-trades 1000000 --providers sqlite,postgres --runs 40 --fresh]`
 *
 * The sales reports' benchmark (issue 8): N trades over one year, seeded straight into SQLite and
 * PostgreSQL through the cache writer (bench/lib/seed-cache.ts, so every rollup is maintained as a
 * sync would), then the p50/p95 server time of each report (lib/reports/queries.ts, through Prisma,
 * exactly what the page calls) over the last 7, 30, 90 and 365 days, each against the direct
 * aggregation of the same figures over the raw Trade/TradeOrder rows (raw SQL on the driver, in the
 * same process, on the same data). Target: every report < 100 ms p95. Each report's headline figure
 * is also checked equal to the direct aggregation's.
 *
 * Seeding a million trades takes minutes, so the seeded databases are kept (SQLite under
 * $TMPDIR/orderdesk-bench-reports/, PostgreSQL as orderdesk_bench_reports_<n>) and reused by the
 * next run unless --fresh. Each provider runs in a child process. Results: bench/results/reports.json.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const ROOT = path.join(import.meta.dirname, "..");
const RESULTS = path.join(ROOT, "bench", "results", "reports.json");
const SEED = 2026;
const RANGES = [7, 30, 90, 365] as const;
const REPORTS = ["kpis", "trend", "status", "products", "provinces", "hours", "shipping"] as const;
type ReportName = (typeof REPORTS)[number];
type Provider = "sqlite" | "postgres";

interface Timing {
  p50: number;
  p95: number;
  runs: number;
}
interface Cell {
  report: ReportName;
  days: number;
  rollup: Timing;
  direct: Timing;
  /** direct p95 / rollup p95 */
  speedup: number;
  figuresEqual: boolean;
}
interface ProviderResult {
  provider: Provider;
  trades: number;
  days: number;
  seeded: { seconds: number | null; reused: boolean };
  rows: Record<string, number>;
  cells: Cell[];
  worstP95Ms: number;
  targetMet: boolean;
}

const ms = (t: number) => Math.round(t * 100) / 100;
function timing(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { p50: ms(at(0.5)), p95: ms(at(0.95)), runs: s.length };
}

/* ------------------------------------------------------------------ child: one provider */

async function child(provider: Provider, trades: number, runs: number, directRuns: number, fresh: boolean): Promise<ProviderResult> {
  const { migrate } = await import("../lib/db/migrate");
  let url: string;
  let reused = false;
  if (provider === "sqlite") {
    const dir = path.join(tmpdir(), "orderdesk-bench-reports");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `sqlite-${trades}.db`);
    if (fresh) for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) (await import("node:fs")).rmSync(f);
    url = `file:${file}`;
  } else {
    const pg = (await import("pg")).default;
    const { testPostgresAdminUrl } = await import("../test/postgres");
    const admin = testPostgresAdminUrl();
    const name = `orderdesk_bench_reports_${trades}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    if (fresh) await c.query(`DROP DATABASE IF EXISTS "${name}"`);
    const exists = (await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount;
    if (!exists) await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
    const u = new URL(admin);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  await migrate(url);
  process.env.DATABASE_URL = url;
  process.env.LOG_LEVEL = "silent";
  const { parseDatabaseUrl } = await import("../lib/db/url");
  const { createSqlDriver } = await import("../lib/sync/sql");
  const sql = createSqlDriver(parseDatabaseUrl(url));

  const existing = await sql.all<{ id: string; nick: string; n: number }>(`SELECT s."id", s."nick", (SELECT COUNT(*) FROM "Trade" t WHERE t."shopId" = s."id") AS "n" FROM "Shop" s`);
  let shopId: string;
  let shopNick: string;
  let seedSeconds: number | null = null;
  if (existing.length === 1 && Number(existing[0]!.n) === trades) {
    shopId = existing[0]!.id;
    shopNick = existing[0]!.nick;
    reused = true;
    console.error(`[${provider}] reusing the seeded database (${trades} trades)`);
  } else {
    if (existing.length > 0) throw new Error(`${url} holds a different dataset: run with --fresh`);
    const { seedCache } = await import("./lib/seed-cache");
    let last = 0;
    const r = await seedCache({
      databaseUrl: url,
      trades,
      days: 365,
      seed: SEED,
      batch: 1000,
      onProgress: (w, n) => {
        if (w - last >= 100_000 || w === n) {
          last = w;
          console.error(`[${provider}] seeded ${w}/${n}`);
        }
      },
    });
    shopId = r.shopId;
    shopNick = r.shopNick;
    seedSeconds = Math.round(r.seconds * 10) / 10;
    if (provider === "postgres") await sql.run(`ANALYZE`);
    else await sql.run(`ANALYZE`);
  }
  // Coverage (lib/reports/coverage.ts): the seed marks the shop backfilled but records no backfill
  // day, which would leave every period uncovered and its comparisons unread. Record two years and
  // a month of stored days, so that every comparison (previous period, last year) is read: the costliest case.
  const [state] = await sql.all<{ at: unknown }>(`SELECT "backfillStartedAt" AS "at" FROM "SyncState" WHERE "shopId" = ?`, shopId);
  const recorded = Number((await sql.all<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "SyncBackfillDay" WHERE "shopId" = ?`, shopId))[0]!.n);
  if (recorded === 0 && state?.at != null) {
    const { addShanghaiDays: add, shanghaiDayKey } = await import("../lib/time");
    const planEnd = new Date(Number(state.at));
    await sql.tx(function* () {
      for (let k = 760; k >= 0; k--) yield { sql: `INSERT INTO "SyncBackfillDay" ("shopId", "day", "done", "updatedAt") VALUES (?, ?, ?, ?)`, params: [shopId, shanghaiDayKey(add(planEnd, -k)), true, planEnd], mode: "run" as const };
    });
  }
  const rows: Record<string, number> = {};
  for (const t of ["Trade", "TradeOrder", "DailyRollup", "RollupDim", "RollupBuyerDay", "RollupBuyerGap"]) rows[t] = Number((await sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "${t}"`))[0]!.n);

  const q = await import("../lib/reports/queries");
  const { addShanghaiDays, startOfShanghaiDay, previousRange, sameRangeLastYear } = await import("../lib/time");
  const viewer = { userId: "bench", nick: shopNick, isSubAccount: false, shopId, shopNick, shopStatus: "ACTIVE" as const, role: "OWNER" as const, shops: [{ id: shopId, nick: shopNick, role: "OWNER" as const }] };
  const d = sql.dialect;

  // The direct aggregations: the same figures straight from the raw rows.
  const direct: Record<ReportName, (s: Date, e: Date) => Promise<number>> = {
    async kpis(s, e) {
      let gmv = 0;
      const r = { start: s, end: e };
      for (const p of [r, previousRange(r), sameRangeLastYear(r)]) {
        const x = await sql.all<{ gmv: number }>(`SELECT SUM("paymentFen") AS "gmv", COUNT(*) AS "n", COUNT(DISTINCT "buyerOpenUid") AS "b" FROM "Trade" WHERE "shopId" = ? AND "payTime" >= ? AND "payTime" < ?`, shopId, p.start, p.end);
        await sql.all(
          `SELECT SUM(o."paymentFen") AS "refund" FROM "TradeOrder" o JOIN "Trade" t ON t."tid" = o."tid" WHERE t."shopId" = ? AND o."refundStatus" = 'SUCCESS' AND COALESCE(o."endTime", t."endTime", t."payTime", t."created") >= ? AND COALESCE(o."endTime", t."endTime", t."payTime", t."created") < ?`,
          shopId,
          p.start,
          p.end,
        );
        if (p === r) gmv = Number(x[0]!.gmv ?? 0);
      }
      return gmv;
    },
    async trend(s, e) {
      const p = previousRange({ start: s, end: e });
      const x = await sql.all<{ gmv: number }>(`SELECT ${d.day(`"payTime"`)} AS "day", SUM("paymentFen") AS "gmv", COUNT(*) AS "n" FROM "Trade" WHERE "shopId" = ? AND "payTime" >= ? AND "payTime" < ? GROUP BY 1`, shopId, p.start, e);
      void x;
      const y = await sql.all<{ gmv: number }>(`SELECT SUM("paymentFen") AS "gmv" FROM "Trade" WHERE "shopId" = ? AND "payTime" >= ? AND "payTime" < ?`, shopId, s, e);
      return Number(y[0]!.gmv ?? 0);
    },
    async status(s, e) {
      const x = await sql.all<{ n: number }>(`SELECT "status", COUNT(*) AS "n", SUM("paymentFen") AS "gmv" FROM "Trade" WHERE "shopId" = ? AND "created" >= ? AND "created" < ? GROUP BY 1`, shopId, s, e);
      return x.reduce((a, r) => a + Number(r.n), 0);
    },
    async products(s, e) {
      const x = await sql.all<{ gmv: number }>(
        `SELECT o."numIid", SUM(o."paymentFen") AS "gmv", SUM(o."num") AS "qty" FROM "TradeOrder" o JOIN "Trade" t ON t."tid" = o."tid" WHERE t."shopId" = ? AND t."payTime" >= ? AND t."payTime" < ? GROUP BY 1 ORDER BY 2 DESC LIMIT 10`,
        shopId,
        s,
        e,
      );
      await sql.all(`SELECT o."numIid", SUM(o."num") AS "qty" FROM "TradeOrder" o JOIN "Trade" t ON t."tid" = o."tid" WHERE t."shopId" = ? AND t."payTime" >= ? AND t."payTime" < ? GROUP BY 1 ORDER BY 2 DESC LIMIT 10`, shopId, s, e);
      return Number(x[0]?.gmv ?? 0);
    },
    async provinces(s, e) {
      const x = await sql.all<{ gmv: number }>(`SELECT COALESCE("receiverState", '') AS "k", SUM("paymentFen") AS "gmv", COUNT(*) AS "n" FROM "Trade" WHERE "shopId" = ? AND "payTime" >= ? AND "payTime" < ? GROUP BY 1 ORDER BY 2 DESC`, shopId, s, e);
      return Number(x[0]?.gmv ?? 0);
    },
    async hours(s, e) {
      const x = await sql.all<{ n: number }>(`SELECT ${d.day(`"payTime"`)} AS "day", ${d.hour(`"payTime"`)} AS "h", COUNT(*) AS "n" FROM "Trade" WHERE "shopId" = ? AND "payTime" >= ? AND "payTime" < ? GROUP BY 1, 2`, shopId, s, e);
      return x.reduce((a, r) => a + Number(r.n), 0);
    },
    async shipping(s, e) {
      const diff = d.diffMs(`"payTime"`, `"consignTime"`);
      const x = await sql.all<{ n: number }>(
        `SELECT (${diff}) / 3600000 AS "h", COUNT(*) AS "n" FROM "Trade" WHERE "shopId" = ? AND "payTime" >= ? AND "payTime" < ? AND "consignTime" IS NOT NULL AND "consignTime" >= "payTime" GROUP BY 1`,
        shopId,
        s,
        e,
      );
      return x.reduce((a, r) => a + Number(r.n), 0);
    },
  };
  // The headline figure of each report, to compare with the direct aggregation's.
  const viaRollups: Record<ReportName, (s: Date, e: Date) => Promise<number>> = {
    kpis: async (s, e) => Number((await q.kpiReport(viewer, { range: { start: s, end: e }, granularity: "day" })).current.gmvFen),
    trend: async (s, e) => Number((await q.trendReport(viewer, { range: { start: s, end: e }, granularity: "day" })).buckets.reduce((a, b) => a + b.cur.gmvFen, 0n)),
    status: async (s, e) => (await q.statusReport(viewer, { range: { start: s, end: e }, granularity: "day" })).rows.reduce((a, r) => a + r.trades, 0),
    products: async (s, e) => Number((await q.productsReport(viewer, { range: { start: s, end: e }, granularity: "day" })).byGmv[0]?.gmvFen ?? 0n),
    provinces: async (s, e) => Number((await q.provincesReport(viewer, { range: { start: s, end: e }, granularity: "day" })).rows[0]?.gmvFen ?? 0n),
    hours: async (s, e) => (await q.hoursReport(viewer, { range: { start: s, end: e }, granularity: "day" })).cells.flat().reduce((a, n) => a + n, 0),
    shipping: async (s, e) => (await q.shippingReport(viewer, { range: { start: s, end: e }, granularity: "day" })).shipped,
  };

  const end = addShanghaiDays(startOfShanghaiDay(new Date()), 1);
  const cells: Cell[] = [];
  for (const days of RANGES) {
    const start = addShanghaiDays(end, -days);
    for (const report of REPORTS) {
      const time = async (fn: () => Promise<number>, n: number, warm: number) => {
        let value = 0;
        const samples: number[] = [];
        for (let i = 0; i < warm + n; i++) {
          const t0 = performance.now();
          value = await fn();
          const dt = performance.now() - t0;
          if (i >= warm) samples.push(dt);
        }
        return { value, t: timing(samples) };
      };
      const a = await time(() => viaRollups[report](start, end), runs, 3);
      const b = await time(() => direct[report](start, end), directRuns, 1);
      cells.push({ report, days, rollup: a.t, direct: b.t, speedup: Math.round((b.t.p95 / a.t.p95) * 10) / 10, figuresEqual: a.value === b.value });
      console.error(`[${provider}] ${report.padEnd(9)} ${String(days).padStart(3)} d: p95 ${a.t.p95} ms (direct ${b.t.p95} ms, ×${Math.round((b.t.p95 / a.t.p95) * 10) / 10})${a.value === b.value ? "" : ` FIGURES DIFFER ${a.value} vs ${b.value}`}`);
    }
  }
  await sql.close();
  const { db } = await import("../lib/db");
  await db().$disconnect();
  const worst = Math.max(...cells.map((c) => c.rollup.p95));
  return { provider, trades, days: 365, seeded: { seconds: seedSeconds, reused }, rows, cells, worstP95Ms: worst, targetMet: worst < 100 && cells.every((c) => c.figuresEqual) };
}

/* ------------------------------------------------------------------ parent */

async function main() {
  const { values } = parseArgs({
    options: {
      child: { type: "string" },
      out: { type: "string" },
      trades: { type: "string", default: "1000000" },
      "pg-trades": { type: "string" },
      providers: { type: "string", default: "sqlite,postgres" },
      runs: { type: "string", default: "40" },
      "direct-runs": { type: "string", default: "5" },
      fresh: { type: "boolean", default: false },
    },
  });
  const runs = Number(values.runs);
  const directRuns = Number(values["direct-runs"]);
  if (values.child) {
    const r = await child(values.child as Provider, Number(values.trades), runs, directRuns, values.fresh!);
    writeFileSync(values.out!, JSON.stringify(r));
    return;
  }
  const providers = values.providers!.split(",") as Provider[];
  const results: ProviderResult[] = [];
  for (const provider of providers) {
    const trades = provider === "postgres" && values["pg-trades"] ? values["pg-trades"] : values.trades!;
    const out = path.join(tmpdir(), `orderdesk-bench-reports-${provider}-${process.pid}.json`);
    const args = ["--conditions=react-server", path.join(ROOT, "bench", "reports.bench.ts"), "--child", provider, "--out", out, "--trades", trades, "--runs", String(runs), "--direct-runs", String(directRuns), ...(values.fresh ? ["--fresh"] : [])];
    const code = await new Promise<number>((resolve) => spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), args, { stdio: "inherit", env: { ...process.env, NODE_OPTIONS: "--max-old-space-size=3072" } }).on("exit", (c) => resolve(c ?? 1)));
    if (code !== 0) throw new Error(`the ${provider} run failed (exit ${code})`);
    results.push(JSON.parse(readFileSync(out, "utf8")) as ProviderResult);
  }
  // The latest result per provider, and the earlier runs kept as history: on a shared machine the
  // load varies between runs, and the direct aggregation's times show by how much.
  type Stamped = ProviderResult & { measuredAt?: string };
  const before = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, "utf8")) as { measuredAt?: string; results?: Stamped[]; history?: Stamped[] }) : {};
  const measuredAt = new Date().toISOString();
  const stamped: Stamped[] = results.map((r) => ({ ...r, measuredAt }));
  const previous = (before.results ?? []).map((r) => ({ ...r, measuredAt: r.measuredAt ?? before.measuredAt }));
  const merged = [...previous.filter((p) => !results.some((r) => r.provider === p.provider)), ...stamped];
  const history = [...(before.history ?? []), ...previous.filter((p) => results.some((r) => r.provider === p.provider))];
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify({ benchmark: "reports", measuredAt, target: "every report < 100 ms p95", results: merged, history }, null, 2)}\n`);
  for (const r of results) {
    console.log(`\n${r.provider}, ${r.trades.toLocaleString("en-US")} trades over ${r.days} days (seed ${r.seeded.reused ? "reused" : `${r.seeded.seconds} s`}); worst p95 ${r.worstP95Ms} ms; target ${r.targetMet ? "met" : "NOT met"}`);
    console.log(`report     ${RANGES.map((d) => `${d} d p95 (direct)`.padStart(22)).join("")}`);
    for (const report of REPORTS) console.log(`${report.padEnd(10)} ${RANGES.map((d) => { const c = r.cells.find((x) => x.report === report && x.days === d)!; return `${c.rollup.p95} ms (${c.direct.p95} ms)`.padStart(22); }).join("")}`);
  }
  console.log(`\nwrote ${path.relative(ROOT, RESULTS)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
