"use client";
/** The tooltip of every report chart: themed with Tailwind, values already formatted by the caller. */
export interface TooltipRow {
  name: string;
  color: string;
  text: string;
}

export function ChartTooltipBox({ label, rows }: { label: string; rows: TooltipRow[] }) {
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs shadow-md dark:border-zinc-700 dark:bg-zinc-800">
      <p className="mb-1 font-medium text-zinc-900 dark:text-zinc-100">{label}</p>
      {rows.map((r) => (
        <p key={r.name} className="flex items-center gap-2 text-zinc-700 dark:text-zinc-300">
          <span aria-hidden className="inline-block size-2 rounded-full" style={{ background: r.color }} />
          {r.name}: <span className="font-medium tabular-nums">{r.text}</span>
        </p>
      ))}
    </div>
  );
}
