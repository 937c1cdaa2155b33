/**
 * The one writer of the order cache. `storeTradesWork` upserts a batch of fetched trades in one
 * transaction:
 *
 * 1. takes the shop's write lock by bumping SyncState.writeSeq — fenced by the lease when the
 *    writer is a sync worker (a worker that lost its lease writes nothing);
 * 2. reads the stored versions of the batch's tids and decides per trade: insert, update (newer
 *    `modified`, or the same `modified` with other content), detail (same version, detail fields
 *    not stored yet) or skip (older, or the same version); an older `modified` never overwrites a
 *    newer one;
 * 3. writes trades (detail-only fields survive a list write), replaces the lines of every written
 *    trade, and moves the rollups by (new contribution − old contribution);
 * 4. runs the caller's progress statements (backfill cursor, counters) in the same transaction,
 *    so a crash never separates the data from the cursor that says it is stored.
 */
import type { TopTrade } from "@/lib/top";
import { LeaseLostError } from "./errors";
import { applyRollupDelta, RollupDelta, type RollupFacts, type RollupLine } from "./rollups";
import {
  needsDetail,
  OPEN_REFUND_STATUSES,
  ORDER_COLS,
  orderValues,
  TRADE_DETAIL_COLS,
  TRADE_INSERT_ONLY_COLS,
  TRADE_LIST_COLS,
  tradeDetailValues,
  tradeListValues,
  type FetchedTrade,
} from "./rows";
import { all, exec, execAll, q, rows, run, type Dialect, type Stmt, type Work } from "./sql";

export interface StoreResult {
  inserted: number;
  updated: number;
  /** Detail-only fields stored for a trade whose `modified` was already stored. */
  detailed: number;
  unchanged: number;
  /** Older than the stored version (or another shop's tid): not written. */
  stale: number;
  /** Trades this write left waiting for their detail (Trade.detailPending), with the `modified` it is for. */
  pendingDetail: { tid: string; modified: number }[];
}

export interface StoreOptions {
  shopId: string;
  trades: readonly FetchedTrade[];
  /** The lease owner of a sync worker (writes are fenced by it), or null for a one-off writer (e.g. a detail refresh). */
  leaseOwner: string | null;
  now: Date;
  /** Statements run in the same transaction after the write (progress cursors, counters). */
  after?: (result: StoreResult) => Stmt[];
}

/** A stored trade row as the driver returns it: the rollup facts (SQLite gives booleans as 0/1) plus the write bookkeeping. */
interface StoredTrade extends Omit<RollupFacts, "refunding" | "lines"> {
  tid: string;
  shopId: string;
  modified: number;
  refunding: number | boolean;
  source: string;
  detailModified: number | null;
  detailAttempts: number;
  sellerFlag: number;
  hasBuyerMessage: number | boolean;
  rawJson: string;
}

const STORED_COLS = [
  "tid",
  "shopId",
  "status",
  "created",
  "modified",
  "payTime",
  "consignTime",
  "endTime",
  "paymentFen",
  "buyerOpenUid",
  "receiverState",
  "itemCount",
  "refunding",
  "source",
  "detailModified",
  "detailAttempts",
  "sellerFlag",
  "hasBuyerMessage",
  "rawJson",
];

const ms = (d: Date | null): number | null => (d === null ? null : d.getTime());

function factsOfTrade(t: TopTrade): RollupFacts {
  let items = 0;
  let refunding = false;
  for (const o of t.orders) {
    items += o.num;
    if (OPEN_REFUND_STATUSES.has(o.refundStatus)) refunding = true;
  }
  return {
    status: t.status,
    created: t.created.getTime(),
    payTime: ms(t.payTime),
    consignTime: ms(t.consignTime),
    endTime: ms(t.endTime),
    paymentFen: t.paymentFen,
    buyerOpenUid: t.buyerOpenUid,
    receiverState: t.receiverState,
    itemCount: items,
    refunding,
    lines: t.orders.map((o) => ({ numIid: o.numIid, skuId: o.skuId, num: o.num, paymentFen: o.paymentFen, refundStatus: o.refundStatus, endTime: ms(o.endTime) })),
  };
}

function factsOfStored(s: StoredTrade, lines: RollupLine[]): RollupFacts {
  return {
    status: s.status,
    created: Number(s.created),
    payTime: s.payTime === null ? null : Number(s.payTime),
    consignTime: s.consignTime === null ? null : Number(s.consignTime),
    endTime: s.endTime === null ? null : Number(s.endTime),
    paymentFen: Number(s.paymentFen),
    buyerOpenUid: s.buyerOpenUid,
    receiverState: s.receiverState,
    itemCount: Number(s.itemCount),
    refunding: !!s.refunding,
    lines,
  };
}

/**
 * Whether a fetched trade is the stored version. `modified` has TOP's one-second resolution, so
 * a trade changed twice within a second (two shipments, a flag then a memo) keeps its `modified`:
 * the content decides. The same kind of response compares its raw object; a list response
 * against a stored detail (or the reverse) compares what both carry.
 */
function isStoredVersion(s: StoredTrade, f: FetchedTrade): boolean {
  if (s.source === f.source) return s.rawJson === f.rawJson;
  const t = f.trade;
  const a = factsOfTrade(t);
  const b = factsOfStored(s, []);
  return (
    a.status === b.status &&
    a.payTime === b.payTime &&
    a.consignTime === b.consignTime &&
    a.endTime === b.endTime &&
    a.paymentFen === b.paymentFen &&
    a.itemCount === b.itemCount &&
    a.refunding === b.refunding &&
    t.sellerFlag === Number(s.sellerFlag) &&
    t.hasBuyerMessage === !!s.hasBuyerMessage
  );
}

/**
 * Keeps, per tid, the newest version. At the same `modified` the later fetch wins (it saw the
 * later of two changes within one second), except that a list response never displaces a detail
 * response: when both are the same version the detail carries more.
 */
function dedupe(trades: readonly FetchedTrade[]): FetchedTrade[] {
  const best = new Map<string, FetchedTrade>();
  for (const f of trades) {
    const cur = best.get(f.trade.tid);
    const mod = f.trade.modified.getTime();
    const curMod = cur?.trade.modified.getTime();
    const newer = !cur || mod > curMod! || (mod === curMod && (f.source === "detail" || cur.source === "list"));
    if (newer) best.set(f.trade.tid, f);
  }
  return [...best.values()];
}

/** Takes the shop's write lock (SyncState row), fenced by the lease for sync workers. */
export function* fenceWork(d: Dialect, shopId: string, leaseOwner: string | null, now: Date): Work<void> {
  if (leaseOwner !== null) {
    const n = yield* exec(run(`UPDATE "SyncState" SET "writeSeq" = "writeSeq" + 1 WHERE "shopId" = ? AND "leaseOwner" = ?`, shopId, leaseOwner));
    if (n !== 1) throw new LeaseLostError(shopId, leaseOwner);
    return;
  }
  const n = yield* exec(run(`UPDATE "SyncState" SET "writeSeq" = "writeSeq" + 1 WHERE "shopId" = ?`, shopId));
  if (n === 0) {
    yield* exec(run(`INSERT INTO "SyncState" ("shopId", "writeSeq", "updatedAt") VALUES (?, 1, ?) ON CONFLICT ("shopId") DO NOTHING`, shopId, now));
    yield* exec(run(`UPDATE "SyncState" SET "writeSeq" = "writeSeq" + 1 WHERE "shopId" = ?`, shopId));
  }
}

export function* storeTradesWork(d: Dialect, opts: StoreOptions): Work<StoreResult> {
  const { shopId, now } = opts;
  const result: StoreResult = { inserted: 0, updated: 0, detailed: 0, unchanged: 0, stale: 0, pendingDetail: [] };
  yield* fenceWork(d, shopId, opts.leaseOwner, now);
  const batch = dedupe(opts.trades);
  result.unchanged += opts.trades.length - batch.length;
  if (batch.length > 0) yield* writeBatch(d, shopId, batch, now, result);
  if (opts.after) for (const s of opts.after(result)) yield* exec(s);
  return result;
}

function* writeBatch(d: Dialect, shopId: string, batch: FetchedTrade[], now: Date, result: StoreResult): Work<void> {
  const tids = batch.map((f) => f.trade.tid);
  const inTids = d.in(q("tid"), tids);
  const storedRows = yield* rows<StoredTrade>(all(`SELECT ${STORED_COLS.map(q).join(", ")} FROM "Trade" WHERE ${inTids.sql}`, ...inTids.params));
  const stored = new Map(storedRows.map((s) => [s.tid, s]));

  const listRows: unknown[][] = [];
  const detailOnly: unknown[][] = [];
  const detailRows: unknown[][] = [];
  const replaced: string[] = [];
  /** Rewritten by a list response at the stored `modified`: the stored detail belongs to older content. */
  const detailOutdated: string[] = [];
  const written: TopTrade[] = [];
  const delta = new RollupDelta();
  const oldFacts: StoredTrade[] = [];

  for (const f of batch) {
    const t = f.trade;
    const s = stored.get(t.tid);
    const mod = t.modified.getTime();
    if (s && s.shopId !== shopId) {
      result.stale++;
      continue;
    }
    const sMod = s ? Number(s.modified) : null;
    const sDetail = s?.detailModified === null || s?.detailModified === undefined ? null : Number(s.detailModified);
    if (s && sMod !== null && mod < sMod) {
      result.stale++;
      continue;
    }
    const detail = f.source === "detail";
    let detailFor = detail ? mod : sDetail;
    if (s && mod === sMod) {
      if (isStoredVersion(s, f)) {
        // Same version: only a detail response we do not have yet changes anything.
        if (!detail || sDetail === mod) {
          result.unchanged++;
          continue;
        }
        // The list columns, the lines and the rollups are those of this same version: only the
        // detail-only fields (and the raw object) are written.
        result.detailed++;
        detailOnly.push([t.buyerMessage, t.buyerMemo, t.sellerMemo, f.rawJson, t.modified, now, now, t.tid, t.modified]);
        continue;
      }
      // Changed within the second of the stored `modified`: a newer version, written in full.
      result.updated++;
      if (!detail && sDetail === mod) {
        detailFor = null;
        detailOutdated.push(t.tid);
      }
    } else if (s) result.updated++;
    else result.inserted++;

    const pending = !detail && needsDetail(t) && detailFor !== mod;
    const values = tradeListValues({ shopId, fetched: f, detailPending: pending, detailAttempts: 0, now });
    if (pending) result.pendingDetail.push({ tid: t.tid, modified: mod });
    if (detail) detailRows.push([...values, ...tradeDetailValues(t, now), now]);
    else listRows.push([...values, null, null, null, null, null, now]);
    written.push(t);
    delta.add(factsOfTrade(t), 1);
    if (s) {
      replaced.push(t.tid);
      oldFacts.push(s);
    }
  }

  // The old contribution of every replaced trade: its stored row and lines.
  if (replaced.length > 0) {
    const inReplaced = d.in(q("tid"), replaced);
    const lines = yield* rows<{ tid: string; numIid: string; skuId: string | null; num: number; paymentFen: number; refundStatus: string; endTime: number | null }>(
      all(`SELECT "tid", "numIid", "skuId", "num", "paymentFen", "refundStatus", "endTime" FROM "TradeOrder" WHERE ${inReplaced.sql} ORDER BY "tid", "position"`, ...inReplaced.params),
    );
    const byTid = new Map<string, RollupLine[]>();
    for (const l of lines) {
      const list = byTid.get(l.tid) ?? [];
      list.push({ numIid: l.numIid, skuId: l.skuId ?? null, num: Number(l.num), paymentFen: Number(l.paymentFen), refundStatus: l.refundStatus, endTime: l.endTime === null ? null : Number(l.endTime) });
      byTid.set(l.tid, list);
    }
    for (const s of oldFacts) delta.add(factsOfStored(s, byTid.get(s.tid) ?? []), -1);
    yield* exec(all(`DELETE FROM "TradeOrder" WHERE ${inReplaced.sql}`, ...inReplaced.params));
  }

  const cols = [...TRADE_LIST_COLS, ...TRADE_DETAIL_COLS, ...TRADE_INSERT_ONLY_COLS];
  const guard = `WHERE excluded."modified" >= "Trade"."modified" AND "Trade"."shopId" = excluded."shopId"`;
  const setCols = (list: readonly { name: string }[]) =>
    list
      .filter((c) => c.name !== "tid")
      .map((c) => `${q(c.name)} = excluded.${q(c.name)}`)
      .join(", ");
  if (listRows.length > 0) yield* execAll(d.insert("Trade", cols, listRows, `ON CONFLICT ("tid") DO UPDATE SET ${setCols(TRADE_LIST_COLS)} ${guard}`));
  if (detailRows.length > 0) {
    yield* execAll(d.insert("Trade", cols, detailRows, `ON CONFLICT ("tid") DO UPDATE SET ${setCols([...TRADE_LIST_COLS, ...TRADE_DETAIL_COLS])} ${guard}`));
  }
  for (const row of detailOnly) {
    yield* exec(
      run(
        `UPDATE "Trade" SET "buyerMessage" = ?, "buyerMemo" = ?, "sellerMemo" = ?, "rawJson" = ?, "source" = 'detail', "detailModified" = ?, "detailFetchedAt" = ?,
           "detailPending" = ${d.provider === "sqlite" ? "0" : "false"}, "detailAttempts" = 0, "detailRetryAt" = NULL, "syncedAt" = ? WHERE "tid" = ? AND "modified" = ?`,
        ...row,
      ),
    );
  }
  if (detailOutdated.length > 0) {
    const inOutdated = d.in(q("tid"), detailOutdated);
    yield* exec(run(`UPDATE "Trade" SET "detailModified" = NULL WHERE ${inOutdated.sql}`, ...inOutdated.params));
  }
  const lineRows = written.flatMap((t) => orderValues(shopId, t));
  if (lineRows.length > 0) yield* execAll(d.insert("TradeOrder", ORDER_COLS, lineRows));
  if (!delta.empty) yield* applyRollupDelta(d, shopId, delta);
  if (result.inserted > 0) yield* exec(run(`UPDATE "SyncState" SET "tradesStored" = "tradesStored" + ? WHERE "shopId" = ?`, result.inserted, shopId));
}
