/**
 * How tightly the orders list is laid out: 标准 (comfortable, the default: thumbnails, two-line
 * titles) or 紧凑 (compact: one line per order, for agents who scan many). Kept per user in a
 * cookie like the theme (lib/theme.ts), so the server renders the chosen layout at once.
 */
export const DENSITIES = ["comfortable", "compact"] as const;
export type Density = (typeof DENSITIES)[number];
export const DENSITY_COOKIE = "od-density";

export function parseDensity(value: unknown): Density {
  return (DENSITIES as readonly unknown[]).includes(value) ? (value as Density) : "comfortable";
}
