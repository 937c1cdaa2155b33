/**
 * The audit page's alert on unusual volumes of sensitive actions over the last 24 hours: every
 * member (and the shop as a whole) whose busiest hour reached 80 % of a limit, and every limit that
 * refused someone (`limit.hit` entries). Owners and managers (audit.read), their own shop only.
 *
 * The busiest hour is a sliding window over the shop's RateLimitEvent rows of the last day (one
 * index range on (shopId, action, at) per action; at most a day of allowed events is kept, so at
 * most 24 × the shop's hourly limit rows per action).
 */
import "server-only";
import { db } from "@/lib/db";
import { syncSql } from "@/lib/sync/sql";
import { authorize, type Viewer } from "./viewer";
import { LIMITED_ACTIONS, LIMIT_RETENTION_MS, LIMIT_WINDOW_MS, shopLimits, type LimitedAction, type LimitScope } from "./limits";

/** A share of a limit at which the alert names the member (or the shop). */
export const ALERT_SHARE = 0.8;

export interface VolumeAlert {
  action: LimitedAction;
  scope: LimitScope;
  /** The member (scope "user"); null for the shop as a whole. */
  userId: string | null;
  nick: string | null;
  /** Events in the busiest hour of the last 24 hours, and when that hour ended. */
  peak: number;
  peakAt: Date;
  limit: number;
}

export interface HitAlert {
  action: LimitedAction | string;
  nick: string;
  /** Audited refusals (at most one per member, action and five minutes) and the latest one. */
  hits: number;
  lastAt: Date;
}

export interface LimitAlerts {
  volumes: VolumeAlert[];
  hits: HitAlert[];
}

/** The most events inside any window of `LIMIT_WINDOW_MS`, and the time of the last event of that window. */
function busiestHour(times: number[]): { peak: number; at: number } {
  let best = { peak: 0, at: 0 };
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= LIMIT_WINDOW_MS) start++;
    if (end - start + 1 > best.peak) best = { peak: end - start + 1, at: times[end]! };
  }
  return best;
}

export async function limitAlerts(viewer: Viewer, opts: { now?: Date } = {}): Promise<LimitAlerts> {
  authorize(viewer, "audit.read");
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - LIMIT_RETENTION_MS);
  const limits = await shopLimits(viewer.shopId);
  const sql = await syncSql();
  const volumes: VolumeAlert[] = [];
  for (const action of LIMITED_ACTIONS) {
    const events = await sql.all<{ userId: string; at: number }>(`SELECT "userId", "at" FROM "RateLimitEvent" WHERE "shopId" = ? AND "action" = ? AND "at" > ? ORDER BY "at"`, viewer.shopId, action, since);
    if (events.length === 0) continue;
    const { user, shop } = limits.actions[action];
    const s = busiestHour(events.map((e) => Number(e.at)));
    if (s.peak >= Math.ceil(shop * ALERT_SHARE)) volumes.push({ action, scope: "shop", userId: null, nick: null, peak: s.peak, peakAt: new Date(s.at), limit: shop });
    const byUser = new Map<string, number[]>();
    for (const e of events) {
      let list = byUser.get(e.userId);
      if (!list) byUser.set(e.userId, (list = []));
      list.push(Number(e.at));
    }
    for (const [userId, times] of byUser) {
      const u = busiestHour(times);
      if (u.peak >= Math.ceil(user * ALERT_SHARE)) volumes.push({ action, scope: "user", userId, nick: null, peak: u.peak, peakAt: new Date(u.at), limit: user });
    }
  }
  const ids = [...new Set(volumes.map((v) => v.userId).filter((id): id is string => id !== null))];
  const nicks = new Map((ids.length ? await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, nick: true } }) : []).map((u) => [u.id, u.nick]));
  for (const v of volumes) if (v.userId) v.nick = nicks.get(v.userId) ?? v.userId;
  volumes.sort((a, b) => b.peak / b.limit - a.peak / a.limit);

  const entries = await db().auditLog.findMany({ where: { shopId: viewer.shopId, action: "limit.hit", createdAt: { gt: since } }, orderBy: { createdAt: "desc" }, take: 500, select: { actorNick: true, targetId: true, createdAt: true } });
  const hits = new Map<string, HitAlert>();
  for (const e of entries) {
    const key = `${e.actorNick}\u0000${e.targetId}`;
    const h = hits.get(key);
    if (h) h.hits++;
    else hits.set(key, { action: e.targetId ?? "", nick: e.actorNick, hits: 1, lastAt: e.createdAt });
  }
  return { volumes, hits: [...hits.values()] };
}
