/** Orders by weekday (rows) × hour (columns), as shaded cells; decorative, the numbers are in the table beneath. */
export function Heatmap({ cells, weekdays, legend }: { cells: number[][]; weekdays: string[]; legend: (max: number) => string }) {
  const max = Math.max(0, ...cells.flat());
  return (
    <div aria-hidden className="overflow-x-auto">
      <div className="grid min-w-[560px] gap-[3px]" style={{ gridTemplateColumns: "2.5rem repeat(24, minmax(0, 1fr))" }}>
        <span />
        {Array.from({ length: 24 }, (_, h) => (
          <span key={h} className="text-center text-[10px] text-zinc-500 dark:text-zinc-400">
            {h % 3 === 0 ? String(h).padStart(2, "0") : ""}
          </span>
        ))}
        {cells.map((row, w) => (
          <div key={w} className="contents">
            <span className="pr-1 text-right text-[11px] leading-5 text-zinc-600 dark:text-zinc-300">{weekdays[w]}</span>
            {row.map((n, h) => (
              <span
                key={h}
                title={`${weekdays[w]} ${String(h).padStart(2, "0")}:00 · ${n}`}
                className="h-5 rounded-[3px] bg-zinc-100 dark:bg-zinc-800"
                style={n > 0 ? { backgroundColor: `rgba(255, 80, 0, ${(0.12 + 0.88 * (n / max)).toFixed(3)})` } : undefined}
              />
            ))}
          </div>
        ))}
      </div>
      <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">{legend(max)}</p>
    </div>
  );
}
