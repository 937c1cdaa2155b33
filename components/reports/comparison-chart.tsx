"use client";
/** One figure over time: this period (solid) against the previous equal period at the same positions (dashed). */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, CHART } from "./chart-theme";
import { ChartTooltipBox } from "./chart-tooltip";

export interface ComparisonPoint {
  label: string;
  cur: number | null;
  prev: number | null;
  curText: string;
  prevText: string;
  prevLabel: string;
}

export function ComparisonChart({ label, data, names }: { label: string; data: ComparisonPoint[]; names: { cur: string; prev: string } }) {
  return (
    <div role="img" aria-label={label} className="h-60 w-full">
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke={CHART.grid} vertical={false} />
          <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={{ stroke: CHART.grid }} minTickGap={16} />
          <YAxis tick={AXIS_TICK} tickLine={false} axisLine={false} width={56} tickFormatter={(v: number) => (Math.abs(v) >= 10_000 ? `${(v / 10_000).toFixed(v % 10_000 === 0 ? 0 : 1)}万` : String(v))} />
          <Tooltip
            content={({ active, payload }) => {
              const p = active && payload?.[0] ? (payload[0].payload as ComparisonPoint) : null;
              return p ? (
                <ChartTooltipBox
                  label={p.label}
                  rows={[
                    { name: names.cur, color: CHART.current, text: p.curText },
                    { name: `${names.prev} ${p.prevLabel}`, color: CHART.previous, text: p.prevText },
                  ]}
                />
              ) : null;
            }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line name={names.cur} type="monotone" dataKey="cur" stroke={CHART.current} strokeWidth={2} dot={data.length <= 31 ? { r: 2 } : false} isAnimationActive={false} />
          <Line name={names.prev} type="monotone" dataKey="prev" stroke={CHART.previous} strokeWidth={1.5} strokeDasharray="5 4" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
