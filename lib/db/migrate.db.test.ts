import Database from "better-sqlite3";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createScratchPostgres } from "@/test/postgres";
import { createScratchSqlite } from "@/test/sqlite";
import { MigrationError, loadMigrations, migrate } from "./migrate";

type Scratch = { url: string; drop: () => Promise<void> };
const provider = inject("databaseProvider");
const scratches: Scratch[] = [];
afterAll(async () => {
  await Promise.all(scratches.map((s) => s.drop()));
});

async function scratch(kind: "sqlite" | "postgres"): Promise<Scratch> {
  const s = kind === "sqlite" ? createScratchSqlite() : await createScratchPostgres();
  scratches.push(s);
  return s;
}

/** The file of a scratch SQLite URL (`file:/tmp/…/test.db`). */
const fileOf = (url: string) => url.slice("file:".length);

/** Table → sorted column names, as the database reports them. */
async function shape(kind: "sqlite" | "postgres", url: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  if (kind === "sqlite") {
    const db = new Database(fileOf(url), { readonly: true });
    // SQLite's full-text index (a virtual table and its shadow tables) has no table twin on
    // PostgreSQL, where a pg_trgm index on the same column does that job.
    const virtual = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'").all() as { name: string }[]).map((t) => t.name);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).filter(
      (t) => !virtual.some((v) => t.name === v || t.name.startsWith(`${v}_`)),
    );
    for (const { name } of tables) out[name] = (db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).map((c) => c.name).sort();
    db.close();
  } else {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query<{ t: string; c: string }>("SELECT table_name t, column_name c FROM information_schema.columns WHERE table_schema = 'public'");
    await c.end();
    for (const r of rows) (out[r.t] ??= []).push(r.c);
    for (const k of Object.keys(out)) out[k]!.sort();
  }
  return out;
}

describe(`migrations on ${provider}`, () => {
  it("apply every migration to an empty database, then change nothing when run again", async () => {
    const s = await scratch(provider);
    const first = await migrate(s.url);
    expect(first.applied).toEqual(loadMigrations(provider).map((m) => m.name));
    const before = await shape(provider, s.url);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(["Shop", "User", "Membership", "AuditLog", "_orderdesk_migrations"]));
    const second = await migrate(s.url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(first.applied.length);
    expect(await shape(provider, s.url)).toEqual(before);
  });

  it.runIf(provider === "sqlite")("gives a new SQLite database 8 KiB pages and leaves an existing one's alone", async () => {
    const pageSize = (url: string) => {
      const db = new Database(fileOf(url), { readonly: true });
      const size = db.pragma("page_size", { simple: true });
      db.close();
      return size;
    };
    const fresh = await scratch("sqlite");
    await migrate(fresh.url);
    expect(pageSize(fresh.url)).toBe(8192);

    // A database created before (SQLite's default 4 KiB) keeps its pages: changing them takes a VACUUM.
    const old = await scratch("sqlite");
    const db = new Database(fileOf(old.url));
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE kept (x INTEGER)");
    db.close();
    await migrate(old.url);
    expect(pageSize(old.url)).toBe(4096);
  });

  it("concurrent runs apply each migration once", async () => {
    const s = await scratch(provider);
    const results = await Promise.all([migrate(s.url), migrate(s.url), migrate(s.url)]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(loadMigrations(provider).map((m) => m.name).sort());
  });

  it("refuses to continue when an applied migration was edited", async () => {
    const s = await scratch(provider);
    const root = mkdtempSync(path.join(tmpdir(), "orderdesk-migrations-"));
    cpSync("prisma/migrations", path.join(root, "prisma/migrations"), { recursive: true });
    await migrate(s.url, root);
    const first = loadMigrations(provider, root)[0]!;
    writeFileSync(path.join(root, "prisma/migrations", provider, first.name, "migration.sql"), `${first.sql}\n-- edited`);
    await expect(migrate(s.url, root)).rejects.toThrow(MigrationError);
    await expect(migrate(s.url, root)).rejects.toThrow(/changed after it was applied/);
  });

  it.runIf(provider === "postgres")("creates the same tables and columns on SQLite and PostgreSQL", async () => {
    const lite = await scratch("sqlite");
    const pgdb = await scratch("postgres");
    await migrate(lite.url);
    await migrate(pgdb.url);
    expect(await shape("postgres", pgdb.url)).toEqual(await shape("sqlite", lite.url));
  });
});
