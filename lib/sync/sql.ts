/**
 * The sync engine's write path: one raw connection per process (better-sqlite3 or pg) beside the
 * Prisma client, used for the batched upserts, the rollups, the lease and the progress counters.
 *
 * Why not Prisma here: a trade row has ~50 columns, and Prisma's raw-query path costs about 5 µs
 * per bound parameter (measured: ~200k parameters/s on SQLite), which alone would cap the sync
 * at a few thousand trades per second. The driver binds the same parameters ~10× faster
 * (SQLite) or takes a whole batch as one JSON parameter (PostgreSQL `jsonb_to_recordset`).
 * Everything else (pages, the status API, the CLIs' reads) uses Prisma as usual.
 *
 * A write transaction is a generator of statements (`Work`). On SQLite it runs synchronously
 * between `BEGIN IMMEDIATE` and `COMMIT`, so it never holds the database lock across an `await`:
 * another connection of the same process (Prisma's) can never wait on a lock this process
 * cannot release. On PostgreSQL the same generator runs statement by statement on a pooled
 * client. Busy databases (SQLite) and serialization failures (PostgreSQL) are retried.
 */
import "server-only";
import Database from "better-sqlite3";
import pg from "pg";
import { toStorageError, type StorageError } from "@/lib/db/errors";
import type { DbProvider, DbTarget } from "@/lib/db/url";
import { env } from "@/lib/env";

export type Row = Record<string, unknown>;
export type StmtMode = "all" | "run";

export interface Stmt {
  sql: string;
  params: readonly unknown[];
  mode: StmtMode;
}

/** A transaction body: yields statements, receives rows (mode "all") or a change count (mode "run"). */
export type Work<T> = Generator<Stmt, T, unknown>;

export type ColType = "text" | "int" | "bigint" | "bool" | "ts" | "json";
export interface Col {
  name: string;
  type: ColType;
}

export interface Dialect {
  readonly provider: DbProvider;
  /** SQL for the Asia/Shanghai day (yyyy-MM-dd) of a timestamp column. */
  day(expr: string): string;
  /** SQL for the Asia/Shanghai hour (00–23) of a timestamp column. */
  hour(expr: string): string;
  /** SQL for whole milliseconds between two timestamps (b − a), an integer. */
  diffMs(a: string, b: string): string;
  /** The literal `true` (SQLite stores booleans as 1; partial indexes match literals, not parameters). */
  readonly true: string;
  /** SQL for an integer zero-padded to 3 digits. */
  pad3(expr: string): string;
  /** `INSERT` statements for many rows (values in column order), with an optional tail (ON CONFLICT …, RETURNING …). */
  insert(table: string, cols: readonly Col[], rows: readonly (readonly unknown[])[], tail?: string): Stmt[];
  /** `expr IN (…values)` as SQL and its parameters (values must be non-empty). */
  in(expr: string, values: readonly unknown[]): { sql: string; params: unknown[] };
}

export const q = (name: string) => `"${name}"`;

export function all(sql: string, ...params: unknown[]): Stmt {
  return { sql, params, mode: "all" };
}

export function run(sql: string, ...params: unknown[]): Stmt {
  return { sql, params, mode: "run" };
}

/** Runs a statement inside a Work and returns its rows (typed by the caller). */
export function* rows<T = Row>(stmt: Stmt): Generator<Stmt, T[], unknown> {
  return (yield { ...stmt, mode: "all" }) as T[];
}

/** Runs a statement inside a Work and returns the number of changed rows. */
export function* exec(stmt: Stmt): Generator<Stmt, number, unknown> {
  return (yield { ...stmt, mode: "run" }) as number;
}

/** Runs several statements inside a Work; returns the total change count. */
export function* execAll(stmts: readonly Stmt[]): Generator<Stmt, number, unknown> {
  let n = 0;
  for (const s of stmts) n += yield* exec(s);
  return n;
}

/** Runs several RETURNING statements inside a Work and concatenates their rows. */
export function* rowsAll<T = Row>(stmts: readonly Stmt[]): Generator<Stmt, T[], unknown> {
  const out: T[] = [];
  for (const s of stmts) out.push(...(yield* rows<T>(s)));
  return out;
}

export interface SqlDriver {
  readonly provider: DbProvider;
  readonly dialect: Dialect;
  /** Runs `work()` in one write transaction; the factory is called again if the transaction is retried. */
  tx<T>(work: () => Work<T>): Promise<T>;
  /** One statement in its own transaction. */
  all<T = Row>(sql: string, ...params: unknown[]): Promise<T[]>;
  run(sql: string, ...params: unknown[]): Promise<number>;
  close(): Promise<void>;
}

/* ------------------------------------------------------------------ SQLite */

/** SQLite binds at most 32766 parameters per statement. */
const SQLITE_MAX_PARAMS = 32_000;

const sqliteDialect: Dialect = {
  provider: "sqlite",
  true: "1",
  // Timestamps are integer milliseconds (lib/db.ts: unixepoch-ms); +8 h is Asia/Shanghai (no DST since 1991).
  day: (e) => `strftime('%Y-%m-%d', (${e}) / 1000 + 28800, 'unixepoch')`,
  hour: (e) => `strftime('%H', (${e}) / 1000 + 28800, 'unixepoch')`,
  diffMs: (a, b) => `((${b}) - (${a}))`,
  pad3: (e) => `printf('%03d', ${e})`,
  insert(table, cols, rowList, tail = "") {
    // Chunks of power-of-two sizes (≤ the parameter limit): a handful of distinct statements per
    // table, so the prepared-statement cache stays small and warm whatever the batch sizes.
    const out: Stmt[] = [];
    const maxRows = 2 ** Math.floor(Math.log2(Math.max(1, Math.floor(SQLITE_MAX_PARAMS / cols.length))));
    const tuple = `(${cols.map(() => "?").join(",")})`;
    const head = `INSERT INTO ${q(table)} (${cols.map((c) => q(c.name)).join(",")}) VALUES `;
    let i = 0;
    while (i < rowList.length) {
      let size = Math.min(maxRows, 128);
      while (size > rowList.length - i) size /= 2;
      const params: unknown[] = [];
      for (let r = i; r < i + size; r++) {
        const row = rowList[r]!;
        for (let k = 0; k < cols.length; k++) params.push(row[k]);
      }
      out.push({ sql: `${head}${Array.from({ length: size }, () => tuple).join(",")} ${tail}`, params, mode: "run" });
      i += size;
    }
    return out;
  },
  in: (expr, values) => ({ sql: `${expr} IN (${values.map(() => "?").join(",")})`, params: [...values] }),
};

function sqliteParam(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.getTime();
  if (typeof v === "boolean") return v ? 1 : 0;
  return v;
}

function isSqliteBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** How long a write waits for a busy database (another process holding the write lock) before failing. */
const BUSY_BUDGET_MS = 60_000;

export function createSqliteDriver(file: string): SqlDriver {
  // busy_timeout 0: a busy database is waited for asynchronously (below), never by blocking the event loop.
  const db = new Database(file, { timeout: 0 });
  db.pragma("journal_mode = WAL");
  // WAL + NORMAL: a crash never corrupts the file; at worst the last commits before a power cut are
  // lost, and the sync is resumable and idempotent.
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("cache_size = -32000");
  // This connection does the cache's bulk writes (a backfill commits ~1,000 trades, several MB of
  // pages, at a time): checkpointing every 1,000 pages (SQLite's default) would copy the WAL into
  // the database and fsync both after nearly every commit. 10,000 pages (40 MB) cuts that work by
  // a fifth to a third of a raw batched insert (bench/sync.bench.ts measures the floor); the size
  // limit gives the disk back once a checkpoint has caught up.
  db.pragma("wal_autocheckpoint = 10000");
  db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let st = cache.get(sql);
    if (!st) {
      st = db.prepare(sql);
      if (cache.size > 200) cache.delete(cache.keys().next().value as string);
      cache.set(sql, st);
    }
    return st;
  };
  const execute = (s: Stmt): unknown => {
    const st = prepare(s.sql);
    const params = s.params.map(sqliteParam);
    if (s.mode === "all") return st.reader ? st.all(...params) : (st.run(...params), []);
    return st.reader ? st.all(...params).length : st.run(...params).changes;
  };
  async function withBusyRetry<T>(fn: () => T): Promise<T> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return fn();
      } catch (e) {
        if (!isSqliteBusy(e) || Date.now() - started > BUSY_BUDGET_MS) throw e;
        await sleep(Math.min(50, 2 + attempt * 3) + Math.random() * 5);
      }
    }
  }
  let closed = false;
  return {
    provider: "sqlite",
    dialect: sqliteDialect,
    tx<T>(work: () => Work<T>): Promise<T> {
      return withBusyRetry(() => {
        db.prepare("BEGIN IMMEDIATE").run();
        try {
          const gen = work();
          let step = gen.next();
          while (!step.done) step = gen.next(execute(step.value));
          db.prepare("COMMIT").run();
          return step.value;
        } catch (e) {
          if (db.inTransaction) db.prepare("ROLLBACK").run();
          throw e;
        }
      });
    },
    all<T>(sql: string, ...params: unknown[]) {
      return withBusyRetry(() => execute({ sql, params, mode: "all" }) as T[]);
    },
    run(sql: string, ...params: unknown[]) {
      return withBusyRetry(() => execute({ sql, params, mode: "run" }) as number);
    },
    async close() {
      if (!closed) {
        closed = true;
        db.close();
      }
    },
  };
}

/* ------------------------------------------------------------------ PostgreSQL */

const PG_TYPES: Record<ColType, string> = { text: "text", int: "integer", bigint: "bigint", bool: "boolean", ts: "timestamp(3)", json: "jsonb" };

/** `?` placeholders → `$1, $2, …` (our SQL never holds a literal `?`). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function pgJsonValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "bigint") return Number(v);
  return v === undefined ? null : v;
}

const pgDialect: Dialect = {
  provider: "postgres",
  true: "true",
  // Timestamps are `timestamp(3)` holding UTC.
  day: (e) => `to_char((${e}) + interval '8 hours', 'YYYY-MM-DD')`,
  hour: (e) => `to_char((${e}) + interval '8 hours', 'HH24')`,
  diffMs: (a, b) => `floor(extract(epoch from ((${b}) - (${a}))) * 1000)::bigint`,
  pad3: (e) => `lpad((${e})::text, 3, '0')`,
  insert(table, cols, rowList, tail = "") {
    if (rowList.length === 0) return [];
    const objects = rowList.map((r) => {
      const o: Record<string, unknown> = {};
      for (let k = 0; k < cols.length; k++) o[cols[k]!.name] = pgJsonValue(r[k]);
      return o;
    });
    const names = cols.map((c) => q(c.name)).join(",");
    const defs = cols.map((c) => `${q(c.name)} ${PG_TYPES[c.type]}`).join(",");
    return [{ sql: `INSERT INTO ${q(table)} (${names}) SELECT ${names} FROM jsonb_to_recordset(?::jsonb) AS x(${defs}) ${tail}`, params: [JSON.stringify(objects)], mode: "run" }];
  },
  in: (expr, values) => ({ sql: `${expr} = ANY(?::text[])`, params: [values.map(String)] }),
};

function pgParam(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "bigint") return v.toString();
  return v;
}

/** Timestamps (without zone, holding UTC) come back as epoch milliseconds, int8/numeric as numbers. */
const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === 1114) return (s: string) => Date.parse(`${s.replace(" ", "T")}Z`);
    if (oid === 20 || oid === 1700) return (s: string) => Number(s);
    return pg.types.getTypeParser(oid, format as "text");
  },
} as unknown as pg.CustomTypesConfig;

const PG_RETRY_CODES = new Set(["40001", "40P01", "55P03"]);

export function createPostgresDriver(url: string, max = 4): SqlDriver {
  const pool = new pg.Pool({ connectionString: url, max, types: pgTypes });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  const query = async (client: pg.PoolClient | pg.Pool, s: Stmt): Promise<unknown> => {
    const r = await client.query(numbered(s.sql), s.params.map(pgParam));
    return s.mode === "all" ? r.rows : (r.rowCount ?? 0);
  };
  async function tx<T>(work: () => Work<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query("BEGIN");
        const gen = work();
        let step = gen.next();
        while (!step.done) step = gen.next(await query(client, step.value));
        await client.query("COMMIT");
        return step.value;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {
          broken = true;
        });
        const code = (e as { code?: string }).code;
        if (code && PG_RETRY_CODES.has(code) && attempt < 5) {
          await sleep(5 + Math.random() * 20 * (attempt + 1));
          continue;
        }
        throw e;
      } finally {
        client.release(broken);
      }
    }
  }
  return {
    provider: "postgres",
    dialect: pgDialect,
    tx,
    async all<T>(sql: string, ...params: unknown[]) {
      return (await query(pool, { sql, params, mode: "all" })) as T[];
    },
    async run(sql: string, ...params: unknown[]) {
      return (await query(pool, { sql, params, mode: "run" })) as number;
    },
    async close() {
      await pool.end();
    },
  };
}

export function createSqlDriver(target: DbTarget): SqlDriver {
  return target.provider === "sqlite" ? createSqliteDriver(target.file!) : createPostgresDriver(target.url);
}

/* ------------------------------------------------------------------ storage failures */

/** A driver that notices when the database cannot store anything (lib/db/errors.ts toStorageError). */
export interface StorageGuardedDriver extends SqlDriver {
  /** The first storage failure met through this driver. */
  storageError: StorageError | null;
  /** Called at every storage failure, before the caller sees the error (a run aborts itself here). */
  onStorageError: ((e: StorageError) => void) | null;
}

/**
 * Wraps a driver so that a storage failure (disk full, out of resources, read-only, I/O) is
 * rethrown as a StorageError with a message that says so, and reported through onStorageError
 * first: a sync run stops at the first one instead of failing unit after unit.
 */
export function guardStorage(base: SqlDriver, target: DbTarget = env().DATABASE_URL): StorageGuardedDriver {
  const watch = <T>(p: Promise<T>): Promise<T> =>
    p.catch((e: unknown) => {
      const storage = toStorageError(e, target);
      if (!storage) throw e;
      guarded.storageError ??= storage;
      guarded.onStorageError?.(storage);
      throw storage;
    });
  const guarded: StorageGuardedDriver = {
    provider: base.provider,
    dialect: base.dialect,
    storageError: null,
    onStorageError: null,
    tx: (work) => watch(base.tx(work)),
    all: (sql, ...params) => watch(base.all(sql, ...params)),
    run: (sql, ...params) => watch(base.run(sql, ...params)),
    close: () => base.close(),
  };
  return guarded;
}

/* ------------------------------------------------------------------ the process's driver */

const globalForSql = globalThis as unknown as { orderdeskSyncSql?: { driver: SqlDriver; url: string } };

/** The process's sync connection, on the database DATABASE_URL names (created on first use). */
export async function syncSql(): Promise<SqlDriver> {
  const target = env().DATABASE_URL;
  const cur = globalForSql.orderdeskSyncSql;
  if (cur && cur.url === target.url) return cur.driver;
  if (cur) await cur.driver.close();
  const driver = createSqlDriver(target);
  globalForSql.orderdeskSyncSql = { driver, url: target.url };
  return driver;
}

/** Closes the process's sync connection (CLIs and tests, before exiting). */
export async function closeSyncSql(): Promise<void> {
  const cur = globalForSql.orderdeskSyncSql;
  globalForSql.orderdeskSyncSql = undefined;
  if (cur) await cur.driver.close();
}
