/**
 * The sync CLIs (`npm run sync`, `db:digest`, `worker`, `rollups:rebuild`) on a database that is
 * not there: one clear line with the fix on stderr — no Prisma stack —, exit code 1, with --json
 * a JSON error object on stdout, and no SQLite file created as a side effect.
 *
 * SQLite cases run in the SQLite project, PostgreSQL ones in the PostgreSQL project (which knows a
 * server answers at the test database's host).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";

const provider = inject("databaseProvider");
const dir = mkdtempSync(path.join(tmpdir(), "orderdesk-cli-"));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CLIS: [script: string, args: string[]][] = [
  ["scripts/sync.ts", ["--shop", "小米粒旗舰店", "--json"]],
  ["scripts/digest.ts", ["--shop", "小米粒旗舰店"]],
  ["scripts/worker.ts", []],
  ["scripts/rollups-rebuild.ts", ["--check"]],
];

function cli(script: string, args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "info" };
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script, ...args], { cwd: process.cwd(), env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Every CLI prints exactly `line` (stderr), exits 1; `npm run sync -- --json` also prints {"error": line} on stdout, alone. */
async function expectOneLine(databaseUrl: string, line: string | RegExp): Promise<void> {
  const results = await Promise.all(CLIS.map(([script, args]) => cli(script, args, databaseUrl)));
  results.forEach((r, i) => {
    const [script, args] = CLIS[i]!;
    const what = `${script} ${args.join(" ")}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
    expect(r.code, what).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines, what).toHaveLength(1);
    expect(lines[0], what).toMatch(line);
    if (args.includes("--json")) expect(JSON.parse(r.stdout), what).toEqual({ error: lines[0] });
    else expect(r.stdout, what).toBe("");
  });
}

const escape = (s: string) => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

describe.runIf(provider === "sqlite")("the sync CLIs on a SQLite database that is not there", () => {
  it("a missing file: says it does not exist and how to create it, and does not create it", async () => {
    const file = path.join(dir, "missing.db");
    await expectOneLine(`file:${file}`, escape(`${file} does not exist: create it with npm run db:migrate (it creates the database DATABASE_URL names), or fix DATABASE_URL`));
    expect(existsSync(file)).toBe(false);
    // Nor in a folder that does not exist.
    const nested = path.join(dir, "nowhere", "x.db");
    const r = await cli("scripts/sync.ts", ["--shop", "x"], `file:${nested}`);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`${nested} does not exist: create it with npm run db:migrate (it creates the database DATABASE_URL names), or fix DATABASE_URL`);
    expect(existsSync(path.dirname(nested))).toBe(false);
  }, 60_000);

  it("an unmigrated file: says it has no OrderDesk tables and to run db:migrate, and leaves it as it was", async () => {
    const file = path.join(dir, "empty.db");
    writeFileSync(file, "");
    await expectOneLine(`file:${file}`, escape(`${file} has no OrderDesk tables: run npm run db:migrate`));
    expect(statSync(file).size).toBe(0);
  }, 60_000);
});

describe.runIf(provider === "postgres")("the sync CLIs on a PostgreSQL database that is not there", () => {
  const server = new URL(inject("databaseUrl"));

  it("a missing database: says so, with the createdb command", async () => {
    const u = new URL(server);
    u.pathname = "/orderdesk_missing_cli_test";
    const user = u.username ? ` -U ${decodeURIComponent(u.username)}` : "";
    const port = u.port && u.port !== "5432" ? ` -p ${u.port}` : "";
    await expectOneLine(
      u.toString(),
      escape(`database "orderdesk_missing_cli_test" does not exist on ${u.hostname}:${u.port || 5432}: create it (createdb -h ${u.hostname}${port}${user} orderdesk_missing_cli_test) or fix DATABASE_URL`),
    );
  }, 60_000);

  it("an unreachable port: says PostgreSQL cannot be reached there", async () => {
    const u = new URL(server);
    u.port = "1";
    await expectOneLine(u.toString(), escape(`cannot reach PostgreSQL at ${u.hostname}:1 (connection refused): is it running?`));
  }, 60_000);
});
