/**
 * Once per database project: a throwaway database (SQLite file or PostgreSQL database), migrated,
 * handed to the tests as `inject("databaseUrl")`, and dropped when the run ends.
 */
import type { TestProject } from "vitest/node";
import { migrate } from "../lib/db/migrate";
import { createScratchPostgres, postgresReachable, testPostgresAdminUrl } from "./postgres";
import { createScratchSqlite } from "./sqlite";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseProvider: "sqlite" | "postgres";
  }
}

export default async function setup(project: TestProject) {
  const provider = project.name === "db-postgres" ? "postgres" : "sqlite";
  if (provider === "postgres" && !(await postgresReachable())) {
    throw new Error(`PostgreSQL is not reachable at ${testPostgresAdminUrl()}: start it or set TEST_DATABASE_URL (npm test skips this project when no PostgreSQL answers outside CI)`);
  }
  const scratch = provider === "postgres" ? await createScratchPostgres() : createScratchSqlite();
  await migrate(scratch.url);
  project.provide("databaseUrl", scratch.url);
  project.provide("databaseProvider", provider);
  return async () => {
    await scratch.drop();
  };
}
