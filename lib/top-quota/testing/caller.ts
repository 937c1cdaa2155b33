/**
 * A process that calls TOP as fast as it can through the process's client (lib/taobao.ts
 * topClient(), so through whatever limiter it is wired with), for processes.db.test.ts.
 *
 * Environment: the app's (DATABASE_URL, TOP_GATEWAY_URL, TOP_APP_KEY, TOP_APP_SECRET, TOP_QPS,
 * TOP_DAILY_BUDGET), plus CALLER_CONCURRENCY (calls in flight, default 4) and CALLER_MAX_CALLS
 * (stop after this many successful calls; default: until the daily budget is spent).
 *
 * Prints `ready` once loaded and connected, starts on a line on stdin, and prints one JSON line
 * at the end: {"ok": n, "budgetExceeded": bool, "retryAfterMs": ms | null, "errors": [...]}.
 */
import { createInterface } from "node:readline";
import { closeConnections } from "@/lib/sync/cli";
import { syncSql } from "@/lib/sync/sql";
import { topClient } from "@/lib/taobao";
import { TopBudgetExceededError } from "@/lib/top";

const concurrency = Number(process.env.CALLER_CONCURRENCY ?? 4);
const maxCalls = process.env.CALLER_MAX_CALLS ? Number(process.env.CALLER_MAX_CALLS) : Number.POSITIVE_INFINITY;

async function main(): Promise<void> {
  const client = topClient();
  await syncSql();
  console.log("ready");
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once("line", () => resolve()));
  lines.close();

  let ok = 0;
  let started = 0;
  let budgetExceeded = false;
  let retryAfterMs: number | null = null;
  const errors: string[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!budgetExceeded && started < maxCalls && errors.length === 0) {
        started++;
        try {
          await client.call("taobao.time.get");
          ok++;
        } catch (e) {
          if (TopBudgetExceededError.is(e)) {
            budgetExceeded = true;
            retryAfterMs = e.retryAfterMs;
          } else errors.push(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
        }
      }
    }),
  );
  await closeConnections();
  console.log(JSON.stringify({ ok, budgetExceeded, retryAfterMs, errors }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
