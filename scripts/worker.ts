/**
 * `npm run worker [-- --concurrency N]`: a sync worker process. It runs the same scheduler as the
 * app (due shops every few seconds, incremental every SYNC_INTERVAL_SECONDS), so any number of
 * workers and app instances can run at once: the per-shop lease lets one of them sync a shop at a
 * time. SIGINT/SIGTERM stop it cleanly (running syncs stop at a safe point and release their lease).
 */
import { z } from "zod";
import { runCli } from "./cli";
import { checkConfig, checkDatabase, closeConnections, parseCliArgs } from "../lib/sync/cli";

const USAGE = `Usage: npm run worker [-- --concurrency N]

  --concurrency N   shops synced at once by this worker (default 2)

Settings (environment, lib/sync/config.ts): SYNC_INTERVAL_SECONDS, SYNC_LEASE_TTL_SECONDS,
SYNC_WINDOW_MINUTES, SYNC_WINDOW_OVERLAP_MINUTES, SYNC_WINDOW_LAG_SECONDS, SYNC_BACKFILL_CONCURRENCY,
SYNC_DETAIL_CONCURRENCY, SYNC_ONLY_SHOPS (comma-separated shop ids this worker is limited to).
`;

const args = z.object({
  concurrency: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(32, "must be at most 32").default(2),
});

runCli(async () => {
  const a = parseCliArgs(process.argv.slice(2), { concurrency: { type: "string" } }, args, USAGE);
  await checkConfig();
  await checkDatabase();
  const { syncConfig } = await import("../lib/sync/config");
  const cfg = syncConfig();
  const { startScheduler } = await import("../lib/sync/scheduler");
  const scheduler = startScheduler({ maxConcurrent: a.concurrency, label: "worker" });
  console.log(`sync worker ${process.pid} started: ${a.concurrency} shop(s) at a time, incremental every ${cfg.intervalMs / 1000} s`);
  await new Promise<void>((resolve) => {
    // The scheduler's timers do not keep the process alive; this does, until a signal.
    const keepAlive = setInterval(() => undefined, 60_000);
    const stop = (sig: string) => {
      console.log(`${sig}: stopping (running syncs finish their current step)…`);
      clearInterval(keepAlive);
      void scheduler.stop().then(resolve);
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
  await closeConnections();
  console.log("sync worker stopped");
});
