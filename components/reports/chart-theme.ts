/** Chart colours that read on white and on zinc-900 alike (SVG attributes cannot follow the theme's CSS variables). */
export const CHART = {
  current: "#ff5000",
  previous: "#8b93a7",
  secondary: "#2f7de1",
  grid: "rgba(113, 113, 122, 0.25)",
  axis: "#71717a",
} as const;

export const AXIS_TICK = { fill: CHART.axis, fontSize: 11 } as const;
