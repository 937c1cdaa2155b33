// Prisma CLI configuration for the SQLite schema (the embedded default). The CLI must run fully
// offline: the JS engine with a driver adapter means it never downloads a native engine.
// prisma/postgres/prisma.config.ts is the twin for the derived PostgreSQL schema.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "prisma", "schema.prisma"),
  async adapter() {
    const url = process.env.DATABASE_URL?.startsWith("file:") ? process.env.DATABASE_URL : "file::memory:";
    return new PrismaBetterSQLite3({ url });
  },
});
