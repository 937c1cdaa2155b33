/**
 * The PostgreSQL that database tests use: TEST_DATABASE_URL if set, else the server every
 * machine here runs at 127.0.0.1:5432. Each run creates its own databases and drops them after.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export const DEFAULT_TEST_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres";

export function testPostgresAdminUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_TEST_POSTGRES;
}

export async function postgresReachable(url = testPostgresAdminUrl()): Promise<boolean> {
  // A server that is absent refuses at once; a present one under heavy I/O (a checkpoint after a
  // bulk load) can take seconds to accept, and must not be mistaken for absent.
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates an empty database and returns its URL and a function that drops it. */
export async function createScratchPostgres(prefix = "orderdesk_test"): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = testPostgresAdminUrl();
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return {
    url: withDatabase(admin, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
