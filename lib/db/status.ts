import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { loadMigrations } from "./migrate";
import type { DbProvider } from "./url";

export interface DatabaseStatus {
  ok: boolean;
  provider: DbProvider;
  /** Migrations on disk that the database has not applied yet (run `npm run db:migrate`). */
  pendingMigrations: number;
  problem?: "unreachable" | "migrations-pending";
}

export async function databaseStatus(): Promise<DatabaseStatus> {
  const provider = env().DATABASE_URL.provider;
  let applied: Set<string>;
  try {
    const rows = await db().$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM "_orderdesk_migrations"`);
    applied = new Set(rows.map((r) => r.name));
  } catch {
    return { ok: false, provider, pendingMigrations: loadMigrations(provider).length, problem: "unreachable" };
  }
  const pending = loadMigrations(provider).filter((m) => !applied.has(m.name)).length;
  return pending === 0 ? { ok: true, provider, pendingMigrations: 0 } : { ok: false, provider, pendingMigrations: pending, problem: "migrations-pending" };
}
