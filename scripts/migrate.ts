/**
 * `npm run db:migrate`: applies pending migrations to the database DATABASE_URL names (SQLite
 * file or PostgreSQL). Idempotent; safe on every start.
 */
import { loadEnv } from "../lib/env";
import { migrate } from "../lib/db/migrate";
import { runCli } from "./cli";

runCli(async () => {
  const env = loadEnv();
  const result = await migrate(env.DATABASE_URL.url);
  const where = env.DATABASE_URL.provider === "sqlite" ? env.DATABASE_URL.file : "PostgreSQL";
  if (result.applied.length === 0) console.log(`Database is up to date (${result.alreadyApplied} migrations, ${where}).`);
  else console.log(`Applied ${result.applied.length} migration(s) to ${where}:\n${result.applied.map((m) => `  ${m}`).join("\n")}`);
});
