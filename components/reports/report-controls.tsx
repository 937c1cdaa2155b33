"use client";
/**
 * The report controls: date preset (or a custom range), granularity and shop, all in the URL
 * through the same nuqs parsers the server validates with. Changing one re-renders the page on
 * the server inside a transition, so the old figures stay until the new arrive.
 */
import { Printer } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { useUrlParams } from "@/components/use-url-params";
import { GRANULARITIES, REPORT_PRESETS, reportParsers, type ReportPreset } from "@/lib/reports/params";

export interface ControlLabels {
  label: string;
  preset: string;
  presets: Record<ReportPreset, string>;
  from: string;
  to: string;
  apply: string;
  granularity: string;
  granularities: Record<(typeof GRANULARITIES)[number], string>;
  shop: string;
  print: string;
  loading: string;
}

export function ReportControls({ labels, shops, currentShopId, allLabel, defaultFrom, defaultTo }: { labels: ControlLabels; shops: { id: string; nick: string }[]; currentShopId: string; allLabel: string | null; defaultFrom: string; defaultTo: string }) {
  const [q, setQ, pending] = useUrlParams(reportParsers);
  const [from, setFrom] = useState(q.from ?? defaultFrom);
  const [to, setTo] = useState(q.to ?? defaultTo);

  // Printing shows every data table.
  useEffect(() => {
    const open = () => document.querySelectorAll<HTMLDetailsElement>("details[data-report-table]").forEach((d) => (d.open = true));
    window.addEventListener("beforeprint", open);
    return () => window.removeEventListener("beforeprint", open);
  }, []);

  return (
    <div role="group" aria-label={labels.label} aria-busy={pending} className="mb-4 flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-3 print:hidden dark:border-zinc-800 dark:bg-zinc-900" data-testid="report-controls">
      <div role="radiogroup" aria-label={labels.preset} className="flex flex-wrap gap-1.5">
        {REPORT_PRESETS.map((p) => (
          <button
            key={p}
            type="button"
            role="radio"
            aria-checked={q.preset === p}
            data-testid={`preset-${p}`}
            onClick={() => setQ(p === "custom" ? { preset: p, from, to } : { preset: p, from: null, to: null })}
            className={
              q.preset === p
                ? "h-8 rounded-md bg-brand-700 px-3 text-xs font-medium text-white"
                : "h-8 rounded-md border border-zinc-300 bg-white px-3 text-xs font-medium text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
            }
          >
            {labels.presets[p]}
          </button>
        ))}
      </div>
      <div className="flex flex-wrap items-end gap-3">
        {q.preset === "custom" ? (
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              setQ({ preset: "custom", from, to });
            }}
          >
            <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
              {labels.from}
              <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required data-testid="custom-from" className="w-40" />
            </label>
            <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
              {labels.to}
              <Input type="date" value={to} onChange={(e) => setTo(e.target.value)} required data-testid="custom-to" className="w-40" />
            </label>
            <Button type="submit" size="md" variant="secondary" data-testid="custom-apply">
              {labels.apply}
            </Button>
          </form>
        ) : null}
        <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          {labels.granularity}
          <Select value={q.granularity} onChange={(e) => setQ({ granularity: e.target.value as (typeof GRANULARITIES)[number] })} data-testid="granularity" className="w-28">
            {GRANULARITIES.map((g) => (
              <option key={g} value={g}>
                {labels.granularities[g]}
              </option>
            ))}
          </Select>
        </label>
        {shops.length > 1 || allLabel ? (
          <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
            {labels.shop}
            <Select value={q.shop ?? currentShopId} onChange={(e) => setQ({ shop: e.target.value === currentShopId ? null : e.target.value })} data-testid="shop" className="w-48">
              {shops.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.nick}
                </option>
              ))}
              {allLabel ? <option value="all">{allLabel}</option> : null}
            </Select>
          </label>
        ) : null}
        <div className="ml-auto flex items-center gap-2">
          {pending ? (
            <span role="status" className="text-xs text-zinc-500 dark:text-zinc-400">
              {labels.loading}
            </span>
          ) : null}
          <Button variant="secondary" onClick={() => window.print()} data-testid="print">
            <Printer aria-hidden className="size-4" />
            {labels.print}
          </Button>
        </div>
      </div>
    </div>
  );
}
