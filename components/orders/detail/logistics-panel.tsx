"use client";
/**
 * The parcels' tracking (trace.search through a server action; the server answers from its cache
 * within the TTL). While a parcel is on its way the query refetches every minute; delivered
 * parcels stop polling. One vertical timeline per parcel.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { clsx } from "clsx";
import { AlertTriangle, CircleCheck, LoaderCircle, MapPin, Package, PackageCheck, PackageOpen, RefreshCw, Truck, type LucideIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { parcelTracesAction } from "@/app/(dashboard)/(order-detail)/orders/[tid]/actions";
import { CopyButton } from "@/components/ui/copy-button";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import type { StepKind } from "@/lib/orders/detail-view";
import type { ParcelTraceDto } from "@/lib/orders/trace";
import { formatShanghai } from "@/lib/time";
import { useMutationError } from "@/components/use-mutation-error";
import { unwrap } from "./action-call";

export const TRACE_POLL_MS = 60_000;

const ICON: Record<StepKind, LucideIcon> = {
  consign: PackageOpen,
  accept: Package,
  transport: Truck,
  delivering: MapPin,
  sign: PackageCheck,
  exception: AlertTriangle,
  other: CircleCheck,
};

const ICON_TONE: Record<StepKind, string> = {
  consign: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200",
  accept: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  transport: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  delivering: "bg-brand-100 text-brand-700 dark:bg-brand-500/20 dark:text-orange-200",
  sign: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  exception: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
  other: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200",
};

function ParcelTimeline({ parcel, n, multiple }: { parcel: ParcelTraceDto; n: number; multiple: boolean }) {
  const t = useTranslations("orderDetail.logistics");
  const steps = [...parcel.steps].reverse(); // newest first, as carriers show it
  return (
    <section aria-label={multiple ? t("parcel", { n }) : t("title")} className="space-y-3" data-testid="parcel" data-sub-tid={parcel.subTid} data-delivered={parcel.delivered}>
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0 text-sm">
          {multiple ? <p className="text-xs font-medium text-zinc-600 dark:text-zinc-400">{t("parcel", { n })} · {t("parcelLines", { count: parcel.oids.length })}</p> : null}
          <p className="flex flex-wrap items-center gap-x-2">
            <span className="font-medium" data-testid="parcel-carrier">{parcel.companyName ?? "—"}</span>
            <span className="font-mono text-xs" data-testid="parcel-waybill">{parcel.waybill}</span>
            <CopyButton value={parcel.waybill} label={t("copyWaybill")} copiedLabel={t("copyWaybill")} />
          </p>
        </div>
        <span
          className={clsx(
            "rounded-full px-2 py-0.5 text-xs font-medium",
            parcel.delivered ? "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200" : "bg-sky-50 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
          )}
          data-testid="parcel-state"
        >
          {parcel.delivered ? t("delivered") : parcel.steps.length === 0 || parcel.steps.at(-1)!.kind === "consign" ? t("awaitingPickup") : t("inTransit")}
        </span>
      </header>
      {parcel.state === "none" ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("noTrace")}</p>
      ) : parcel.state === "error" ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">{t("errorParcel")}</p>
      ) : steps.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("noTrace")}</p>
      ) : (
        <ol className="relative space-y-4 border-l border-zinc-200 pl-6 dark:border-zinc-800" data-testid="trace-steps">
          {steps.map((s, i) => {
            const Icon = ICON[s.kind];
            return (
              <li key={`${s.time}-${i}`} className="relative" data-testid="trace-step" data-kind={s.kind}>
                <span aria-hidden className={clsx("absolute top-0 -left-[2.3rem] flex size-7 items-center justify-center rounded-full ring-4 ring-white dark:ring-zinc-900", ICON_TONE[s.kind])}>
                  <Icon className="size-3.5" />
                </span>
                <p className={clsx("text-sm break-words", i === 0 ? "font-medium" : "text-zinc-700 dark:text-zinc-300")}>
                  <span className="sr-only">{t(`kind.${s.kind}`)}：</span>
                  {s.desc}
                </p>
                <p className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
                  <time dateTime={s.time}>{formatShanghai(new Date(s.time), "datetime")}</time>
                  <span aria-hidden> · {t(`kind.${s.kind}`)}</span>
                </p>
              </li>
            );
          })}
        </ol>
      )}
      {parcel.stale ? <p className="text-xs text-amber-800 dark:text-amber-200">{t("stale")}</p> : null}
      {parcel.fetchedAt ? <p className="text-xs text-zinc-600 dark:text-zinc-400">{t("updated", { time: formatShanghai(new Date(parcel.fetchedAt), "minute") })}</p> : null}
    </section>
  );
}

export function LogisticsPanel({ tid, waybills, canTrace }: { tid: string; /** The parcels' waybills as the page knows them (the query refetches when they change). */ waybills: string[]; canTrace: boolean }) {
  const t = useTranslations("orderDetail.logistics");
  const queryClient = useQueryClient();
  const failure = useMutationError();
  const key = ["parcel-traces", tid, waybills.join(",")];
  const traces = useQuery({
    queryKey: key,
    queryFn: () => unwrap(parcelTracesAction({ tid })),
    enabled: canTrace && waybills.length > 0,
    staleTime: 0,
    refetchInterval: (q) => (q.state.data && q.state.data.some((p) => !p.delivered) ? TRACE_POLL_MS : false),
    retry: 1,
  });
  const refresh = async () => {
    const data = await unwrap(parcelTracesAction({ tid, force: true })).catch(() => null);
    if (data) queryClient.setQueryData(key, data);
    else void traces.refetch();
  };
  return (
    <Card
      id="order-logistics"
      title={t("title")}
      testId="order-logistics"
      actions={
        waybills.length > 0 && canTrace ? (
          <button type="button" onClick={() => void refresh()} className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800" data-testid="trace-refresh">
            {traces.isFetching ? <LoaderCircle aria-hidden className="size-3.5 animate-spin" /> : <RefreshCw aria-hidden className="size-3.5" />}
            {t("refresh")}
          </button>
        ) : null
      }
    >
      {waybills.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="logistics-not-shipped">{t("notShipped")}</p>
      ) : traces.isPending ? (
        <div role="status" className="space-y-3">
          <span className="sr-only">{t("loading")}</span>
          <Skeleton className="h-5 w-1/2" />
          <Skeleton className="h-12 w-full" />
          <Skeleton className="h-12 w-full" />
        </div>
      ) : traces.isError ? (
        <div role="alert" className="space-y-2 text-sm text-red-700 dark:text-red-400">
          <p>{t("error", { message: failure(traces.error) })}</p>
          <button type="button" onClick={() => void traces.refetch()} className="text-xs font-medium underline">
            {t("refresh")}
          </button>
        </div>
      ) : traces.data.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("noTrace")}</p>
      ) : (
        <div className="space-y-6 divide-zinc-200 dark:divide-zinc-800">
          {traces.data.map((p, i) => (
            <ParcelTimeline key={p.subTid || "trade"} parcel={p} n={i + 1} multiple={traces.data.length > 1} />
          ))}
        </div>
      )}
    </Card>
  );
}
