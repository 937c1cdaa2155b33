/**
 * `npm test`: every check and every test, in order — lint, typecheck, Vitest (unit, SQLite,
 * PostgreSQL), a production build, Playwright in Chromium — then one summary line,
 * `N passed, N failed[, N skipped]`, counting every test that ran (lint and typecheck count as
 * one check each). Later stages run even when an earlier one fails, so one run shows everything.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { postgresReachable, testPostgresAdminUrl } from "../test/postgres";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

const RESULTS = "test-results";
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const stages: { name: string; ok: boolean; seconds: number }[] = [];

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function stage(name: string, body: () => Promise<boolean>): Promise<boolean> {
  console.log(`\n━━ ${name} ━━`);
  const started = Date.now();
  const ok = await body();
  stages.push({ name, ok, seconds: Math.round((Date.now() - started) / 1000) });
  return ok;
}

/** A check without its own test count (lint, typecheck, build) counts as one test. */
async function check(name: string, cmd: string, args: string[]): Promise<boolean> {
  return stage(name, async () => {
    const ok = (await run(cmd, args)) === 0;
    if (ok) total.passed++;
    else total.failed++;
    return ok;
  });
}

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : undefined;
}

async function main() {
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });
  const ci = process.env.CI === "true" || process.env.CI === "1";

  await check("lint (eslint, zero warnings)", "npx", ["eslint", "--max-warnings", "0", "."]);
  await check("typecheck (tsc --noEmit)", "npx", ["tsc", "--noEmit"]);

  await stage("unit and database tests (vitest)", async () => {
    const projects = ["--project", "unit", "--project", "db-sqlite"];
    if (await postgresReachable()) projects.push("--project", "db-postgres");
    else if (ci) {
      console.error(`PostgreSQL is not reachable at ${testPostgresAdminUrl()}; CI must run the PostgreSQL tests.`);
      total.failed++;
    } else console.warn(`PostgreSQL is not reachable at ${testPostgresAdminUrl()}: skipping the db-postgres project (set TEST_DATABASE_URL to run it).`);
    const code = await run("npx", ["vitest", "run", ...projects, "--reporter=default", "--reporter=json", `--outputFile.json=${RESULTS}/vitest.json`]);
    const report = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; numTotalTestSuites: number; testResults: { status: string }[] }>(`${RESULTS}/vitest.json`);
    if (!report) {
      total.failed++;
      return false;
    }
    total.passed += report.numPassedTests;
    total.failed += report.numFailedTests;
    total.skipped += report.numPendingTests + report.numTodoTests;
    // A file that fails to load has no tests in it but must still fail the run.
    const brokenFiles = report.testResults.filter((r) => r.status === "failed").length;
    if (code !== 0 && report.numFailedTests === 0) total.failed += Math.max(1, brokenFiles);
    return code === 0;
  });

  const built = await check("production build (next build)", "npx", ["next", "build"]);

  await stage("end-to-end tests (playwright, chromium)", async () => {
    if (!built) {
      console.error("Skipped: the production build failed.");
      total.failed++;
      return false;
    }
    const code = await run("npx", ["playwright", "test"]);
    const report = readJson<{ stats: { expected: number; unexpected: number; skipped: number; flaky: number }; errors: unknown[] }>(`${RESULTS}/e2e.json`);
    if (!report) {
      total.failed++;
      return false;
    }
    total.passed += report.stats.expected + report.stats.flaky;
    total.failed += report.stats.unexpected;
    total.skipped += report.stats.skipped;
    // Errors outside tests (a web server that would not start, a broken config) fail the run too.
    if (code !== 0 && report.stats.unexpected === 0) total.failed += Math.max(1, report.errors.length);
    return code === 0;
  });

  console.log("\n━━ summary ━━");
  for (const s of stages) console.log(`${s.ok ? "✓" : "✗"} ${s.name} (${s.seconds}s)`);
  const summary = `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`;
  writeFileSync(`${RESULTS}/summary.txt`, `${summary}\n`);
  console.log(summary);
  process.exit(total.failed === 0 && stages.every((s) => s.ok) ? 0 : 1);
}

void main();
