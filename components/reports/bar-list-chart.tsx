"use client";
/** A ranked horizontal bar chart (top products, provinces, statuses, shipping-time bins). */
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, CHART } from "./chart-theme";
import { ChartTooltipBox } from "./chart-tooltip";

export interface BarPoint {
  label: string;
  value: number;
  text: string;
}

export function BarListChart({ label, data, valueName, color = CHART.current }: { label: string; data: BarPoint[]; valueName: string; color?: string }) {
  const height = Math.max(120, data.length * 28 + 24);
  return (
    <div role="img" aria-label={label} className="w-full" style={{ height }}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }} accessibilityLayer={false}>
          <CartesianGrid stroke={CHART.grid} horizontal={false} />
          <XAxis type="number" tick={AXIS_TICK} tickLine={false} axisLine={false} />
          <YAxis
            type="category"
            dataKey="label"
            tick={AXIS_TICK}
            tickLine={false}
            axisLine={false}
            width={120}
            interval={0}
            tickFormatter={(s: string) => (s.length > 10 ? `${s.slice(0, 9)}…` : s)}
          />
          <Tooltip
            cursor={{ fill: CHART.grid }}
            content={({ active, payload }) => {
              const p = active && payload?.[0] ? (payload[0].payload as BarPoint) : null;
              return p ? <ChartTooltipBox label={p.label} rows={[{ name: valueName, color, text: p.text }]} /> : null;
            }}
          />
          <Bar dataKey="value" fill={color} radius={[0, 3, 3, 0]} barSize={16} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
