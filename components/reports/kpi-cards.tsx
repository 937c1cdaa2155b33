import { ArrowDownRight, ArrowUpRight, Minus } from "lucide-react";
import { clsx } from "clsx";
import { KPI_KEYS, kpiValue, type KpiKey, type KpiReport } from "@/lib/reports/queries";
import { compareKpi, comparisonLabels, formatKpi, noDataText, type Translate } from "@/lib/reports/tables";
import { ratio, ratioToNumber } from "@/lib/reports/ratio";
import { fenToYuanNumber } from "@/lib/money";
import { Sparkline } from "./sparkline";

function sparkValues(r: KpiReport, key: KpiKey): number[] | null {
  switch (key) {
    case "gmv":
      return r.days.map((d) => fenToYuanNumber(d.gmvFen));
    case "paidTrades":
      return r.days.map((d) => d.paidTrades);
    case "buyers":
      return r.days.map((d) => d.buyers);
    case "aov":
      return r.days.map((d) => (d.buyers ? ratioToNumber(ratio(d.gmvFen, d.buyers)!) / 100 : 0));
    case "refundFen":
      return r.days.map((d) => fenToYuanNumber(d.refundFen));
    case "refundRate":
      return r.days.map((d) => (d.gmvFen ? ratioToNumber(ratio(d.refundFen, d.gmvFen)!) * 100 : 0));
    case "shipMedian":
      return r.days.map((d) => (d.consignedTrades ? Number(d.consignSeconds) / d.consignedTrades / 3600 : 0));
  }
}

/** For refunds and shipping time, up is bad. */
const UP_IS_GOOD: Record<KpiKey, boolean> = { gmv: true, paidTrades: true, buyers: true, aov: true, refundFen: false, refundRate: false, shipMedian: false };

function Change({ label, delta, pct, sign, good, testId, unknown }: { label: string; delta: string; pct: string; sign: number; good: boolean; testId: string; unknown: boolean }) {
  if (unknown)
    return (
      <p className="flex flex-wrap items-center gap-x-1 text-xs text-zinc-500 dark:text-zinc-400" data-testid={testId} data-unknown>
        <span>{label}</span>
        <Minus aria-hidden className="size-3.5" />
        <span data-part="pct">{pct}</span>
      </p>
    );
  const Icon = sign > 0 ? ArrowUpRight : sign < 0 ? ArrowDownRight : Minus;
  const tone = sign === 0 ? "text-zinc-500 dark:text-zinc-400" : (sign > 0) === good ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400";
  return (
    <p className="flex flex-wrap items-center gap-x-1 text-xs" data-testid={testId}>
      <span className="text-zinc-500 dark:text-zinc-400">{label}</span>
      <span className={clsx("inline-flex items-center gap-0.5 font-medium tabular-nums", tone)}>
        <Icon aria-hidden className="size-3.5" />
        <span data-part="pct">{pct}</span>
      </span>
      <span className="text-zinc-500 tabular-nums dark:text-zinc-400" data-part="delta">
        ({delta})
      </span>
    </p>
  );
}

export function KpiCards({ report, t }: { report: KpiReport; t: Translate }) {
  const labels = comparisonLabels(report, t);
  const noCurrent = report.coverage.current.status === "none";
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-4 print:grid-cols-4" data-testid="kpi-cards">
      {KPI_KEYS.map((key) => {
        const cur = kpiValue(report.current, key);
        const prev = compareKpi(key, cur, kpiValue(report.previous, key), t, noCurrent ? report.coverage.current : report.coverage.previous);
        const ly = compareKpi(key, cur, kpiValue(report.lastYear, key), t, noCurrent ? report.coverage.current : report.coverage.lastYear);
        const spark = sparkValues(report, key);
        return (
          <li key={key} data-testid={`kpi-${key}`} className="flex min-w-0 flex-col rounded-lg border border-zinc-200 bg-white p-3 break-inside-avoid dark:border-zinc-800 dark:bg-zinc-900">
            <h3 className="text-xs font-medium text-zinc-600 dark:text-zinc-400">{t(`kpi.${key}`)}</h3>
            <p className={clsx("mt-1 font-semibold tabular-nums", noCurrent ? "text-sm text-zinc-600 dark:text-zinc-400" : "truncate text-lg sm:text-xl")} data-part="value">
              {noCurrent ? noDataText(report.coverage.current, t) : formatKpi(key, cur, t)}
            </p>
            {noCurrent ? null : (
              <div className="mt-1 space-y-0.5">
                <Change label={labels.previous} {...prev} good={UP_IS_GOOD[key]} testId={`kpi-${key}-previous`} />
                <Change label={labels.lastYear} {...ly} good={UP_IS_GOOD[key]} testId={`kpi-${key}-lastYear`} />
              </div>
            )}
            {spark && spark.length > 1 && !noCurrent ? (
              <div className="mt-auto pt-2">
                <Sparkline values={spark} />
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
