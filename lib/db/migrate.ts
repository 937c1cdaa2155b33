/**
 * Applies the SQL migrations in prisma/migrations/<provider>/ in name order and records each in
 * `_orderdesk_migrations` (name, checksum, time). Prisma's own `migrate deploy` cannot run on
 * PostgreSQL offline (stack.md), so this one small step serves both databases. It is idempotent,
 * holds a lock so that concurrent app instances cannot apply the same migration twice, and
 * refuses to continue if an applied migration's file was edited afterwards.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { parseDatabaseUrl, type DbProvider } from "./url";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  provider: DbProvider;
  applied: string[];
  alreadyApplied: number;
}

export class MigrationError extends Error {
  override readonly name = "MigrationError";
}

const TABLE = "_orderdesk_migrations";
// Any constant works; it only has to be the same for every OrderDesk process.
const PG_LOCK_KEY = 41_712_026;

export function migrationsDir(provider: DbProvider, root = process.cwd()): string {
  return path.join(root, "prisma", "migrations", provider);
}

export function loadMigrations(provider: DbProvider, root = process.cwd()): Migration[] {
  const dir = migrationsDir(provider, root);
  if (!existsSync(dir)) throw new MigrationError(`No migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function checkApplied(applied: Map<string, string>, migrations: Migration[]): Migration[] {
  const known = new Set(migrations.map((m) => m.name));
  for (const [name, checksum] of applied) {
    if (!known.has(name)) throw new MigrationError(`The database has migration ${name}, which this version of OrderDesk does not know: is the app older than the database?`);
    const m = migrations.find((x) => x.name === name);
    if (m && m.checksum !== checksum) throw new MigrationError(`Migration ${name} was changed after it was applied; write a new migration instead of editing an applied one`);
  }
  return migrations.filter((m) => !applied.has(m.name));
}

function migrateSqlite(file: string, migrations: Migration[]): MigrateResult {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 15_000 });
  try {
    // A new database gets 8 KiB pages (a no-op on an existing one): a Trade row is ~2.5 KB, so a
    // 4 KiB page holds one and leaves 40 % of the table empty; 8 KiB holds three (bench/sync.bench.ts).
    db.pragma("page_size = 8192");
    db.pragma("journal_mode = WAL");
    db.exec(`CREATE TABLE IF NOT EXISTS "${TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    // Table rebuilds in Prisma's SQLite migrations need foreign keys off; they are checked after.
    db.pragma("foreign_keys = OFF");
    // BEGIN IMMEDIATE takes the write lock first, so a second process waits and then sees our rows.
    db.exec("BEGIN IMMEDIATE");
    try {
      const rows = db.prepare(`SELECT name, checksum FROM "${TABLE}"`).all() as { name: string; checksum: string }[];
      const pending = checkApplied(new Map(rows.map((r) => [r.name, r.checksum])), migrations);
      const record = db.prepare(`INSERT INTO "${TABLE}" (name, checksum, applied_at) VALUES (?, ?, ?)`);
      for (const m of pending) {
        db.exec(m.sql);
        record.run(m.name, m.checksum, new Date().toISOString());
      }
      const violations = db.pragma("foreign_key_check") as unknown[];
      if (violations.length > 0) throw new MigrationError(`Migrations left ${violations.length} foreign key violations`);
      db.exec("COMMIT");
      return { provider: "sqlite", applied: pending.map((m) => m.name), alreadyApplied: rows.length };
    } catch (e) {
      db.exec("ROLLBACK");
      throw e;
    }
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PG_LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS "${TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
      const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM "${TABLE}"`);
      const pending = checkApplied(new Map(rows.map((r) => [r.name, r.checksum])), migrations);
      for (const m of pending) {
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query(`INSERT INTO "${TABLE}" (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
          await client.query("COMMIT");
        } catch (e) {
          await client.query("ROLLBACK");
          throw new MigrationError(`Migration ${m.name} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      return { provider: "postgres", applied: pending.map((m) => m.name), alreadyApplied: rows.length };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PG_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

/** Applies every pending migration to the database DATABASE_URL names. */
export async function migrate(databaseUrl: string, root = process.cwd()): Promise<MigrateResult> {
  const target = parseDatabaseUrl(databaseUrl, root);
  const migrations = loadMigrations(target.provider, root);
  return target.provider === "sqlite" ? migrateSqlite(target.file!, migrations) : migratePostgres(target.url, migrations);
}
