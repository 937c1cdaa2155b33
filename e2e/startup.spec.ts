import { expect, test } from "@playwright/test";
import { spawn } from "node:child_process";

/** Starts the production server with the given environment and collects what it prints until it exits. */
function startServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("npx", ["next", "start", "-p", "3199", "-H", "127.0.0.1"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test("malformed configuration stops start-up with a plain message, not a stack trace", async () => {
  const { code, output } = await startServer({ DATABASE_URL: "mysql://x", TOP_QPS: "fast" });
  expect(code).toBe(1);
  expect(output).toContain("OrderDesk cannot start");
  expect(output).toContain("DATABASE_URL: expected file:./data/orderdesk.db (SQLite) or postgresql://");
  expect(output).toContain("TOP_QPS: expected a whole number");
  expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
});
