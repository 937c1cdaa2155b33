import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createScratchSqlite } from "@/test/sqlite";

const run = promisify(execFile);

async function migrateCli(env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "scripts/migrate.ts"], { env: { ...process.env, ...env } });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

describe("npm run db:migrate", () => {
  it("migrates an empty SQLite file, then reports it up to date", async () => {
    const s = createScratchSqlite();
    const first = await migrateCli({ DATABASE_URL: s.url });
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Applied \d+ migration\(s\)/);
    const second = await migrateCli({ DATABASE_URL: s.url });
    expect(second.out).toMatch(/Database is up to date/);
    await s.drop();
  });

  it("refuses a malformed DATABASE_URL with a plain message and exit code 1", async () => {
    const { code, out } = await migrateCli({ DATABASE_URL: "mysql://x" });
    expect(code).toBe(1);
    expect(out).toContain("DATABASE_URL: expected file:./data/orderdesk.db (SQLite) or postgresql://");
    expect(out).not.toMatch(/^\s+at /m);
  });
});
