/**
 * Derives prisma/postgres/schema.prisma from prisma/schema.prisma: the models are shared, only
 * the generator output and the datasource differ. `--check` exits 1 when the committed file is
 * stale (used by the test suite).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { derivePostgresSchema } from "../lib/db/schema-variants";

const source = readFileSync("prisma/schema.prisma", "utf8");
const derived = derivePostgresSchema(source);
const target = "prisma/postgres/schema.prisma";
if (process.argv.includes("--check")) {
  const current = readFileSync(target, "utf8");
  if (current !== derived) {
    console.error(`${target} is stale: run npm run db:generate`);
    process.exit(1);
  }
} else {
  writeFileSync(target, derived);
}
