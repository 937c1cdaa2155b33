/**
 * The search box's server side. Every kind except a phone number is a condition on the cache
 * (lib/orders/where.ts `searchCondition`); a full mobile number must ask Taobao, because the
 * cache only holds masked receivers: trades.sold.query (scene 1001 = the last 7 days, 1002 = three
 * months), for roles with `orders.lookupByPhone` only, audited with the number masked. The tids
 * it returns are shown from the cache; any the cache lacks is fetched (fullinfo.get) first. Each
 * look-up takes one from the user's and the shop's hourly allowance (lib/auth/limits.ts).
 */
import "server-only";
import { audit } from "@/lib/audit";
import { AppError } from "@/lib/auth/errors";
import { actorOf, consumeLimit } from "@/lib/auth/limits";
import { authorize, type Viewer } from "@/lib/auth/viewer";
import { withShopSession } from "@/lib/shops/tokens";
import { fetchTradeDetail } from "@/lib/sync/detail";
import { syncSql } from "@/lib/sync/sql";
import { topClient } from "@/lib/taobao";
import { tradesSoldQuery, type TopClient } from "@/lib/top";
import type { SoldQueryScene } from "@/lib/top/types";
import { maskPhone } from "./search-kind";
import { unindexed } from "./where";

/** Missing trades fetched at once after a phone look-up. */
const FETCH_CONCURRENCY = 4;

export interface PhoneLookupResult {
  /** Newest first, as Taobao answered; only those now in the cache. */
  tids: string[];
  /** Tids Taobao named that could not be fetched into the cache. */
  failed: number;
}

export async function lookupByPhone(
  viewer: Viewer,
  input: { phone: string; scene: SoldQueryScene },
  opts: { client?: TopClient } = {},
): Promise<PhoneLookupResult> {
  authorize(viewer, "orders.lookupByPhone");
  if (!/^1[3-9]\d{9}$/.test(input.phone)) throw new AppError("invalidInput", "not a mobile number", { phone: ["orders.search.phoneInvalid"] });
  await consumeLimit(actorOf(viewer), "phoneLookup");
  const client = opts.client ?? topClient();
  const shopId = viewer.shopId;
  const { tids } = await withShopSession(shopId, (session) => tradesSoldQuery(client, session, { query_list: [{ receiver_mobile: input.phone }], scene: input.scene }));
  await audit({
    shopId,
    actor: { id: viewer.userId, nick: viewer.nick },
    action: "order.lookupByPhone",
    target: { type: "phone", id: maskPhone(input.phone) },
    newValue: { phone: maskPhone(input.phone), scene: input.scene, found: tids.length },
  });
  if (tids.length === 0) return { tids: [], failed: 0 };
  const sql = await syncSql();
  const inT = sql.dialect.in(`"tid"`, tids);
  const have = new Set((await sql.all<{ tid: string }>(`SELECT "tid" FROM "Trade" WHERE ${unindexed(sql.dialect)}"shopId" = ? AND ${inT.sql}`, shopId, ...inT.params)).map((r) => r.tid));
  const missing = tids.filter((t) => !have.has(t));
  let failed = 0;
  const queue = [...missing];
  await Promise.all(
    Array.from({ length: Math.min(FETCH_CONCURRENCY, queue.length) }, async () => {
      for (let tid = queue.shift(); tid !== undefined; tid = queue.shift()) {
        try {
          await fetchTradeDetail(shopId, tid, { force: true, client });
          have.add(tid);
        } catch {
          failed++;
        }
      }
    }),
  );
  return { tids: tids.filter((t) => have.has(t)), failed };
}
