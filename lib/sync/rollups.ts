/**
 * Daily rollups per shop and Asia/Shanghai day, maintained in the same transaction as the trades:
 * every write subtracts the old row's contribution and adds the new one, so the rollups always
 * equal a direct aggregation over Trade/TradeOrder. `aggregateSql` is that direct aggregation
 * (written independently, in SQL): `rebuildRollups` inserts it, `verifyRollups` compares it
 * with what the writes maintained.
 *
 * Definitions (issue 8, README "Reports"):
 * - paid figures (GMV = Σ payment, paid trades, items, distinct buyers) count a trade on the day
 *   of its `payTime`; unpaid trades (and those closed before payment) have none and count nowhere;
 *   trades refunded later still count on their pay day (Taobao's 支付金额);
 * - created figures count every trade on its creation day;
 * - refunds: a line with refund_status SUCCESS counts its payment on the day of the line's end
 *   time, else the trade's end time, else its pay time (a proxy: TOP's list APIs carry no refund time);
 * - shipping time: trades with consign ≥ pay, on the pay day (seconds summed, and an hour histogram);
 * - buyer gaps (RollupBuyerGap): each buyer's consecutive pay days, so that distinct buyers over
 *   any range are exact without reading every buyer-day (lib/reports).
 */
import { shanghaiDayKey, formatTopTime } from "@/lib/time";
import { all, execAll, exec, q, rows, rowsAll, type Dialect, type Row, type SqlDriver, type Work } from "./sql";

export const ROLLUP_DIMS = ["product", "sku", "province", "hour", "status", "refunding", "shipHours"] as const;
export type RollupDimName = (typeof ROLLUP_DIMS)[number];

/** Hours of the shipHours histogram; the last bucket holds "168 h or more". */
export const SHIP_HOURS_CAP = 168;

export interface RollupLine {
  numIid: string;
  skuId: string | null;
  num: number;
  paymentFen: number;
  refundStatus: string;
  endTime: number | null;
}

/** What a trade contributes, from its row and lines (times as epoch ms). */
export interface RollupFacts {
  status: string;
  created: number;
  payTime: number | null;
  consignTime: number | null;
  endTime: number | null;
  paymentFen: number;
  buyerOpenUid: string | null;
  receiverState: string | null;
  itemCount: number;
  refunding: boolean;
  lines: RollupLine[];
}

export const DAILY_FIELDS = ["paidTrades", "gmvFen", "itemsSold", "createdTrades", "refundLines", "refundFen", "consignedTrades", "consignSeconds"] as const;
export type DailyField = (typeof DAILY_FIELDS)[number];
type Daily = Record<DailyField, number>;

interface DimDelta {
  dim: RollupDimName;
  day: string;
  key: string;
  trades: number;
  quantity: number;
  gmvFen: number;
}

interface BuyerDelta {
  day: string;
  uid: string;
  trades: number;
  gmvFen: number;
}

const dayCache = new Map<number, string>();
/** Asia/Shanghai day of an instant (ms); cached per second, since a batch repeats the same days. */
export function dayOf(ms: number): string {
  const sec = Math.floor(ms / 1000);
  let d = dayCache.get(sec);
  if (d === undefined) {
    d = shanghaiDayKey(new Date(sec * 1000));
    if (dayCache.size > 50_000) dayCache.clear();
    dayCache.set(sec, d);
  }
  return d;
}

function hourOf(ms: number): string {
  return formatTopTime(new Date(ms)).slice(11, 13);
}

export function shipHoursKey(payMs: number, consignMs: number): string {
  const h = Math.min(SHIP_HOURS_CAP, Math.floor((consignMs - payMs) / 3_600_000));
  return String(h).padStart(3, "0");
}

/** The sku dimension's key: "numIid:skuId" ("numIid:" for a product without SKUs); numIid is digits, so the first ":" splits it. */
export function skuKey(numIid: string, skuId: string | null): string {
  return `${numIid}:${skuId ?? ""}`;
}

/** Signed sum of contributions for a batch of writes. */
export class RollupDelta {
  readonly daily = new Map<string, Daily>();
  readonly dims = new Map<string, DimDelta>();
  readonly buyers = new Map<string, BuyerDelta>();

  private day(day: string): Daily {
    let d = this.daily.get(day);
    if (!d) {
      d = { paidTrades: 0, gmvFen: 0, itemsSold: 0, createdTrades: 0, refundLines: 0, refundFen: 0, consignedTrades: 0, consignSeconds: 0 };
      this.daily.set(day, d);
    }
    return d;
  }

  private dim(dim: RollupDimName, day: string, key: string, trades: number, quantity: number, gmvFen: number): void {
    const k = `${dim}\u0000${day}\u0000${key}`;
    const cur = this.dims.get(k);
    if (cur) {
      cur.trades += trades;
      cur.quantity += quantity;
      cur.gmvFen += gmvFen;
    } else this.dims.set(k, { dim, day, key, trades, quantity, gmvFen });
  }

  /** Adds (sign 1) or subtracts (sign −1) one trade's contribution. */
  add(f: RollupFacts, sign: 1 | -1): void {
    const s = sign;
    const createdDay = dayOf(f.created);
    this.day(createdDay).createdTrades += s;
    this.dim("status", createdDay, f.status, s, s * f.itemCount, s * f.paymentFen);
    if (f.refunding) this.dim("refunding", createdDay, f.status, s, s * f.itemCount, s * f.paymentFen);
    if (f.payTime !== null) {
      const payDay = dayOf(f.payTime);
      const d = this.day(payDay);
      d.paidTrades += s;
      d.gmvFen += s * f.paymentFen;
      d.itemsSold += s * f.itemCount;
      if (f.buyerOpenUid !== null) {
        const k = `${payDay}\u0000${f.buyerOpenUid}`;
        const cur = this.buyers.get(k);
        if (cur) {
          cur.trades += s;
          cur.gmvFen += s * f.paymentFen;
        } else this.buyers.set(k, { day: payDay, uid: f.buyerOpenUid, trades: s, gmvFen: s * f.paymentFen });
      }
      this.dim("province", payDay, f.receiverState ?? "", s, s * f.itemCount, s * f.paymentFen);
      this.dim("hour", payDay, hourOf(f.payTime), s, s * f.itemCount, s * f.paymentFen);
      for (const l of f.lines) {
        this.dim("product", payDay, l.numIid, s, s * l.num, s * l.paymentFen);
        this.dim("sku", payDay, skuKey(l.numIid, l.skuId), s, s * l.num, s * l.paymentFen);
      }
      if (f.consignTime !== null && f.consignTime >= f.payTime) {
        d.consignedTrades += s;
        d.consignSeconds += s * Math.floor((f.consignTime - f.payTime) / 1000);
        this.dim("shipHours", payDay, shipHoursKey(f.payTime, f.consignTime), s, s * f.itemCount, s * f.paymentFen);
      }
    }
    for (const l of f.lines) {
      if (l.refundStatus !== "SUCCESS") continue;
      const d = this.day(dayOf(l.endTime ?? f.endTime ?? f.payTime ?? f.created));
      d.refundLines += s;
      d.refundFen += s * l.paymentFen;
    }
  }

  get empty(): boolean {
    return this.daily.size === 0 && this.dims.size === 0 && this.buyers.size === 0;
  }
}

const DAILY_COLS = DAILY_FIELDS.map((name) => ({ name, type: name.endsWith("Fen") || name === "consignSeconds" ? ("bigint" as const) : ("int" as const) }));

/** Consecutive (prevDay → day) pairs of a buyer's sorted pay days, added to `out` with a sign. */
function addGaps(days: string[], sign: number, out: Map<string, number>): void {
  days.sort();
  for (let i = 1; i < days.length; i++) {
    const k = `${days[i - 1]}\u0000${days[i]}`;
    out.set(k, (out.get(k) ?? 0) + sign);
  }
}

/**
 * RollupBuyerGap for buyers whose set of pay days changed in this batch: their gaps before the
 * change are subtracted and those after it added. Runs after the RollupBuyerDay upsert and before
 * emptied rows are deleted, so each row's `trades` is the state after and `trades − applied` the
 * state before.
 */
function* applyBuyerGaps(d: Dialect, shopId: string, uids: string[], applied: Map<string, number>): Work<void> {
  const gaps = new Map<string, number>();
  for (let i = 0; i < uids.length; i += 500) {
    const inUids = d.in(q("buyerOpenUid"), uids.slice(i, i + 500));
    const dayRows = yield* rows<{ buyerOpenUid: string; day: string; trades: number }>(
      all(`SELECT "buyerOpenUid", "day", "trades" FROM "RollupBuyerDay" WHERE "shopId" = ? AND ${inUids.sql}`, shopId, ...inUids.params),
    );
    const byBuyer = new Map<string, { before: string[]; after: string[] }>();
    for (const r of dayRows) {
      let b = byBuyer.get(r.buyerOpenUid);
      if (!b) byBuyer.set(r.buyerOpenUid, (b = { before: [], after: [] }));
      const now = Number(r.trades);
      if (now > 0) b.after.push(r.day);
      if (now - (applied.get(`${r.day}\u0000${r.buyerOpenUid}`) ?? 0) > 0) b.before.push(r.day);
    }
    for (const b of byBuyer.values()) {
      addGaps(b.before, -1, gaps);
      addGaps(b.after, 1, gaps);
    }
  }
  const changed = [...gaps].filter(([, n]) => n !== 0).map(([k, n]) => [shopId, ...k.split("\u0000"), n] as unknown[]);
  if (changed.length === 0) return;
  yield* execAll(
    d.insert(
      "RollupBuyerGap",
      [
        { name: "shopId", type: "text" },
        { name: "prevDay", type: "text" },
        { name: "day", type: "text" },
        { name: "buyers", type: "int" },
      ],
      changed,
      `ON CONFLICT ("shopId","prevDay","day") DO UPDATE SET "buyers" = "RollupBuyerGap"."buyers" + excluded."buyers"`,
    ),
  );
  const shrunk = changed.filter((r) => (r[3] as number) < 0);
  for (let i = 0; i < shrunk.length; i += 200) {
    const chunk = shrunk.slice(i, i + 200);
    yield* exec(
      all(
        `DELETE FROM "RollupBuyerGap" WHERE "shopId" = ? AND "buyers" = 0 AND ("prevDay", "day") IN (${chunk.map(() => "(?, ?)").join(", ")})`,
        shopId,
        ...chunk.flatMap((r) => [r[1], r[2]]),
      ),
    );
  }
}

/** Applies a delta to the rollup tables (inside the writer's transaction). */
export function* applyRollupDelta(d: Dialect, shopId: string, delta: RollupDelta): Work<void> {
  // 1. Buyers per day: the transition of a (day, buyer) row between 0 and > 0 moves DailyRollup.buyers.
  const buyerRows = [...delta.buyers.values()].filter((b) => b.trades !== 0 || b.gmvFen !== 0);
  const buyersByDay = new Map<string, number>();
  if (buyerRows.length > 0) {
    const applied = new Map(buyerRows.map((b) => [`${b.day}\u0000${b.uid}`, b.trades]));
    const after = yield* rowsAll<{ day: string; buyerOpenUid: string; trades: number }>(
      d
        .insert(
          "RollupBuyerDay",
          [
            { name: "shopId", type: "text" },
            { name: "day", type: "text" },
            { name: "buyerOpenUid", type: "text" },
            { name: "trades", type: "int" },
            { name: "gmvFen", type: "bigint" },
          ],
          buyerRows.map((b) => [shopId, b.day, b.uid, b.trades, b.gmvFen]),
          `ON CONFLICT ("shopId","day","buyerOpenUid") DO UPDATE SET "trades" = "RollupBuyerDay"."trades" + excluded."trades", "gmvFen" = "RollupBuyerDay"."gmvFen" + excluded."gmvFen" RETURNING "day", "buyerOpenUid", "trades"`,
        )
        .map((s) => ({ ...s, mode: "all" as const })),
    );
    const emptied: string[] = [];
    const moved = new Set<string>();
    for (const r of after) {
      const now = Number(r.trades);
      const before = now - (applied.get(`${r.day}\u0000${r.buyerOpenUid}`) ?? 0);
      const change = (now > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
      if (change !== 0) {
        buyersByDay.set(r.day, (buyersByDay.get(r.day) ?? 0) + change);
        moved.add(r.buyerOpenUid);
      }
      if (now <= 0) emptied.push(r.day);
    }
    if (moved.size > 0) yield* applyBuyerGaps(d, shopId, [...moved], applied);
    if (emptied.length > 0) {
      const days = [...new Set(emptied)];
      const inDays = d.in(q("day"), days);
      yield* exec(all(`DELETE FROM "RollupBuyerDay" WHERE "shopId" = ? AND "trades" <= 0 AND ${inDays.sql}`, shopId, ...inDays.params));
    }
  }

  // 2. Daily figures.
  const days = new Set([...delta.daily.keys(), ...buyersByDay.keys()]);
  const dailyRows: unknown[][] = [];
  for (const day of days) {
    const f = delta.daily.get(day);
    const buyers = buyersByDay.get(day) ?? 0;
    const values = DAILY_FIELDS.map((k) => f?.[k] ?? 0);
    if (buyers === 0 && values.every((v) => v === 0)) continue;
    dailyRows.push([shopId, day, ...values, buyers]);
  }
  if (dailyRows.length > 0) {
    const cols = [{ name: "shopId", type: "text" as const }, { name: "day", type: "text" as const }, ...DAILY_COLS, { name: "buyers", type: "int" as const }];
    const set = [...DAILY_FIELDS, "buyers"].map((c) => `${q(c)} = "DailyRollup".${q(c)} + excluded.${q(c)}`).join(", ");
    yield* execAll(d.insert("DailyRollup", cols, dailyRows, `ON CONFLICT ("shopId","day") DO UPDATE SET ${set}`));
    const touched = d.in(q("day"), dailyRows.map((r) => r[1]));
    yield* exec(
      all(`DELETE FROM "DailyRollup" WHERE "shopId" = ? AND ${touched.sql} AND ${[...DAILY_FIELDS, "buyers"].map((c) => `${q(c)} = 0`).join(" AND ")}`, shopId, ...touched.params),
    );
  }

  // 3. Dimensions.
  const dimRows = [...delta.dims.values()].filter((x) => x.trades !== 0 || x.quantity !== 0 || x.gmvFen !== 0);
  if (dimRows.length > 0) {
    yield* execAll(
      d.insert(
        "RollupDim",
        [
          { name: "shopId", type: "text" },
          { name: "dim", type: "text" },
          { name: "day", type: "text" },
          { name: "key", type: "text" },
          { name: "trades", type: "int" },
          { name: "quantity", type: "int" },
          { name: "gmvFen", type: "bigint" },
        ],
        dimRows.map((x) => [shopId, x.dim, x.day, x.key, x.trades, x.quantity, x.gmvFen]),
        `ON CONFLICT ("shopId","dim","day","key") DO UPDATE SET "trades" = "RollupDim"."trades" + excluded."trades", "quantity" = "RollupDim"."quantity" + excluded."quantity", "gmvFen" = "RollupDim"."gmvFen" + excluded."gmvFen"`,
      ),
    );
    // Rows a subtraction may have emptied: deleted by their exact keys (the primary key).
    const shrunk = dimRows.filter((x) => x.trades < 0);
    for (let i = 0; i < shrunk.length; i += 200) {
      const chunk = shrunk.slice(i, i + 200);
      yield* exec(
        all(
          `DELETE FROM "RollupDim" WHERE "shopId" = ? AND "trades" = 0 AND "quantity" = 0 AND "gmvFen" = 0 AND ("dim", "day", "key") IN (${chunk.map(() => "(?, ?, ?)").join(", ")})`,
          shopId,
          ...chunk.flatMap((x) => [x.dim, x.day, x.key]),
        ),
      );
    }
  }
}

/* ------------------------------------------------------------------ the direct aggregation */

/** SELECTs (shopId bound 4 times) giving DailyRollup's rows straight from Trade/TradeOrder. */
function dailySelect(d: Dialect): string {
  const diff = d.diffMs(`"payTime"`, `"consignTime"`);
  const zeros = (n: number) => Array.from({ length: n }, () => "0").join(", ");
  return `SELECT "day", SUM("paidTrades") AS "paidTrades", SUM("gmvFen") AS "gmvFen", SUM("itemsSold") AS "itemsSold", SUM("createdTrades") AS "createdTrades",
      SUM("refundLines") AS "refundLines", SUM("refundFen") AS "refundFen", SUM("consignedTrades") AS "consignedTrades", SUM("consignSeconds") AS "consignSeconds", SUM("buyers") AS "buyers"
    FROM (
      SELECT ${d.day(`"payTime"`)} AS "day", COUNT(*) AS "paidTrades", SUM("paymentFen") AS "gmvFen", SUM("itemCount") AS "itemsSold", 0 AS "createdTrades", 0 AS "refundLines", 0 AS "refundFen", 0 AS "consignedTrades", 0 AS "consignSeconds", COUNT(DISTINCT "buyerOpenUid") AS "buyers"
        FROM "Trade" WHERE "shopId" = ? AND "payTime" IS NOT NULL GROUP BY 1
      UNION ALL
      SELECT ${d.day(`"created"`)}, ${zeros(3)}, COUNT(*), ${zeros(5)} FROM "Trade" WHERE "shopId" = ? GROUP BY 1
      UNION ALL
      SELECT ${d.day(`COALESCE(o."endTime", t."endTime", t."payTime", t."created")`)}, ${zeros(4)}, COUNT(*), SUM(o."paymentFen"), ${zeros(3)}
        FROM "TradeOrder" o JOIN "Trade" t ON t."tid" = o."tid" WHERE t."shopId" = ? AND o."refundStatus" = 'SUCCESS' GROUP BY 1
      UNION ALL
      SELECT ${d.day(`"payTime"`)}, ${zeros(6)}, COUNT(*), SUM((${diff}) / 1000), 0
        FROM "Trade" WHERE "shopId" = ? AND "payTime" IS NOT NULL AND "consignTime" IS NOT NULL AND "consignTime" >= "payTime" GROUP BY 1
    ) s GROUP BY "day"`;
}

/** SELECT (shopId bound 7 times) giving RollupDim's rows. */
function dimSelect(d: Dialect): string {
  const diff = d.diffMs(`"payTime"`, `"consignTime"`);
  const cap = SHIP_HOURS_CAP * 3_600_000;
  const tradeDim = (dim: RollupDimName, day: string, key: string, where: string) =>
    `SELECT '${dim}' AS "dim", ${day} AS "day", ${key} AS "key", COUNT(*) AS "trades", SUM("itemCount") AS "quantity", SUM("paymentFen") AS "gmvFen" FROM "Trade" WHERE "shopId" = ? AND ${where} GROUP BY 2, 3`;
  return [
    `SELECT 'product' AS "dim", ${d.day(`t."payTime"`)} AS "day", o."numIid" AS "key", COUNT(*) AS "trades", SUM(o."num") AS "quantity", SUM(o."paymentFen") AS "gmvFen"
       FROM "TradeOrder" o JOIN "Trade" t ON t."tid" = o."tid" WHERE t."shopId" = ? AND t."payTime" IS NOT NULL GROUP BY 2, 3`,
    `SELECT 'sku' AS "dim", ${d.day(`t."payTime"`)} AS "day", o."numIid" || ':' || COALESCE(o."skuId", '') AS "key", COUNT(*) AS "trades", SUM(o."num") AS "quantity", SUM(o."paymentFen") AS "gmvFen"
       FROM "TradeOrder" o JOIN "Trade" t ON t."tid" = o."tid" WHERE t."shopId" = ? AND t."payTime" IS NOT NULL GROUP BY 2, 3`,
    tradeDim("province", d.day(`"payTime"`), `COALESCE("receiverState", '')`, `"payTime" IS NOT NULL`),
    tradeDim("hour", d.day(`"payTime"`), d.hour(`"payTime"`), `"payTime" IS NOT NULL`),
    tradeDim("status", d.day(`"created"`), `"status"`, "1 = 1"),
    tradeDim("refunding", d.day(`"created"`), `"status"`, `"refunding" = ${d.true}`),
    tradeDim(
      "shipHours",
      d.day(`"payTime"`),
      d.pad3(`CASE WHEN ${diff} >= ${cap} THEN ${SHIP_HOURS_CAP} ELSE (${diff}) / 3600000 END`),
      `"payTime" IS NOT NULL AND "consignTime" IS NOT NULL AND "consignTime" >= "payTime"`,
    ),
  ].join("\nUNION ALL\n");
}

function buyerSelect(d: Dialect): string {
  return `SELECT ${d.day(`"payTime"`)} AS "day", "buyerOpenUid", COUNT(*) AS "trades", SUM("paymentFen") AS "gmvFen"
    FROM "Trade" WHERE "shopId" = ? AND "payTime" IS NOT NULL AND "buyerOpenUid" IS NOT NULL GROUP BY 1, 2`;
}

/** SELECT (shopId bound once) giving RollupBuyerGap's rows: each buyer's consecutive pay days, from the trades. */
function gapSelect(d: Dialect): string {
  return `SELECT "prevDay", "day", COUNT(*) AS "buyers" FROM (
      SELECT "day", LAG("day") OVER (PARTITION BY "buyerOpenUid" ORDER BY "day") AS "prevDay"
        FROM (SELECT DISTINCT ${d.day(`"payTime"`)} AS "day", "buyerOpenUid" FROM "Trade" WHERE "shopId" = ? AND "payTime" IS NOT NULL AND "buyerOpenUid" IS NOT NULL) bd
    ) g WHERE "prevDay" IS NOT NULL GROUP BY "prevDay", "day"`;
}

/** Rebuilds one shop's rollups from its trades (inside the writer's transaction). */
export function* rebuildRollupsWork(d: Dialect, shopId: string): Work<{ days: number; dims: number; buyerDays: number }> {
  for (const t of ["DailyRollup", "RollupDim", "RollupBuyerDay", "RollupBuyerGap"]) yield* exec(all(`DELETE FROM ${q(t)} WHERE "shopId" = ?`, shopId));
  const dailyCols = ["day", ...DAILY_FIELDS, "buyers"].map(q).join(", ");
  const days = yield* exec(all(`INSERT INTO "DailyRollup" ("shopId", ${dailyCols}) SELECT ?, ${dailyCols} FROM (${dailySelect(d)}) r`, shopId, shopId, shopId, shopId, shopId));
  const dims = yield* exec(
    all(`INSERT INTO "RollupDim" ("shopId", "dim", "day", "key", "trades", "quantity", "gmvFen") SELECT ?, "dim", "day", "key", "trades", "quantity", "gmvFen" FROM (${dimSelect(d)}) r`, shopId, ...Array(7).fill(shopId)),
  );
  const buyerDays = yield* exec(all(`INSERT INTO "RollupBuyerDay" ("shopId", "day", "buyerOpenUid", "trades", "gmvFen") SELECT ?, "day", "buyerOpenUid", "trades", "gmvFen" FROM (${buyerSelect(d)}) r`, shopId, shopId));
  yield* exec(all(`INSERT INTO "RollupBuyerGap" ("shopId", "prevDay", "day", "buyers") SELECT ?, "prevDay", "day", "buyers" FROM (${gapSelect(d)}) r`, shopId, shopId));
  return { days, dims, buyerDays };
}

export interface RollupMismatch {
  table: "DailyRollup" | "RollupDim" | "RollupBuyerDay" | "RollupBuyerGap";
  key: string;
  stored: Record<string, number> | null;
  expected: Record<string, number> | null;
}

function keyed(rowList: Row[], keyCols: string[], valueCols: string[]): Map<string, Record<string, number>> {
  const m = new Map<string, Record<string, number>>();
  for (const r of rowList) {
    const values: Record<string, number> = {};
    for (const c of valueCols) values[c] = Number(r[c] ?? 0);
    if (valueCols.every((c) => values[c] === 0)) continue;
    m.set(keyCols.map((c) => String(r[c])).join("|"), values);
  }
  return m;
}

function compare(table: RollupMismatch["table"], stored: Map<string, Record<string, number>>, expected: Map<string, Record<string, number>>, out: RollupMismatch[]): void {
  for (const [k, e] of expected) {
    const s = stored.get(k) ?? null;
    if (!s || Object.keys(e).some((c) => s[c] !== e[c])) out.push({ table, key: k, stored: s, expected: e });
  }
  for (const [k, s] of stored) if (!expected.has(k)) out.push({ table, key: k, stored: s, expected: null });
}

/** The statements verifyRollups needs (run outside a transaction, or inside one for a consistent view). */
export function* verifyRollupsWork(d: Dialect, shopId: string): Work<RollupMismatch[]> {
  const dailyValues = [...DAILY_FIELDS, "buyers"];
  const storedDaily = (yield* rowsAll([all(`SELECT * FROM "DailyRollup" WHERE "shopId" = ?`, shopId)])) as Row[];
  const expectedDaily = (yield* rowsAll([all(dailySelect(d), shopId, shopId, shopId, shopId)])) as Row[];
  const storedDims = (yield* rowsAll([all(`SELECT * FROM "RollupDim" WHERE "shopId" = ?`, shopId)])) as Row[];
  const expectedDims = (yield* rowsAll([all(dimSelect(d), ...Array(7).fill(shopId))])) as Row[];
  const storedBuyers = (yield* rowsAll([all(`SELECT * FROM "RollupBuyerDay" WHERE "shopId" = ?`, shopId)])) as Row[];
  const expectedBuyers = (yield* rowsAll([all(buyerSelect(d), shopId)])) as Row[];
  const storedGaps = (yield* rowsAll([all(`SELECT * FROM "RollupBuyerGap" WHERE "shopId" = ?`, shopId)])) as Row[];
  const expectedGaps = (yield* rowsAll([all(gapSelect(d), shopId)])) as Row[];
  const out: RollupMismatch[] = [];
  compare("DailyRollup", keyed(storedDaily, ["day"], dailyValues), keyed(expectedDaily, ["day"], dailyValues), out);
  compare("RollupDim", keyed(storedDims, ["dim", "day", "key"], ["trades", "quantity", "gmvFen"]), keyed(expectedDims, ["dim", "day", "key"], ["trades", "quantity", "gmvFen"]), out);
  compare("RollupBuyerDay", keyed(storedBuyers, ["day", "buyerOpenUid"], ["trades", "gmvFen"]), keyed(expectedBuyers, ["day", "buyerOpenUid"], ["trades", "gmvFen"]), out);
  compare("RollupBuyerGap", keyed(storedGaps, ["prevDay", "day"], ["buyers"]), keyed(expectedGaps, ["prevDay", "day"], ["buyers"]), out);
  return out;
}

/** Rebuilds a shop's rollups from its trades in one transaction (holding the shop's write lock). */
export async function rebuildRollups(sql: SqlDriver, shopId: string): Promise<{ days: number; dims: number; buyerDays: number }> {
  return sql.tx(function* () {
    yield* exec(all(`UPDATE "SyncState" SET "writeSeq" = "writeSeq" + 1 WHERE "shopId" = ?`, shopId));
    return yield* rebuildRollupsWork(sql.dialect, shopId);
  });
}

/** Compares a shop's rollups with the direct aggregation of its trades (in one transaction: a consistent view). */
export async function verifyRollups(sql: SqlDriver, shopId: string): Promise<RollupMismatch[]> {
  return sql.tx(function* () {
    yield* exec(all(`UPDATE "SyncState" SET "writeSeq" = "writeSeq" + 1 WHERE "shopId" = ?`, shopId));
    return yield* verifyRollupsWork(sql.dialect, shopId);
  });
}
