"use client";
import { Line, LineChart, ResponsiveContainer, YAxis } from "recharts";
import { CHART } from "./chart-theme";

/** A KPI's daily values over the period; decorative (the figures are in the table below the cards). */
export function Sparkline({ values }: { values: number[] }) {
  const data = values.map((v, i) => ({ i, v }));
  return (
    <div aria-hidden className="h-9 w-full">
      <ResponsiveContainer width="100%" height={36}>
        <LineChart data={data} margin={{ top: 4, right: 2, bottom: 4, left: 2 }} accessibilityLayer={false}>
          <YAxis hide domain={["dataMin", "dataMax"]} />
          <Line type="monotone" dataKey="v" stroke={CHART.current} strokeWidth={1.5} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
