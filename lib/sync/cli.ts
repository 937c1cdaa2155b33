/**
 * Shared by the sync CLIs (scripts/sync.ts, worker.ts, digest.ts, rollups-rebuild.ts): argument
 * parsing with a clear message for an unknown or malformed flag (node:util parseArgs, then zod),
 * a check of the database before anything opens it, shop look-up by nick, and a clean shutdown
 * of the database connections.
 */
import { existsSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";
import { databaseWhere, describeDatabaseError } from "@/lib/db/errors";
import { parseDatabaseUrl, type DbTarget } from "@/lib/db/url";

/** Printed by scripts/cli.ts runCli as a plain message (it recognises the name), exit code 1. */
export class CliError extends Error {
  override readonly name = "CliError";
}

export function parseCliArgs<S extends z.ZodType>(argv: string[], options: NonNullable<ParseArgsConfig["options"]>, schema: S, usage: string): z.output<S> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: argv, options: { ...options, help: { type: "boolean" } }, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new CliError(`${e instanceof Error ? e.message : String(e)}\n\n${usage}`);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const r = schema.safeParse(values);
  if (!r.success) throw new CliError(`Invalid arguments:\n${r.error.issues.map((i) => `  - --${i.path.join(".") || "arguments"}: ${i.message}`).join("\n")}\n\n${usage}`);
  return r.data;
}

/** The shop with this nick (main account nick, e.g. 小米粒旗舰店), or this shop id. */
export async function shopByNick(nick: string): Promise<{ id: string; nick: string; status: string }> {
  const { db } = await import("@/lib/db");
  const byId = await db().shop.findUnique({ where: { id: nick }, select: { id: true, nick: true, status: true } });
  if (byId) return byId;
  const shops = await db().shop.findMany({ where: { nick }, select: { id: true, nick: true, status: true } });
  if (shops.length === 1) return shops[0]!;
  if (shops.length > 1) throw new CliError(`Several shops are called ${nick}: give one of their ids instead (${shops.map((s) => s.id).join(", ")})`);
  const all = await db().shop.findMany({ select: { nick: true }, orderBy: { nick: "asc" }, take: 20 });
  throw new CliError(`No shop called ${nick}. ${all.length ? `Connected shops: ${all.map((s) => s.nick).join(", ")}` : "No shop is connected yet: its owner must sign in first."}`);
}

/** Validates the SYNC_* settings (and the app's configuration) up front, as a plain message. */
export async function checkConfig(): Promise<void> {
  const [{ loadEnv }, { loadSyncConfig }] = await Promise.all([import("@/lib/env"), import("./config")]);
  loadEnv();
  try {
    loadSyncConfig();
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
}

/** DATABASE_URL as lib/env reads it (same default). */
export function cliDatabaseTarget(): DbTarget {
  return parseDatabaseUrl(process.env.DATABASE_URL?.trim() || "file:./data/orderdesk.db");
}

/**
 * Checks the database DATABASE_URL names before anything opens it: it exists (a CLI never
 * creates a SQLite file: only `npm run db:migrate` and the demo do), it answers, and it has this
 * version's tables. Each problem is one CliError line with the fix.
 */
export async function checkDatabase(target: DbTarget = cliDatabaseTarget()): Promise<void> {
  const where = databaseWhere(target);
  const fail = (e: unknown): never => {
    throw new CliError(describeDatabaseError(e, target) ?? `${where} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  };
  let applied: string[] | null = null;
  if (target.provider === "sqlite") {
    if (target.file === ":memory:") return;
    if (!existsSync(target.file!)) throw new CliError(`${where} does not exist: create it with npm run db:migrate (it creates the database DATABASE_URL names), or fix DATABASE_URL`);
    const { default: Database } = await import("better-sqlite3");
    let conn: InstanceType<typeof Database> | null = null;
    try {
      conn = new Database(target.file!, { fileMustExist: true, timeout: 5_000 });
      const has = conn.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_orderdesk_migrations'`).get();
      applied = has ? (conn.prepare(`SELECT name FROM "_orderdesk_migrations"`).all() as { name: string }[]).map((r) => r.name) : null;
    } catch (e) {
      fail(e);
    } finally {
      conn?.close();
    }
  } else {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: 10_000 });
    client.on("error", () => undefined);
    try {
      await client.connect();
      const [r] = (await client.query<{ t: string | null }>(`SELECT to_regclass('"_orderdesk_migrations"')::text AS t`)).rows;
      applied = r?.t ? (await client.query<{ name: string }>(`SELECT name FROM "_orderdesk_migrations"`)).rows.map((x) => x.name) : null;
    } catch (e) {
      fail(e);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  if (!applied || applied.length === 0) throw new CliError(`${where} has no OrderDesk tables: run npm run db:migrate`);
  const { loadMigrations } = await import("@/lib/db/migrate");
  let pending = 0;
  try {
    pending = loadMigrations(target.provider).filter((m) => !applied.includes(m.name)).length;
  } catch {
    // No migrations folder here (run from elsewhere): the tables exist, which is what matters most.
  }
  if (pending > 0) throw new CliError(`${where} is ${pending} migration${pending === 1 ? "" : "s"} behind this version of OrderDesk: run npm run db:migrate`);
}

export async function closeConnections(): Promise<void> {
  const [{ closeSyncSql }, { db }, { releaseTopQuota }] = await Promise.all([import("./sql"), import("@/lib/db"), import("@/lib/taobao")]);
  // The day's calls reserved and not spent go back to the app key's budget (before the connection closes).
  await releaseTopQuota().catch(() => undefined);
  await closeSyncSql();
  await db().$disconnect();
}
