/**
 * Three projects: `unit` (no database), and the database tests (`*.db.test.ts`) twice, once on a
 * throwaway SQLite file and once on a throwaway PostgreSQL database. Everything runs with
 * TZ=America/Los_Angeles so that any code that leans on the host's zone instead of GMT+8 fails.
 */
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const DB_TESTS = ["**/*.db.test.ts"];
const IGNORED = ["**/node_modules/**", "**/.next/**", "e2e/**", "generated/**"];

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      "server-only": path.join(root, "test/empty-module.ts"),
    },
  },
  test: {
    env: { TZ: "America/Los_Angeles", NODE_ENV: "test" },
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["**/*.test.ts", "**/*.test.tsx"], exclude: [...IGNORED, ...DB_TESTS] } },
      {
        extends: true,
        test: { name: "db-sqlite", include: DB_TESTS, exclude: IGNORED, globalSetup: ["test/db-global-setup.ts"], setupFiles: ["test/db-setup.ts"] },
      },
      {
        extends: true,
        test: { name: "db-postgres", include: DB_TESTS, exclude: IGNORED, globalSetup: ["test/db-global-setup.ts"], setupFiles: ["test/db-setup.ts"] },
      },
    ],
  },
});
