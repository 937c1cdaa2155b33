/**
 * `npm run db:digest -- --shop <nick>`: prints the cache's `{nick, trades, digest}` — the same
 * object, computed the same way, as the sandbox's /_sandbox/truth?shop=<nick> (sandbox/README.md):
 * equal digests prove the cache equals the platform.
 */
import { z } from "zod";
import { runCli } from "./cli";
import { checkDatabase, closeConnections, parseCliArgs, shopByNick } from "../lib/sync/cli";

const USAGE = `Usage: npm run db:digest -- --shop <nick or shop id>

Prints {"nick", "trades", "digest"}: SHA-256 of the sorted lines "tid|status|modified|payment"
of the shop's cached trades, as the sandbox's /_sandbox/truth computes it.
`;

runCli(async () => {
  const a = parseCliArgs(process.argv.slice(2), { shop: { type: "string" } }, z.object({ shop: z.string({ error: "is required: the shop's nick" }).trim().min(1, "is required") }), USAGE);
  await checkDatabase();
  const shop = await shopByNick(a.shop);
  const { cacheDigest } = await import("../lib/sync/digest");
  const d = await cacheDigest(shop.id);
  await closeConnections();
  console.log(JSON.stringify(d));
});
