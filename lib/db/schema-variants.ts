/**
 * One model source, two providers. The SQLite schema is the source; the PostgreSQL schema is the
 * same text with its generator output and datasource block replaced.
 */
const GENERATOR_OUTPUT = /output\s*=\s*"\.\.\/generated\/prisma\/sqlite"/;
const DATASOURCE = /datasource db \{[^}]*\}/;

const PG_DATASOURCE = `datasource db {
  provider = "postgresql"
  // Read by the Prisma CLI only; at run time lib/db.ts hands DATABASE_URL to the driver adapter.
  url      = "postgresql://postgres@127.0.0.1:5432/postgres"
}`;

const HEADER = "// GENERATED from prisma/schema.prisma by scripts/derive-pg-schema.ts: do not edit.\n";

export function derivePostgresSchema(sqliteSchema: string): string {
  if (!GENERATOR_OUTPUT.test(sqliteSchema) || !DATASOURCE.test(sqliteSchema)) {
    throw new Error("prisma/schema.prisma must keep its generator output and datasource block in the expected form");
  }
  return (
    HEADER +
    sqliteSchema
      .replace(GENERATOR_OUTPUT, 'output     = "../../generated/prisma/postgres"')
      .replace(DATASOURCE, PG_DATASOURCE)
  );
}
