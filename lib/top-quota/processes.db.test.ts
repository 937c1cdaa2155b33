/**
 * Acceptance, with real processes on the test database: three processes sharing one app key and
 * calling as fast as they can through the process's TOP client (lib/taobao.ts, as the app,
 * `npm run sync` and `npm run worker` do) against a counting gateway stub.
 *
 * - a daily budget of 300: the gateway receives at most 300 calls, at least 300 − 3 × the day
 *   block, and every process ends with TopBudgetExceededError;
 * - TOP_QPS 10: no second (counted at the gateway, by arrival) receives more than 10 calls.
 *
 * With the per-process memory limiter (the wiring before lib/top-quota) the first receives 900
 * calls and the second 30 a second.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, inject, it } from "vitest";
import { SANDBOX_APP_SECRET } from "@/lib/env";
import { formatTopTime } from "@/lib/time";
import { okReply, startTopStub, type TopStubServer } from "@/lib/top/testing/stub-server";
import { quotaBlocks } from "./limiter";

const CALLER = "lib/top-quota/testing/caller.ts";
const PROCESSES = 3;
const children = new Set<ChildProcess>();

afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
});

interface Summary {
  ok: number;
  budgetExceeded: boolean;
  retryAfterMs: number | null;
  errors: string[];
}

/** A gateway stub for `appKey` that answers taobao.time.get and records the arrival time of each call. */
async function countingStub(appKey: string): Promise<{ stub: TopStubServer; arrivals: number[] }> {
  const stub = await startTopStub({ appKey, appSecret: SANDBOX_APP_SECRET });
  const arrivals: number[] = [];
  stub.on("taobao.time.get", () => {
    arrivals.push(Date.now());
    return okReply("taobao.time.get", `{"time":"${formatTopTime(new Date())}","request_id":"q"}`);
  });
  return { stub, arrivals };
}

function startCaller(env: Record<string, string>): { child: ChildProcess; ready: Promise<void>; done: Promise<Summary> } {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", CALLER], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: inject("databaseUrl"), TOP_APP_SECRET: SANDBOX_APP_SECRET, LOG_LEVEL: "silent", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.add(child);
  let out = "";
  let err = "";
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    if (out.includes("ready\n")) onReady();
  });
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const done = new Promise<Summary>((resolve, reject) =>
    child.on("exit", (code) => {
      children.delete(child);
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !last.startsWith("{")) reject(new Error(`caller exited with ${code}: ${out}\n${err}`));
      else resolve(JSON.parse(last) as Summary);
    }),
  );
  return { child, ready, done };
}

/** Starts the callers, waits until each is loaded and connected, then lets them all go at once. */
async function runCallers(n: number, env: Record<string, string>): Promise<Summary[]> {
  const callers = Array.from({ length: n }, () => startCaller(env));
  await Promise.race([Promise.all(callers.map((c) => c.ready)), Promise.all(callers.map((c) => c.done))]);
  for (const c of callers) c.child.stdin!.end("go\n");
  return Promise.all(callers.map((c) => c.done));
}

describe(`TOP limits across processes on ${inject("databaseProvider")}`, () => {
  it("three processes with a daily budget of 300 make at most 300 calls together, and each ends with TopBudgetExceededError", async () => {
    const appKey = "71000301";
    const { stub, arrivals } = await countingStub(appKey);
    try {
      const summaries = await runCallers(PROCESSES, { TOP_GATEWAY_URL: stub.gatewayUrl, TOP_APP_KEY: appKey, TOP_QPS: "1000", TOP_DAILY_BUDGET: "300" });
      const received = arrivals.length;
      const block = quotaBlocks(1000, 300).day!;
      expect(block).toBe(3);
      expect(summaries.flatMap((s) => s.errors)).toEqual([]);
      expect(received, JSON.stringify(summaries)).toBeLessThanOrEqual(300);
      expect(received).toBeGreaterThanOrEqual(300 - PROCESSES * block);
      expect(summaries.reduce((n, s) => n + s.ok, 0)).toBe(received);
      for (const s of summaries) {
        expect(s.budgetExceeded).toBe(true);
        // Until the next Shanghai midnight.
        expect(s.retryAfterMs).toBeGreaterThan(0);
        expect(s.retryAfterMs).toBeLessThanOrEqual(86_400_000);
      }
      // Every process got a share: the budget is one pool, not first come, all served.
      expect(summaries.filter((s) => s.ok > 0)).toHaveLength(PROCESSES);
    } finally {
      await stub.close();
    }
  }, 120_000);

  it("three processes with TOP_QPS 10 never send more than 10 calls in one second together", async () => {
    const appKey = "71000010";
    const { stub, arrivals } = await countingStub(appKey);
    try {
      const summaries = await runCallers(PROCESSES, { TOP_GATEWAY_URL: stub.gatewayUrl, TOP_APP_KEY: appKey, TOP_QPS: "10", CALLER_MAX_CALLS: "20" });
      expect(summaries.flatMap((s) => s.errors)).toEqual([]);
      expect(summaries.map((s) => s.ok)).toEqual([20, 20, 20]);
      expect(arrivals).toHaveLength(60);
      const perSecond = new Map<number, number>();
      for (const t of arrivals) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
      const counts = [...perSecond.entries()].sort(([a], [b]) => a - b).map(([, n]) => n);
      expect(Math.max(...counts), counts.join(",")).toBeLessThanOrEqual(10);
      // 60 calls at 10 a second need at least six seconds.
      expect(counts.length).toBeGreaterThanOrEqual(6);
    } finally {
      await stub.close();
    }
  }, 120_000);
});
