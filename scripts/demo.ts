/**
 * `npm run demo`: the dashboard on http://localhost:3000 over an embedded SQLite file and the
 * local TOP sandbox (http://127.0.0.1:4100, with its admin API). Validates the configuration,
 * applies migrations, builds when the sources are newer than the last build, then runs the
 * sandbox and the production server side by side. One Ctrl-C stops both.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { migrate } from "../lib/db/migrate";
import { loadEnv } from "../lib/env";
import { runCli } from "./cli";

const SOURCES = ["app", "components", "lib", "next.config.ts", "package-lock.json", "postcss.config.mjs", "instrumentation.ts", "tsconfig.json"];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(p).reduce((max, name) => Math.max(max, newestMtime(path.join(p, name))), st.mtimeMs);
}

function buildIsStale(): boolean {
  const buildId = path.join(".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(s) > built);
}

function exec(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", env });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited with ${code}`))));
  });
}

runCli(async () => {
  const env = loadEnv();
  const port = Number(process.env.PORT ?? 3000);
  const result = await migrate(env.DATABASE_URL.url);
  console.log(result.applied.length ? `Database migrated (${result.applied.length} new).` : "Database is up to date.");

  if (buildIsStale()) {
    console.log("Building the dashboard (first run or sources changed)...");
    await exec("npx", ["next", "build"]);
  }

  // Each child leads its own process group, so stopping it also stops what npx started under it.
  const children: ChildProcess[] = [];
  const stopAll = () => {
    for (const c of children) {
      if (c.exitCode !== null || c.pid === undefined) continue;
      try {
        process.kill(-c.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  };
  process.on("SIGINT", stopAll);
  process.on("SIGTERM", stopAll);

  // The sandbox only when the app points at this machine: a real gateway needs no stand-in.
  const gateway = new URL(env.TOP_GATEWAY_URL);
  if (["127.0.0.1", "localhost"].includes(gateway.hostname)) {
    // It reads the app key and secret from the same environment (never from argv, which `ps` shows).
    const sandbox = spawn("npx", ["tsx", "sandbox/cli.ts", "--port", gateway.port || "80", "--admin"], { stdio: ["ignore", "inherit", "inherit"], detached: true });
    children.push(sandbox);
  }
  const app = spawn("npx", ["next", "start", "-p", String(port)], {
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
    env: { ...process.env, NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}` },
  });
  children.push(app);
  console.log(`\nOrderDesk is starting on http://localhost:${port}  (Ctrl-C stops it)`);
  console.log(`Sign in with 使用淘宝账号登录 and choose 小米粒旗舰店 (the owner) on the sandbox's consent page;`);
  console.log(`sub-accounts 小米粒旗舰店:客服小王 and 小米粒旗舰店:运营老李 join the same shop.\n`);

  await new Promise<void>((resolve) => {
    for (const c of children)
      c.on("exit", () => {
        stopAll();
        resolve();
      });
  });
});
