/**
 * Shared by the sync CLIs (scripts/sync.ts, worker.ts, digest.ts, rollups-rebuild.ts): argument
 * parsing with a clear message for an unknown or malformed flag (node:util parseArgs, then zod),
 * shop look-up by nick, and a clean shutdown of the database connections.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";

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

export async function closeConnections(): Promise<void> {
  const [{ closeSyncSql }, { db }, { releaseTopQuota }] = await Promise.all([import("./sql"), import("@/lib/db"), import("@/lib/taobao")]);
  // The day's calls reserved and not spent go back to the app key's budget (before the connection closes).
  await releaseTopQuota().catch(() => undefined);
  await closeSyncSql();
  await db().$disconnect();
}
