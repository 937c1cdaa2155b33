/**
 * The limits on sensitive actions as data: what is limited, the defaults, the bounds of the
 * owner's overrides. Plain data, so the settings form can show them too; the limiter, the
 * overrides' validation and the shop's effective limits are lib/auth/limits.ts (server-only).
 */
export const LIMITED_ACTIONS = ["reveal", "phoneLookup", "refresh", "export"] as const;
export type LimitedAction = (typeof LIMITED_ACTIONS)[number];
export type LimitScope = "user" | "shop";

/** The sliding window every limit counts over. */
export const LIMIT_WINDOW_MS = 60 * 60 * 1000;
/** Events are kept this long: the audit page's alert looks at the busiest hour of the last day. */
export const LIMIT_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface ActionLimits {
  /** Per user (within the shop) per hour. */
  user: number;
  /** All the shop's members together per hour. */
  shop: number;
}

export interface ShopLimits {
  actions: Record<LimitedAction, ActionLimits>;
  /** Rows one export may hold; above it the export is refused before it starts (the dialog says so first). */
  exportMaxRows: number;
}

export const DEFAULT_LIMITS: ShopLimits = {
  actions: {
    reveal: { user: 60, shop: 300 },
    phoneLookup: { user: 30, shop: 150 },
    refresh: { user: 120, shop: 600 },
    export: { user: 20, shop: 60 },
  },
  exportMaxRows: 100_000,
};

export const LIMIT_BOUNDS = { min: 1, max: 10_000 } as const;
export const EXPORT_ROWS_BOUNDS = { min: 1_000, max: 1_000_000 } as const;
