/**
 * `npm run db:migration:new -- <name>`: writes the SQL that takes both databases from the last
 * migrated schema (prisma/migrations/schema.snapshot.prisma) to prisma/schema.prisma, with
 * `prisma migrate diff` once per provider (the only migration authoring that works offline),
 * then updates the snapshot. Review the SQL before committing it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { derivePostgresSchema } from "../lib/db/schema-variants";
import { CliError, runCli } from "./cli";

const SNAPSHOT = "prisma/migrations/schema.snapshot.prisma";
const EMPTY = "-- This is an empty migration.";

function diff(config: string, from: string | null, to: string): string {
  const fromArgs = from ? ["--from-schema-datamodel", from] : ["--from-empty"];
  return execFileSync("npx", ["prisma", "migrate", "diff", "--config", config, ...fromArgs, "--to-schema-datamodel", to, "--script"], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
}

runCli(async () => {
  const name = z
    .string({ error: "give the migration a name, e.g. npm run db:migration:new -- add_trades" })
    .regex(/^[a-z][a-z0-9_]{2,60}$/, "use lower_snake_case, 3–61 characters")
    .parse(process.argv[2]);
  const schema = readFileSync("prisma/schema.prisma", "utf8");
  const tmp = mkdtempSync(path.join(tmpdir(), "orderdesk-migration-"));
  const snapshot = existsSync(SNAPSHOT) ? readFileSync(SNAPSHOT, "utf8") : null;
  const files = {
    sqliteFrom: snapshot === null ? null : path.join(tmp, "from.prisma"),
    pgFrom: snapshot === null ? null : path.join(tmp, "from.pg.prisma"),
    pgTo: path.join(tmp, "to.pg.prisma"),
  };
  if (snapshot !== null) {
    writeFileSync(files.sqliteFrom!, snapshot);
    writeFileSync(files.pgFrom!, derivePostgresSchema(snapshot));
  }
  writeFileSync(files.pgTo, derivePostgresSchema(schema));

  const sqlite = diff("prisma.config.ts", files.sqliteFrom, "prisma/schema.prisma");
  const postgres = diff("prisma/postgres/prisma.config.ts", files.pgFrom, files.pgTo);
  if (sqlite.trim() === EMPTY && postgres.trim() === EMPTY) throw new CliError("prisma/schema.prisma has no changes since the last migration.");

  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  for (const [provider, sql] of [["sqlite", sqlite], ["postgres", postgres]] as const) {
    const dir = path.join("prisma", "migrations", provider, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), sql);
    console.log(`wrote ${dir}/migration.sql`);
  }
  writeFileSync(SNAPSHOT, schema);
});
