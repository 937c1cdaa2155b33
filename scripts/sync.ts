/**
 * `npm run sync -- --shop <nick> [--backfill | --incremental] [--wait] [--json]`: one sync run of
 * one shop, for operators. Without a mode it does what the scheduler does (the backfill until it
 * is complete, then incremental windows up to now, then pending details). `--backfill` resumes
 * the backfill, or plans a new one (a repair pass) when the last one is complete. Progress and
 * log lines go to stderr; the result alone to stdout (one JSON object with --json, also for a
 * failure: {"error": "…"}). Exit code 0 when the run ended SUCCESS, 1 otherwise.
 */
import { z } from "zod";
import { checkConfig, checkDatabase, closeConnections, parseCliArgs, shopByNick } from "../lib/sync/cli";
import { runCli } from "./cli";

const USAGE = `Usage: npm run sync -- --shop <nick> [--backfill | --incremental] [--wait] [--json]

  --shop <nick>     the shop's main account nick, e.g. 小米粒旗舰店 (or the shop's id)
  --backfill        run (or resume) the 3-month backfill; a complete one is planned anew
  --incremental     only incremental windows and details
  --wait            when another worker holds the shop's lease, wait for it instead of exiting
  --json            print the result as JSON
`;

const args = z
  .object({
    shop: z.string({ error: "is required: the shop's nick" }).trim().min(1, "is required: the shop's nick"),
    backfill: z.boolean().default(false),
    incremental: z.boolean().default(false),
    wait: z.boolean().default(false),
    json: z.boolean().default(false),
  })
  .refine((a) => !(a.backfill && a.incremental), { message: "choose --backfill or --incremental, not both", path: ["backfill"] });

runCli(async () => {
  const a = parseCliArgs(
    process.argv.slice(2),
    { shop: { type: "string" }, backfill: { type: "boolean" }, incremental: { type: "boolean" }, wait: { type: "boolean" }, json: { type: "boolean" } },
    args,
    USAGE,
  );
  await checkConfig();
  await checkDatabase();
  const { runSync } = await import("../lib/sync/run");
  const { syncConfig } = await import("../lib/sync/config");
  const shop = await shopByNick(a.shop);
  const controller = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => controller.abort());
  const kind = a.backfill ? "backfill" : a.incremental ? "incremental" : "auto";
  const started = Date.now();
  let lastLine = 0;
  for (;;) {
    const result = await runSync(shop.id, {
      kind,
      trigger: "CLI",
      signal: controller.signal,
      onProgress: (e) => {
        if (a.json || Date.now() - lastLine < 1000) return;
        lastLine = Date.now();
        console.error(`${e.phase.toLowerCase()}: ${e.pages} pages, ${e.calls} calls, ${e.tradesFetched} trades${e.detail ? ` (${e.detail})` : ""}`);
      },
    });
    if (result.outcome === "SKIPPED" && a.wait && !controller.signal.aborted && result.error?.includes("lease")) {
      if (!a.json) console.error(`waiting: ${result.error}`);
      await new Promise((r) => setTimeout(r, Math.min(5_000, syncConfig().leaseTtlMs / 2)));
      continue;
    }
    await closeConnections();
    const summary = {
      shop: shop.nick,
      outcome: result.outcome,
      runId: result.runId,
      backfillComplete: result.backfillComplete,
      backfillGaps: result.backfillGaps,
      detailMissing: result.detailMissing,
      caughtUp: result.caughtUp,
      calls: result.calls,
      pages: result.stats.pages,
      windows: result.stats.windows,
      detailCalls: result.stats.detailCalls,
      tradesFetched: result.stats.tradesFetched,
      tradesInserted: result.stats.tradesInserted,
      tradesUpdated: result.stats.tradesUpdated,
      errors: result.stats.errorCount,
      error: result.error,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
    if (a.json) console.log(JSON.stringify(summary));
    else {
      console.log(
        `${shop.nick}: ${result.outcome} in ${summary.seconds} s — ${summary.calls} calls, ${summary.tradesFetched} trades fetched (${summary.tradesInserted} new, ${summary.tradesUpdated} updated), ${summary.errors} errors`,
      );
      if (result.detailMissing > 0) console.log(`${result.detailMissing} trade(s) still miss their buyer message or memo; later runs retry them`);
      if (result.backfillGaps.length > 0) console.log(`backfill gaps (days whose trades could no longer be listed): ${result.backfillGaps.join(", ")}`);
    }
    if (result.outcome === "SUCCESS") return 0;
    const held = result.outcome === "SKIPPED" && result.error?.includes("lease") ? ": wait for it, or run again with --wait" : "";
    console.error(`The sync of ${shop.nick} ended ${result.outcome}${result.error ? `: ${result.error}` : ""}${held}`);
    return 1;
  }
}, { json: process.argv.includes("--json") });
