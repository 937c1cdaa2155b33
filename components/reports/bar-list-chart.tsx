/**
 * A ranked horizontal bar list (top products, provinces, statuses, shipping-time bins) in HTML
 * rather than SVG: a name gets the room it needs beside its bar and, when it is still too long
 * (小米粒 / 每日坚果混合装 …), ends in an ellipsis and shows in full on hover and on keyboard focus,
 * which SVG tick labels cannot do. The exact figures are in the data table beneath.
 */
import { CHART } from "./chart-theme";

export interface BarPoint {
  label: string;
  value: number;
  text: string;
}

export function BarListChart({ label, data, valueName, empty, color = CHART.current }: { label: string; data: BarPoint[]; valueName: string; empty: string; color?: string }) {
  const max = Math.max(0, ...data.map((d) => d.value));
  if (data.length === 0) return <p className="py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">{empty}</p>;
  return (
    <ol aria-label={`${label} (${valueName})`} className="space-y-1.5 text-xs" data-bar-list>
      {data.map((d, i) => (
        <li key={i} className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)] items-center gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
          {/* Focusable so that a keyboard reaches the full name; title gives it to the mouse. */}
          <span tabIndex={0} title={d.label} data-part="label" className="truncate rounded text-zinc-700 outline-offset-2 hover:whitespace-normal hover:break-all focus-visible:whitespace-normal focus-visible:break-all focus-visible:outline-2 focus-visible:outline-zinc-500 dark:text-zinc-300">
            {d.label}
          </span>
          <span className="flex min-w-0 items-center gap-2">
            {/* The bar takes its share of what the value leaves, so a long amount never pushes it out of the card. */}
            <span aria-hidden className="min-w-0 flex-1">
              <span className="block h-3.5 rounded-r-sm" style={{ width: `${max > 0 ? Math.max(1, (d.value / max) * 100) : 0}%`, backgroundColor: color }} />
            </span>
            <span className="shrink-0 text-zinc-800 tabular-nums dark:text-zinc-200" data-part="value">
              {d.text}
            </span>
          </span>
        </li>
      ))}
    </ol>
  );
}
