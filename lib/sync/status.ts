/**
 * What the sync page (同步) reads and does, for a Viewer: the shop's sync state, progress and
 * recent runs (`syncStatus`, permission sync.read), and "立即同步" (`requestSyncNow`, permission
 * sync.run, audited). Both read the cache only, never TOP; the run itself is picked up by a
 * scheduler (this instance's, another's, or a worker).
 */
import "server-only";
import { audit } from "@/lib/audit";
import { AppError } from "@/lib/auth/errors";
import { authorize, can, type Role } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { RunStats } from "./context";
import { countDetailMissing } from "./detail";
import { isCurrentError, reauthReasonCode, syncErrorInfo, type ReauthReasonCode, type SyncErrorInfo } from "./error-codes";
import { requestSync } from "./scheduler";
import { syncSql } from "./sql";

export interface SyncViewer {
  userId: string;
  shopId: string;
  role: Role;
  /** For the audit log (the Viewer has it). */
  nick?: string;
}

export type SyncPhaseDto = "IDLE" | "BACKFILL" | "INCREMENTAL" | "DETAIL" | "PAUSED";

/** A run as the page shows it: the run's counters (RunStats) plus when, why and how it ended. */
export interface SyncRunDto extends Pick<RunStats, "pages" | "windows" | "detailCalls" | "tradesFetched" | "tradesInserted" | "tradesUpdated" | "errorCount"> {
  id: string;
  kind: "BACKFILL" | "INCREMENTAL";
  trigger: "SCHEDULE" | "MANUAL" | "SIGNIN" | "CLI";
  outcome: "RUNNING" | "SUCCESS" | "PARTIAL" | "FAILED" | "PAUSED" | "ABORTED";
  startedAt: string;
  endedAt: string | null;
  calls: number;
  /** Why the run did not succeed, as a code to translate (lib/sync/error-codes.ts); never the stored text. */
  error: SyncErrorInfo | null;
}

export interface SyncStatusDto {
  shop: { id: string; nick: string; status: "ACTIVE" | "NEEDS_REAUTH" | "DISCONNECTED"; reauthReason: ReauthReasonCode | null };
  phase: SyncPhaseDto;
  /** A worker holds the lease right now. */
  running: boolean;
  /** 立即同步 (or the first sign-in) asked for a run that has not started yet. */
  requested: boolean;
  backfill: { startedAt: string | null; doneAt: string | null; daysDone: number; daysTotal: number; pagesDone: number; pagesTotal: number };
  /** Backfill days that left the API's three-month window before they were stored: their orders are missing for good. */
  gaps: { day: string }[];
  /** Trades still waiting for their detail (buyer message, memo); the sync retries them by itself. */
  detailMissing: number;
  /** The platform's clock minus this server's, when it differs by more than a minute (ms). */
  clockSkewMs: number | null;
  progress: {
    /** 0–100 for a backfill in progress (pages done of the estimated total), 100 when complete, null before it starts. */
    percent: number | null;
    tradesStored: number;
    /** Of the current (or last) run. */
    runTrades: number;
    calls: number;
    runStartedAt: string | null;
    etaAt: string | null;
  };
  /** Everything modified before this instant is in the cache. */
  watermark: string | null;
  lastSuccessAt: string | null;
  lastRunAt: string | null;
  nextRunAt: string | null;
  /** The current error only: null once a run succeeded after it (or the shop was reconnected after a re-authorisation error). */
  lastError: SyncErrorInfo | null;
  lastErrorAt: string | null;
  runs: SyncRunDto[];
  canRun: boolean;
  serverTime: string;
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export async function syncStatus(viewer: SyncViewer): Promise<SyncStatusDto> {
  authorize(viewer, "sync.read");
  const now = new Date();
  const shop = await db().shop.findUnique({ where: { id: viewer.shopId }, select: { id: true, nick: true, status: true, reauthReason: true, syncState: true } });
  if (!shop) throw new AppError("notFound");
  const s = shop.syncState;
  const sql = await syncSql();
  const running = !!(s?.leaseOwner && s.leaseExpiresAt && s.leaseExpiresAt.getTime() > now.getTime());
  const [runs, gaps, detailMissing] = await Promise.all([
    db().syncRun.findMany({ where: { shopId: shop.id }, orderBy: { startedAt: "desc" }, take: 10 }),
    db().syncBackfillDay.findMany({ where: { shopId: shop.id, gap: true }, orderBy: { day: "asc" }, select: { day: true } }),
    // While a run goes on, the trades it stored are still in its hands: only older ones are "missing".
    countDetailMissing(sql, shop.id, running && s?.runStartedAt ? s.runStartedAt : undefined),
  ]);
  const daysTotal = s?.backfillDaysTotal ?? 0;
  const pagesDone = s?.backfillPagesDone ?? 0;
  const pagesTotal = Math.max(s?.backfillPagesTotal ?? 0, pagesDone);
  const lastError = s?.lastError ? syncErrorInfo(s.lastError) : null;
  const percent = s?.backfillDoneAt ? 100 : daysTotal > 0 ? Math.min(99, Math.floor((100 * pagesDone) / Math.max(1, pagesTotal))) : null;
  return {
    shop: { id: shop.id, nick: shop.nick, status: shop.status, reauthReason: shop.status === "NEEDS_REAUTH" ? reauthReasonCode(shop.reauthReason) : null },
    phase: shop.status === "NEEDS_REAUTH" ? "PAUSED" : running ? (s!.phase as SyncPhaseDto) : s?.phase === "PAUSED" ? "PAUSED" : "IDLE",
    running,
    requested: !!s?.requestedAt,
    backfill: { startedAt: iso(s?.backfillStartedAt), doneAt: iso(s?.backfillDoneAt), daysDone: s?.backfillDaysDone ?? 0, daysTotal, pagesDone, pagesTotal },
    gaps: gaps.map((g) => ({ day: g.day })),
    detailMissing,
    clockSkewMs: s?.clockSkewMs !== null && s?.clockSkewMs !== undefined && Math.abs(s.clockSkewMs) > 60_000 ? s.clockSkewMs : null,
    progress: {
      percent,
      tradesStored: s?.tradesStored ?? 0,
      runTrades: s?.runTrades ?? 0,
      calls: s?.runCalls ?? 0,
      runStartedAt: iso(s?.runStartedAt),
      etaAt: running ? iso(s?.runEtaAt) : null,
    },
    // Before the first sync is complete, the watermark only says where incremental sync will start.
    watermark: s?.backfillDoneAt ? iso(s.watermark) : null,
    lastSuccessAt: iso(s?.lastSuccessAt),
    lastRunAt: iso(s?.lastRunAt),
    nextRunAt: iso(s?.nextRunAt),
    lastError: lastError && isCurrentError(lastError, s?.lastErrorAt ?? null, s?.lastSuccessAt ?? null, shop.status === "ACTIVE") ? lastError : null,
    lastErrorAt: lastError && isCurrentError(lastError, s?.lastErrorAt ?? null, s?.lastSuccessAt ?? null, shop.status === "ACTIVE") ? iso(s?.lastErrorAt) : null,
    runs: runs.map((r) => {
      // The running run's counters are flushed by its heartbeat; the live ones are in SyncState.
      const live = running && r.outcome === "RUNNING" && r.id === s?.runId;
      return {
        id: r.id,
        kind: r.kind,
        trigger: r.trigger,
        outcome: r.outcome,
        startedAt: r.startedAt.toISOString(),
        endedAt: iso(r.endedAt),
        calls: live ? Math.max(r.calls, s!.runCalls) : r.calls,
        pages: r.pages,
        windows: r.windows,
        detailCalls: r.detailCalls,
        tradesFetched: live ? Math.max(r.tradesFetched, s!.runTrades) : r.tradesFetched,
        tradesInserted: r.tradesInserted,
        tradesUpdated: r.tradesUpdated,
        errorCount: r.errorCount,
        error: r.lastError ? syncErrorInfo(r.lastError) : null,
      };
    }),
    canRun: can(viewer.role, "sync.run") && shop.status === "ACTIVE",
    serverTime: now.toISOString(),
  };
}

/** 立即同步: asks for a run of the viewer's shop now (any scheduler picks it up), audited. */
export async function requestSyncNow(viewer: SyncViewer): Promise<SyncStatusDto> {
  authorize(viewer, "sync.run");
  const shop = await db().shop.findUnique({ where: { id: viewer.shopId }, select: { status: true } });
  if (!shop) throw new AppError("notFound");
  if (shop.status !== "ACTIVE") throw new AppError("shopNeedsReauth");
  await requestSync(viewer.shopId, "MANUAL");
  const actor = viewer.nick ?? (await db().user.findUnique({ where: { id: viewer.userId }, select: { nick: true } }))?.nick ?? viewer.userId;
  await audit({ shopId: viewer.shopId, actor: { id: viewer.userId, nick: actor }, action: "sync.run", target: { type: "shop", id: viewer.shopId }, newValue: { trigger: "MANUAL" } });
  return syncStatus(viewer);
}
