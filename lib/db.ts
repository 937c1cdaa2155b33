/**
 * One Prisma client per process, on the database DATABASE_URL names: SQLite through
 * better-sqlite3 (the embedded default) or PostgreSQL through pg (the scale-out backend).
 * Both clients are generated from the same models, so the SQLite client's type describes both.
 */
import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "@/generated/prisma/postgres/client";
import { PrismaClient as SqliteClient } from "@/generated/prisma/sqlite/client";
import { parseDatabaseUrl, type DbTarget } from "./db/url";
import { env } from "./env";

export type Db = SqliteClient;
export type { DbProvider } from "./db/url";

/** Opens a new client on the given database (tests and CLIs that need a second one use this). */
export function createDb(target: DbTarget): Db {
  if (target.provider === "sqlite") {
    // Integer milliseconds keep timestamp columns compact and their indexes fast at millions of rows.
    const adapter = new PrismaBetterSQLite3({ url: target.file!, timeout: 15_000 }, { timestampFormat: "unixepoch-ms" });
    return new SqliteClient({ adapter });
  }
  const adapter = new PrismaPg({ connectionString: target.url, max: 10 });
  return new PostgresClient({ adapter }) as unknown as Db;
}

const globalForDb = globalThis as unknown as { orderdeskDb?: { db: Db; target: DbTarget } };

/** The process's client; survives Next's dev-mode module reloads. */
export function db(): Db {
  if (!globalForDb.orderdeskDb) {
    const target = env().DATABASE_URL;
    globalForDb.orderdeskDb = { db: createDb(target), target };
  }
  return globalForDb.orderdeskDb.db;
}

export function dbProvider(): DbTarget["provider"] {
  return env().DATABASE_URL.provider;
}

export { parseDatabaseUrl };
