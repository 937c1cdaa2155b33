/**
 * Parcel traces (taobao.logistics.trace.search), one per parcel of a trade, cached in
 * LogisticsTrace: a trace is fetched again only when it is older than TRACE_TTL_MS, and never
 * once the parcel is delivered (a TMS_SIGN step). Split shipments are traced per parcel with
 * is_split=1 and the parcel's lines as sub_tid.
 */
import "server-only";
import { authorize, type Viewer } from "@/lib/auth/viewer";
import { db } from "@/lib/db";
import { withShopSession } from "@/lib/shops/tokens";
import { logisticsTraceSearch, TopClientError, TopError } from "@/lib/top";
import { log } from "@/lib/log";
import { clientOf, ownTrade, type OrderDeps } from "./detail-access";
import { isDelivered, parcelsOf, stepKind, type Parcel, type StepKind } from "./detail-view";

export const TRACE_TTL_MS = 10 * 60 * 1000;
/** 刷新物流 (force) still answers from the cache for a trace fetched this recently: a button is no way around the quota. */
export const TRACE_FORCE_MIN_AGE_MS = 30 * 1000;

export interface TraceStepDto {
  /** ISO instant. */
  time: string;
  desc: string;
  action: string | null;
  kind: StepKind;
}

export interface ParcelTraceDto {
  subTid: string;
  oids: string[];
  waybill: string;
  companyName: string | null;
  /** Taobao's free-text status (对方已签收); delivery is `delivered`, derived from the steps. */
  status: string | null;
  steps: TraceStepDto[];
  delivered: boolean;
  fetchedAt: string | null;
  /** ok: steps as stored; none: Taobao has no trace for it yet; error: no trace could be loaded (platform trouble). */
  state: "ok" | "none" | "error";
  /** The stored trace is older than the TTL because a refresh just failed. */
  stale: boolean;
}

interface StoredStep {
  time: string;
  desc: string;
  action: string | null;
}

type TraceRow = Awaited<ReturnType<ReturnType<typeof db>["logisticsTrace"]["findMany"]>>[number];

function toDto(p: Parcel, row: TraceRow | null, state: ParcelTraceDto["state"], stale = false): ParcelTraceDto {
  const steps = ((row?.steps as StoredStep[] | null) ?? []).map((s) => ({ ...s, kind: stepKind(s.action) }));
  return {
    subTid: p.subTid,
    oids: p.oids,
    waybill: row?.outSid ?? p.waybill,
    companyName: row?.companyName ?? p.companyName,
    status: row?.status ?? null,
    steps,
    delivered: row?.delivered ?? false,
    fetchedAt: row?.fetchedAt.toISOString() ?? null,
    state,
    stale,
  };
}

async function fetchTrace(viewer: Viewer, tid: string, p: Parcel, split: boolean, deps: OrderDeps | undefined, now: Date): Promise<TraceRow | null> {
  const client = clientOf(deps);
  let trace;
  try {
    trace = await withShopSession(viewer.shopId, (session) =>
      logisticsTraceSearch(client, session, split ? { tid, is_split: 1, sub_tid: p.oids } : { tid }),
    );
  } catch (e) {
    if (TopError.is(e) && e.subCode === "isv.logistics-trace-not-exist") return null;
    throw e;
  }
  const steps: StoredStep[] = trace.steps.map((s) => ({ time: s.time.toISOString(), desc: s.desc, action: s.action }));
  const data = {
    shopId: viewer.shopId,
    outSid: trace.outSid ?? p.waybill,
    companyName: trace.companyName ?? p.companyName,
    status: trace.status,
    steps: steps as object,
    stepCount: steps.length,
    lastStepAt: trace.steps.at(-1)?.time ?? null,
    delivered: isDelivered(steps),
    fetchedAt: now,
  };
  const where = { tid_subTid: { tid, subTid: p.subTid } };
  try {
    return await db().logisticsTrace.upsert({ where, create: { tid, subTid: p.subTid, ...data }, update: data });
  } catch {
    // Two viewers fetched at once and the other one created the row first.
    return db().logisticsTrace.update({ where, data });
  }
}

/**
 * Every parcel of the trade with its trace: from the cache when fresh (or delivered), else from
 * Taobao. `force` skips the TTL (after shipping, or 刷新物流) for traces older than
 * TRACE_FORCE_MIN_AGE_MS that are not delivered.
 */
export async function getParcelTraces(viewer: Viewer, tid: string, opts: OrderDeps & { force?: boolean; now?: () => Date } = {}): Promise<ParcelTraceDto[]> {
  authorize(viewer, "orders.trace");
  await ownTrade(viewer, tid);
  const now = opts.now?.() ?? new Date();
  const lines = await db().tradeOrder.findMany({ where: { tid, shopId: viewer.shopId }, orderBy: { position: "asc" }, select: { oid: true, invoiceNo: true, logisticsCompany: true, consignTime: true } });
  const parcels = parcelsOf(lines);
  if (parcels.length === 0) return [];
  const cached = new Map((await db().logisticsTrace.findMany({ where: { tid, shopId: viewer.shopId } })).map((r) => [r.subTid, r]));
  const split = parcels.length > 1;
  return Promise.all(
    parcels.map(async (p) => {
      const c = cached.get(p.subTid) ?? null;
      const sameParcel = c !== null && (c.outSid === null || c.outSid === p.waybill);
      const age = sameParcel ? now.getTime() - c.fetchedAt.getTime() : Infinity;
      const fresh = sameParcel && (c.delivered || age < TRACE_TTL_MS);
      if (fresh && (!opts.force || c.delivered || age < TRACE_FORCE_MIN_AGE_MS)) return toDto(p, c, "ok");
      try {
        const row = await fetchTrace(viewer, tid, p, split, opts, now);
        return row ? toDto(p, row, "ok") : toDto(p, null, "none");
      } catch (e) {
        if (!TopClientError.is(e)) throw e;
        log.warn({ tid, subTid: p.subTid, err: e.message }, "trace refresh failed");
        return sameParcel ? toDto(p, c, "ok", true) : toDto(p, null, "error");
      }
    }),
  );
}

/** The earliest signature (TMS_SIGN) among the trade's stored traces, for the trade's timeline. */
export function signedAtOf(rows: readonly { steps: unknown }[]): Date | null {
  let best: number | null = null;
  for (const r of rows) {
    for (const s of (r.steps as StoredStep[] | null) ?? []) {
      if (s.action !== "TMS_SIGN") continue;
      const t = Date.parse(s.time);
      if (best === null || t < best) best = t;
    }
  }
  return best === null ? null : new Date(best);
}
