/**
 * `npm run rollups:rebuild [-- --shop <nick>] [--check]`: rebuilds the daily rollups (DailyRollup,
 * RollupDim, RollupBuyerDay) from the cached trades, for one shop or all. `--check` rebuilds
 * nothing: it compares the maintained rollups with a direct aggregation and exits 1 on any
 * difference.
 */
import { z } from "zod";
import { CliError, checkDatabase, closeConnections, parseCliArgs, shopByNick } from "../lib/sync/cli";
import { runCli } from "./cli";

const USAGE = `Usage: npm run rollups:rebuild [-- --shop <nick>] [--check]

  --shop <nick>   only this shop, by nick or id (default: every shop)
  --check         compare with a direct aggregation instead of rebuilding (exit 1 on a difference)
`;

runCli(async () => {
  const a = parseCliArgs(
    process.argv.slice(2),
    { shop: { type: "string" }, check: { type: "boolean" } },
    z.object({ shop: z.string().trim().min(1, "must not be empty").optional(), check: z.boolean().default(false) }),
    USAGE,
  );
  await checkDatabase();
  const { db } = await import("../lib/db");
  const { syncSql } = await import("../lib/sync/sql");
  const { rebuildRollups, verifyRollups } = await import("../lib/sync/rollups");
  const shops = a.shop ? [await shopByNick(a.shop)] : await db().shop.findMany({ select: { id: true, nick: true }, orderBy: { nick: "asc" } });
  const sql = await syncSql();
  let bad = 0;
  for (const shop of shops) {
    const started = Date.now();
    if (a.check) {
      const mismatches = await verifyRollups(sql, shop.id);
      bad += mismatches.length;
      console.log(`${shop.nick}: ${mismatches.length === 0 ? "rollups equal the direct aggregation" : `${mismatches.length} differences`} (${Date.now() - started} ms)`);
      for (const m of mismatches.slice(0, 10)) console.log(`  ${m.table} ${m.key}: stored ${JSON.stringify(m.stored)}, expected ${JSON.stringify(m.expected)}`);
    } else {
      const r = await rebuildRollups(sql, shop.id);
      console.log(`${shop.nick}: ${r.days} days, ${r.dims} dimension rows, ${r.buyerDays} buyer-days rebuilt (${Date.now() - started} ms)`);
    }
  }
  await closeConnections();
  if (shops.length === 0) console.log("No shop is connected yet.");
  if (bad > 0) throw new CliError(`${bad} rollup rows differ from the direct aggregation: run npm run rollups:rebuild`);
});
