"use client";
/**
 * The sync page's live part: phase, the first-sync progress bar (days and pages of the total,
 * orders stored, calls, ETA), last success, next run, the recent runs with their counts and
 * errors, and 立即同步 for roles with sync.run. Polls /api/sync/status with React Query: every
 * 2 s while a run is going or requested, every 15 s otherwise.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { clsx } from "clsx";
import { CircleAlert, CircleCheck, LoaderCircle, PauseCircle, RefreshCw } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { ActionFailure } from "@/components/orders/detail/action-call";
import { useMutationError } from "@/components/use-mutation-error";
import type { SyncErrorInfo } from "@/lib/sync/error-codes";
import type { SyncRunDto, SyncStatusDto } from "@/lib/sync/status";
import { formatShanghai } from "@/lib/time";

/** Per shop: after a switch in the header the page's new initial state is not hidden by the old shop's cache. */
const statusKey = (shopId: string) => ["sync-status", shopId] as const;

async function fetchStatus(): Promise<SyncStatusDto> {
  const res = await fetch("/api/sync/status", { headers: { Accept: "application/json" }, cache: "no-store" });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as SyncStatusDto;
}

async function requestRun(): Promise<SyncStatusDto> {
  const res = await fetch("/api/sync/run", { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: "{}" });
  // A 5xx page that is not JSON fails to parse: useMutationError words it as a server error.
  const body = (await res.json()) as SyncStatusDto | { error: { code: string; message: string } };
  if ("error" in body) throw new ActionFailure(body.error.message, body.error.code);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return body;
}

const when = (iso: string | null) => (iso ? formatShanghai(new Date(iso), "datetime") : null);

function seconds(run: SyncRunDto): number | null {
  if (!run.endedAt) return null;
  return Math.max(0, Math.round((Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 100) / 10);
}

const OUTCOME_STYLE: Record<SyncRunDto["outcome"], string> = {
  RUNNING: "bg-sky-50 text-sky-800 ring-sky-200 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800",
  SUCCESS: "bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800",
  PARTIAL: "bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-800",
  FAILED: "bg-red-50 text-red-800 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-800",
  PAUSED: "bg-zinc-100 text-zinc-800 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-700",
  ABORTED: "bg-zinc-100 text-zinc-800 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-700",
};

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 text-sm font-medium break-words tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export function SyncPanel({ initial }: { initial: SyncStatusDto }) {
  const t = useTranslations("sync");
  const locale = useLocale();
  const queryClient = useQueryClient();
  // The server's translated refusal of 立即同步; what follows a request comes from the polled state.
  const [failure, setFailure] = useState<string | null>(null);
  // When (server time) 立即同步 was accepted: the notice follows that run until it ends.
  const [requestedAt, setRequestedAt] = useState<number | null>(null);
  const errorText = (e: SyncErrorInfo) =>
    e.code === "reauth" ? t("errors.reauth", { reason: t(`reauthReasons.${e.params.reason ?? "session-rejected"}`) }) : t(`errors.${e.code}`, { minutes: e.params.minutes ?? 1, count: e.params.count ?? 0, reason: "" });
  const status = useQuery({
    queryKey: statusKey(initial.shop.id),
    queryFn: fetchStatus,
    initialData: initial,
    // Fast while something is happening or about to (a run, a request, a first sync not done yet).
    refetchInterval: (q) => {
      const d = q.state.data;
      return d && (d.running || d.requested || (d.shop.status === "ACTIVE" && d.progress.percent !== 100)) ? 2_000 : 15_000;
    },
    refetchOnWindowFocus: true,
  });
  const describeFailure = useMutationError();
  const run = useMutation({
    mutationFn: requestRun,
    onSuccess: (data) => {
      queryClient.setQueryData(statusKey(data.shop.id), data);
      setRequestedAt(Date.parse(data.serverTime));
    },
    onError: (e) => setFailure(describeFailure(e)),
  });
  const s = status.data;
  const paused = s.phase === "PAUSED" || s.shop.status !== "ACTIVE";
  const percent = s.progress.percent;
  const busy = s.running || s.requested;
  // The run that answered the request: the newest one started after it (1 s of slack for rounding).
  const answered = requestedAt === null ? undefined : s.runs.find((r) => Date.parse(r.startedAt) >= requestedAt - 1_000);
  const notice =
    failure ??
    (requestedAt === null
      ? null
      : s.requested && !s.running
        ? t("runNowDone")
        : s.running
          ? t("runNowRunning")
          : answered && answered.outcome !== "RUNNING"
            ? t("runNowFinished", { outcome: t(`outcome.${answered.outcome}`) })
            : null);

  return (
    <div className="space-y-6" data-testid="sync-panel" data-phase={s.phase} data-running={s.running ? "true" : "false"}>
      {status.isError ? (
        <p role="status" className="text-sm text-amber-700 dark:text-amber-300">
          {t("loadFailed")}
        </p>
      ) : null}

      {paused ? (
        <section role="status" data-testid="sync-paused" className="flex gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <PauseCircle aria-hidden className="mt-0.5 size-5 shrink-0" />
          <div>
            <p className="font-medium">{t("pausedTitle")}</p>
            <p>{t("pausedBody")}</p>
          </div>
        </section>
      ) : null}

      {s.gaps.length > 0 ? (
        <section role="alert" data-testid="sync-gaps" className="flex gap-3 rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          <CircleAlert aria-hidden className="mt-0.5 size-5 shrink-0" />
          <div>
            <p className="font-medium">{t("gapsTitle", { count: s.gaps.length })}</p>
            <p>{t("gapsBody")}</p>
            <p className="mt-1 font-medium tabular-nums">{new Intl.ListFormat(locale, { type: "conjunction" }).format(s.gaps.map((g) => g.day))}</p>
          </div>
        </section>
      ) : null}

      {s.detailMissing > 0 ? (
        <section role="status" data-testid="sync-detail-missing" className="flex gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <CircleAlert aria-hidden className="mt-0.5 size-5 shrink-0" />
          <div>
            <p className="font-medium">{t("detailMissing", { count: s.detailMissing })}</p>
            <p>{t("detailMissingHelp")}</p>
          </div>
        </section>
      ) : null}

      {s.clockSkewMs !== null ? (
        <p role="status" data-testid="sync-clock-skew" className="text-sm text-amber-800 dark:text-amber-200">
          {t("clockSkew", { minutes: Math.round(Math.abs(s.clockSkewMs) / 60_000) })}
        </p>
      ) : null}

      <section aria-labelledby="sync-state-title" className="rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h2 id="sync-state-title" className="text-sm text-zinc-500 dark:text-zinc-400">
              {t("status")} · {s.shop.nick}
            </h2>
            <p className="mt-1 flex items-center gap-2 text-lg font-semibold" data-testid="sync-phase">
              {s.running ? <LoaderCircle aria-hidden className="size-5 animate-spin text-brand-600" /> : paused ? <PauseCircle aria-hidden className="size-5" /> : <CircleCheck aria-hidden className="size-5 text-emerald-600" />}
              {s.running
                ? `${t("running")} · ${t(`phase.${s.phase}`)}`
                : s.requested
                  ? t("requested")
                  : !paused && percent === null
                    ? t("waitingFirst")
                    : t(`phase.${s.phase}`)}
            </p>
          </div>
          {s.canRun ? (
            <button
              type="button"
              onClick={() => {
                setFailure(null);
                setRequestedAt(null);
                run.mutate();
              }}
              disabled={run.isPending || busy}
              data-testid="sync-now"
              className="inline-flex items-center gap-2 rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:brightness-90 disabled:cursor-not-allowed disabled:opacity-60"
            >
              <RefreshCw aria-hidden className={clsx("size-4", (run.isPending || busy) && "animate-spin")} />
              {run.isPending ? t("runNowWorking") : t("runNow")}
            </button>
          ) : null}
        </div>
        {notice ? (
          <p role="status" data-testid="sync-notice" className="mt-2 text-sm text-zinc-600 dark:text-zinc-300">
            {notice}
          </p>
        ) : null}

        <div className="mt-5">
          <div className="flex items-baseline justify-between text-sm">
            <span id="sync-progress-label">{percent === null ? t("progressNotStarted") : percent >= 100 ? (s.gaps.length > 0 ? t("progressDoneGaps") : t("progressDone")) : t("progressLabel")}</span>
            <span className="tabular-nums" data-testid="sync-percent">
              {percent === null ? "—" : `${percent}%`}
            </span>
          </div>
          <div
            role="progressbar"
            aria-labelledby="sync-progress-label"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent ?? 0}
            data-testid="sync-progress"
            className="mt-2 h-2.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
          >
            <div className={clsx("h-full rounded-full transition-[width] duration-500", percent !== null && percent >= 100 ? "bg-emerald-600" : "bg-brand-600")} style={{ width: `${percent ?? 0}%` }} />
          </div>
        </div>

        <dl className="mt-5 grid grid-cols-2 gap-x-6 gap-y-4 sm:grid-cols-3 lg:grid-cols-4">
          <Stat label={t("days")} value={t("daysValue", { done: s.backfill.daysDone, total: s.backfill.daysTotal })} testId="sync-days" />
          <Stat label={t("pages")} value={t("pagesValue", { done: s.backfill.pagesDone, total: s.backfill.pagesTotal })} testId="sync-pages" />
          <Stat label={t("tradesStored")} value={s.progress.tradesStored.toLocaleString("zh-CN")} testId="sync-trades" />
          <Stat label={t("calls")} value={s.progress.calls.toLocaleString("zh-CN")} testId="sync-calls" />
          {s.running && s.phase === "BACKFILL" ? <Stat label={t("eta")} value={when(s.progress.etaAt) ?? t("etaUnknown")} /> : null}
          <Stat label={t("watermark")} value={when(s.watermark) ?? t("never")} />
          <Stat label={t("lastSuccess")} value={when(s.lastSuccessAt) ?? t("never")} testId="sync-last-success" />
          <Stat label={t("nextRun")} value={paused ? t("phase.PAUSED") : s.requested || !s.nextRunAt ? t("soon") : (when(s.nextRunAt) ?? t("soon"))} />
        </dl>
        {s.lastError ? (
          <p className="mt-4 flex gap-2 text-sm text-red-700 dark:text-red-300" data-testid="sync-last-error" title={t("lastErrorHelp")}>
            <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
            <span>{s.lastErrorAt ? t("lastErrorAt", { at: when(s.lastErrorAt)!, message: errorText(s.lastError) }) : t("lastErrorLine", { message: errorText(s.lastError) })}</span>
          </p>
        ) : null}
        <p className="mt-4 text-xs text-zinc-500 dark:text-zinc-400">{t("help")}</p>
      </section>

      <section aria-labelledby="sync-runs-title">
        <h2 id="sync-runs-title" className="mb-2 text-base font-semibold">
          {t("runsTitle")}
        </h2>
        {s.runs.length === 0 ? (
          <p className="text-sm text-zinc-500">{t("runsEmpty")}</p>
        ) : (
          // Scrolls sideways on a phone: focusable so that a keyboard can scroll it too.
          <div tabIndex={0} role="region" aria-labelledby="sync-runs-title" className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
            <table className="w-full min-w-[640px] text-left text-sm" data-testid="sync-runs">
              <caption className="sr-only">{t("runsCaption")}</caption>
              <thead className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">{t("col.started")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("col.kind")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("col.trigger")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("col.outcome")}</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">{t("col.duration")}</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">{t("col.calls")}</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">{t("col.trades")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("col.errors")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {s.runs.map((r) => {
                  const secs = seconds(r);
                  return (
                    <tr key={r.id}>
                      <td className="px-3 py-2 whitespace-nowrap tabular-nums">{when(r.startedAt)}</td>
                      <td className="px-3 py-2 whitespace-nowrap">{t(`kind.${r.kind}`)}</td>
                      <td className="px-3 py-2 whitespace-nowrap">{t(`trigger.${r.trigger}`)}</td>
                      <td className="px-3 py-2">
                        <span className={clsx("inline-flex rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset", OUTCOME_STYLE[r.outcome])}>{t(`outcome.${r.outcome}`)}</span>
                      </td>
                      <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">{secs === null ? "—" : t("seconds", { value: secs })}</td>
                      <td className="px-3 py-2 text-right tabular-nums">{r.calls.toLocaleString("zh-CN")}</td>
                      <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">
                        {r.tradesInserted.toLocaleString("zh-CN")} / {r.tradesUpdated.toLocaleString("zh-CN")}
                      </td>
                      <td className="max-w-xs px-3 py-2">
                        {r.errorCount === 0 && (!r.error || r.outcome === "SUCCESS") ? (
                          <span className="text-zinc-600 dark:text-zinc-400">0</span>
                        ) : (
                          <span className="block" data-testid="sync-run-error">
                            {r.errorCount}
                            {r.error ? ` · ${errorText(r.error)}` : ""}
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
