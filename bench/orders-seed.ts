/**
 * The orders benchmark's database: N trades seeded with the lead's seeder (through the one cache
 * writer, so rollups and the search index are real), kept between runs — seeding a million trades
 * takes minutes, measuring seconds. SQLite: data/bench/orders-<N>.db; PostgreSQL: database
 * orderdesk_bench_orders_<N> on TEST_DATABASE_URL's server. A database is reused when it already
 * holds a completely seeded shop of N trades (SyncState.tradesStored = N).
 *
 *   tsx bench/orders-seed.ts <sqlite|postgres> <N>   → prints {"url", "shopId", "userId", "seconds", "reused"}
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { migrate } from "../lib/db/migrate";
import { parseDatabaseUrl } from "../lib/db/url";
import { createSqlDriver } from "../lib/sync/sql";
import { testPostgresAdminUrl } from "../test/postgres";
import { seedCache } from "./lib/seed-cache";

const ROOT = path.join(import.meta.dirname, "..");
export const BENCH_DAYS = 90;
export const BENCH_SEED = 2026;
/** A fixed end of the history, so every run sees the same data (and 近7天 etc. are computed from it). */
export const BENCH_ANCHOR = new Date("2026-11-28T04:00:00Z");

export function benchUrl(provider: "sqlite" | "postgres", n: number): string {
  if (provider === "sqlite") return `file:${path.join(ROOT, "data", "bench", `orders-${n}.db`)}`;
  const u = new URL(testPostgresAdminUrl());
  u.pathname = `/orderdesk_bench_orders_${n}`;
  return u.toString();
}

async function seeded(url: string, n: number): Promise<{ shopId: string; userId: string } | null> {
  const sql = createSqlDriver(parseDatabaseUrl(url));
  try {
    const rows = await sql.all<{ shopId: string; userId: string; tradesStored: number }>(
      `SELECT s."shopId", m."userId", s."tradesStored" FROM "SyncState" s JOIN "Membership" m ON m."shopId" = s."shopId"`,
    );
    return rows.length === 1 && Number(rows[0]!.tradesStored) === n ? { shopId: rows[0]!.shopId, userId: rows[0]!.userId } : null;
  } catch {
    return null;
  } finally {
    await sql.close();
  }
}

/**
 * PostgreSQL: fresh statistics, as autovacuum keeps them on a live database (a bulk load leaves
 * none until it runs). SQLite is left without statistics, as the app runs it (no ANALYZE anywhere):
 * its queries are written to plan well without them.
 */
async function analyze(provider: "sqlite" | "postgres", url: string): Promise<void> {
  if (provider !== "postgres") return;
  const sql = createSqlDriver(parseDatabaseUrl(url));
  try {
    await sql.run(`ANALYZE`);
  } finally {
    await sql.close();
  }
}

export async function ensureSeeded(provider: "sqlite" | "postgres", n: number, log: (s: string) => void = () => undefined) {
  const url = benchUrl(provider, n);
  if (provider === "sqlite" ? existsSync(parseDatabaseUrl(url).file!) : true) {
    const have = await seeded(url, n);
    if (have) {
      // Indexes added since it was seeded.
      await migrate(url, ROOT);
      await analyze(provider, url);
      return { url, ...have, seconds: 0, reused: true };
    }
  }
  // Start from an empty database.
  if (provider === "sqlite") {
    const file = parseDatabaseUrl(url).file!;
    mkdirSync(path.dirname(file), { recursive: true });
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  } else {
    const admin = new pg.Client({ connectionString: testPostgresAdminUrl() });
    await admin.connect();
    const name = new URL(url).pathname.slice(1);
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
  }
  await migrate(url, ROOT);
  let last = 0;
  const r = await seedCache({
    databaseUrl: url,
    trades: n,
    days: BENCH_DAYS,
    seed: BENCH_SEED,
    anchor: BENCH_ANCHOR,
    batch: 1000,
    onProgress: (w, total) => {
      if (w - last >= 50_000 || w === total) {
        last = w;
        log(`${provider}: seeded ${w}/${total}`);
      }
    },
  });
  await analyze(provider, url);
  return { url, shopId: r.shopId, userId: r.userId, seconds: r.seconds, reused: false };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const provider = process.argv[2] as "sqlite" | "postgres";
  const n = Number(process.argv[3] ?? 1_000_000);
  ensureSeeded(provider, n, (s) => console.error(`${new Date().toISOString()} ${s}`))
    .then((r) => console.log(JSON.stringify(r)))
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
