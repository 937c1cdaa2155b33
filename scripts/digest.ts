/**
 * `npm run db:digest -- --shop <nick> [--deep [--lines]]`: prints the cache's `{nick, trades,
 * digest}` — the same object, computed the same way, as the sandbox's /_sandbox/truth?shop=<nick>
 * (sandbox/README.md): equal digests prove the cache equals the platform. `--deep` adds
 * `deep: {digest}`, equal to the truth's `deep.digest` (`&deep=1`) when every field the cache
 * keeps is right; `--lines` adds the deep lines themselves, to diff. Also the cache's known holes:
 * `detailMissing` (trades still waiting for their detail) and `backfill: {complete, gaps}`.
 */
import { z } from "zod";
import { runCli } from "./cli";
import { checkDatabase, closeConnections, parseCliArgs, shopByNick } from "../lib/sync/cli";

const USAGE = `Usage: npm run db:digest -- --shop <nick or shop id> [--deep [--lines]]

Prints {"nick", "trades", "digest", "detailMissing", "backfill": {"complete", "gaps": [{"day", "reason"}]}}:
digest is the SHA-256 of the sorted lines "tid|status|modified|payment" of the shop's cached
trades, as the sandbox's /_sandbox/truth computes it; detailMissing counts the trades still
waiting for their detail (message, memo); gaps are backfill days whose trades could no longer be
listed. --deep adds "deep": {"digest"}, over every field the cache keeps (sandbox/README.md,
"The deep truth digest"); --lines adds the deep lines ("deep": {"digest", "lines"}).
`;

runCli(async () => {
  const a = parseCliArgs(
    process.argv.slice(2),
    { shop: { type: "string" }, deep: { type: "boolean" }, lines: { type: "boolean" } },
    z.object({ shop: z.string({ error: "is required: the shop's nick" }).trim().min(1, "is required"), deep: z.boolean().optional(), lines: z.boolean().optional() }),
    USAGE,
  );
  await checkDatabase();
  const shop = await shopByNick(a.shop);
  const { cacheDigest, cacheHoles, deepCacheDigest } = await import("../lib/sync/digest");
  const d = await cacheDigest(shop.id);
  const holes = await cacheHoles(shop.id);
  const out: Record<string, unknown> = { ...d, ...holes };
  if (a.deep || a.lines) {
    const deep = await deepCacheDigest(shop.id, { lines: a.lines === true });
    out.deep = deep.lines ? { digest: deep.digest, lines: deep.lines } : { digest: deep.digest };
  }
  await closeConnections();
  // runCli exits at once: wait until the output (megabytes with --lines) has reached the pipe.
  await new Promise<void>((resolve, reject) => process.stdout.write(`${JSON.stringify(out)}\n`, (e) => (e ? reject(e) : resolve())));
});
