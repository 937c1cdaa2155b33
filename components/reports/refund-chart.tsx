"use client";
/** Refund amount (bars, ¥) and refund rate (line, %) per bucket. */
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, CHART } from "./chart-theme";
import { ChartTooltipBox } from "./chart-tooltip";

export interface RefundPoint {
  label: string;
  amount: number;
  rate: number | null;
  amountText: string;
  rateText: string;
}

export function RefundChart({ label, data, names }: { label: string; data: RefundPoint[]; names: { amount: string; rate: string } }) {
  return (
    <div role="img" aria-label={label} className="h-60 w-full">
      <ResponsiveContainer width="100%" height={240}>
        <ComposedChart data={data} margin={{ top: 8, right: 4, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke={CHART.grid} vertical={false} />
          <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={{ stroke: CHART.grid }} minTickGap={16} />
          <YAxis yAxisId="amount" tick={AXIS_TICK} tickLine={false} axisLine={false} width={56} />
          <YAxis yAxisId="rate" orientation="right" tick={AXIS_TICK} tickLine={false} axisLine={false} width={40} unit="%" />
          <Tooltip
            content={({ active, payload }) => {
              const p = active && payload?.[0] ? (payload[0].payload as RefundPoint) : null;
              return p ? (
                <ChartTooltipBox
                  label={p.label}
                  rows={[
                    { name: names.amount, color: CHART.current, text: p.amountText },
                    { name: names.rate, color: CHART.secondary, text: p.rateText },
                  ]}
                />
              ) : null;
            }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar yAxisId="amount" name={names.amount} dataKey="amount" fill={CHART.current} fillOpacity={0.8} radius={[2, 2, 0, 0]} isAnimationActive={false} />
          <Line yAxisId="rate" name={names.rate} type="monotone" dataKey="rate" stroke={CHART.secondary} strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
