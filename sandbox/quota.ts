/**
 * Per-app call limits, answered as TOP does: code 7 "App Call Limited" with a sub code and
 * "This ban will last for N more seconds" (never HTTP 429).
 *
 * - `qps`: calls per second per app (all methods), counted in fixed one-second windows of real
 *   time; the call over the limit is refused with `accesscontrol.limited-by-api-access-count`
 *   and the app stays banned until the window ends.
 * - `dailyQuota`: calls per Asia/Shanghai day of the sandbox clock; over it, every call is
 *   refused with `accesscontrol.limited-by-app-access-count` until the next midnight.
 * - bans injected by the fault profile: `accesscontrol.limited-by-app-api-access-count` on one
 *   method for 1–3 s of real time.
 * Every call that passes the signature and session checks counts; calls refused earlier don't.
 */
import { addShanghaiDays, startOfShanghaiDay } from "../lib/time";

const DAY_MS = 86_400_000;
import { err, type TopError } from "./errors";

export interface QuotaConfig {
  qps: number;
  dailyQuota: number;
}

interface AppUsage {
  windowStart: number;
  windowCount: number;
  banUntilMs: number;
  day: number;
  dayCount: number;
  methodBans: Map<string, number>;
}

export class QuotaGuard {
  private readonly usage = new Map<string, AppUsage>();

  constructor(
    public config: QuotaConfig,
    private readonly realNow: () => number = Date.now,
  ) {}

  private of(appKey: string): AppUsage {
    let u = this.usage.get(appKey);
    if (!u) {
      u = { windowStart: 0, windowCount: 0, banUntilMs: 0, day: 0, dayCount: 0, methodBans: new Map() };
      this.usage.set(appKey, u);
    }
    return u;
  }

  /** Counts the call, or returns the code 7 error that refuses it. */
  admit(appKey: string, method: string, sandboxMs: number): TopError | null {
    const u = this.of(appKey);
    const now = this.realNow();
    const methodBan = u.methodBans.get(method) ?? 0;
    if (methodBan > now) return err.callLimited("accesscontrol.limited-by-app-api-access-count", (methodBan - now) / 1000);
    if (u.banUntilMs > now) return err.callLimited("accesscontrol.limited-by-api-access-count", (u.banUntilMs - now) / 1000);
    // Asia/Shanghai days are always 24 h (no DST): the day's start is recomputed only when the clock leaves it.
    if (!(sandboxMs >= u.day && sandboxMs < u.day + DAY_MS) || u.day === 0) {
      const dayStart = startOfShanghaiDay(new Date(sandboxMs)).getTime();
      if (u.day !== dayStart) {
        u.day = dayStart;
        u.dayCount = 0;
      }
    }
    const dayStart = u.day;
    const { qps, dailyQuota } = this.config;
    if (dailyQuota > 0 && u.dayCount >= dailyQuota) {
      const next = addShanghaiDays(new Date(dayStart), 1).getTime();
      return err.callLimited("accesscontrol.limited-by-app-access-count", (next - sandboxMs) / 1000);
    }
    if (qps > 0) {
      const window = Math.floor(now / 1000) * 1000;
      if (u.windowStart !== window) {
        u.windowStart = window;
        u.windowCount = 0;
      }
      if (u.windowCount >= qps) {
        u.banUntilMs = window + 1000;
        return err.callLimited("accesscontrol.limited-by-api-access-count", (u.banUntilMs - now) / 1000);
      }
      u.windowCount++;
    }
    u.dayCount++;
    return null;
  }

  /** Bans one method of an app for `seconds` of real time (fault injection). */
  banMethod(appKey: string, method: string, seconds: number): TopError {
    const u = this.of(appKey);
    u.methodBans.set(method, this.realNow() + seconds * 1000);
    return err.callLimited("accesscontrol.limited-by-app-api-access-count", seconds);
  }

  /** Calls counted today (sandbox clock) for an app. */
  usedToday(appKey: string): number {
    return this.usage.get(appKey)?.dayCount ?? 0;
  }

  reset(): void {
    this.usage.clear();
  }
}
