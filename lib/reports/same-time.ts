/**
 * A day's figures up to a minute of it, for 今天's comparison with yesterday at the same time
 * (as 生意参谋 does): part of today against all of yesterday said −44 % at noon. The rollups are
 * per day, so this one reads the trades of [start, until) themselves, through indexes the orders
 * list already has: paid trades by (shopId, payTime, tid), refunds by (shopId, modified, tid) then
 * (tid, refundStatus). A line's refund ends no later than its trade's `modified` (the refund is a
 * change of the trade), so the trades modified since `start` hold every refund that ended in it.
 *
 * The figures mean what the rollups' do (lib/sync/rollups.ts) as of `until`: trades paid before
 * it, shipped before it, refunds ended before it.
 */
import "server-only";
import { SHIP_HOURS_CAP } from "@/lib/sync/rollups";
import { syncSql } from "@/lib/sync/sql";
import type { PeriodFigures } from "./queries";
import type { ReportScope } from "./scope";

const num = (v: unknown) => Number(v ?? 0);
const big = (v: unknown) => BigInt(typeof v === "bigint" ? v : Math.round(Number(v ?? 0)));

/** Lower median of whole shipping hours (capped like the rollup's histogram). */
function medianOf(hours: number[]): number | null {
  if (hours.length === 0) return null;
  const sorted = [...hours].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1]!;
}

export async function figuresUntil(scope: ReportScope, start: Date, until: Date, day: string): Promise<PeriodFigures> {
  const sql = await syncSql();
  const shops = sql.dialect.in(`t."shopId"`, scope.shopIds);
  const [paid, shipped, refunds] = await Promise.all([
    sql.all<Record<string, unknown>>(
      `SELECT COUNT(*) AS "n", SUM(t."paymentFen") AS "gmv", SUM(t."itemCount") AS "items", COUNT(DISTINCT t."buyerOpenUid") AS "buyers"
         FROM "Trade" t WHERE ${shops.sql} AND t."payTime" >= ? AND t."payTime" < ?`,
      ...shops.params,
      start,
      until,
    ),
    sql.all<{ payTime: unknown; consignTime: unknown }>(
      `SELECT t."payTime", t."consignTime" FROM "Trade" t WHERE ${shops.sql} AND t."payTime" >= ? AND t."payTime" < ? AND t."consignTime" IS NOT NULL AND t."consignTime" >= t."payTime" AND t."consignTime" < ?`,
      ...shops.params,
      start,
      until,
      until,
    ),
    sql.all<Record<string, unknown>>(
      `SELECT COUNT(*) AS "n", SUM(o."paymentFen") AS "fen" FROM "Trade" t JOIN "TradeOrder" o ON o."tid" = t."tid" AND o."refundStatus" = 'SUCCESS'
         WHERE ${shops.sql} AND t."modified" >= ? AND COALESCE(o."endTime", t."endTime", t."payTime", t."created") >= ? AND COALESCE(o."endTime", t."endTime", t."payTime", t."created") < ?`,
      ...shops.params,
      start,
      start,
      until,
    ),
  ]);
  const p = paid[0] ?? {};
  const shipSeconds = shipped.map((r) => Math.floor((Number(r.consignTime) - Number(r.payTime)) / 1000));
  const buyers = num(p.buyers);
  return {
    day,
    paidTrades: num(p.n),
    gmvFen: big(p.gmv),
    itemsSold: num(p.items),
    buyers,
    distinctBuyers: buyers,
    createdTrades: 0,
    refundLines: num(refunds[0]?.n),
    refundFen: big(refunds[0]?.fen),
    consignedTrades: shipped.length,
    consignSeconds: shipSeconds.reduce((s, x) => s + BigInt(x), 0n),
    medianShipHour: medianOf(shipSeconds.map((s) => Math.min(SHIP_HOURS_CAP, Math.floor(s / 3600)))),
  };
}
