/**
 * Limits on sensitive actions (issue 18 item 5): revealing a receiver's name, mobile or address
 * (查看), looking orders up by a full phone number, refreshing an order from Taobao (刷新 and the
 * order page's own fullinfo.get) and exporting. Each is limited per user (within the shop) and per
 * shop over a sliding window of one hour, in the database, so the limits hold across any number of
 * app instances. They are checked inside the data-access functions (lib/orders), before anything
 * is asked of Taobao or read out, for every role alike: an owner is limited like anyone else.
 *
 * One consumption is one transaction: on SQLite under the database's write lock (BEGIN
 * IMMEDIATE), on PostgreSQL under an advisory lock for the shop and action; it deletes the shop's
 * events of that action older than a day (so the table holds at most a day of allowed events),
 * counts the user's and the shop's events in the window (index ranges on (userId, action, at) and
 * (shopId, action, at)) and records the new one only when both are under their limits. A refusal
 * says which limit and when it frees up (the moment enough events have left the window), is
 * audited as `limit.hit` (at most once per user, action and five minutes), and records nothing.
 *
 * Defaults below; the shop's owner changes them under 设置 (Shop.rateLimits holds the overrides).
 */
import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { all, rows, run, syncSql, type SqlDriver, type Work } from "@/lib/sync/sql";
import { formatShanghai } from "@/lib/time";
import { AppError } from "./errors";
import { DEFAULT_LIMITS, EXPORT_ROWS_BOUNDS, LIMIT_BOUNDS, LIMITED_ACTIONS, LIMIT_RETENTION_MS, LIMIT_WINDOW_MS, type ActionLimits, type LimitedAction, type LimitScope, type ShopLimits } from "./limit-defaults";
import { authorize, type Viewer } from "./viewer";

export * from "./limit-defaults";

/** A refusal is audited at most once per user and action in this long. */
const HIT_AUDIT_EVERY_MS = 5 * 60 * 1000;

const count = z.coerce.number().int().min(LIMIT_BOUNDS.min).max(LIMIT_BOUNDS.max);
const pair = z.strictObject({ user: count, shop: count });

/** The owner's form (every value present). */
export const shopLimitsInput = z.strictObject({
  actions: z.strictObject({ reveal: pair, phoneLookup: pair, refresh: pair, export: pair }),
  exportMaxRows: z.coerce.number().int().min(EXPORT_ROWS_BOUNDS.min).max(EXPORT_ROWS_BOUNDS.max),
});

/** What Shop.rateLimits may hold: any subset; a value out of bounds (or a malformed column) is ignored. */
export function effectiveLimits(stored: unknown): ShopLimits {
  const o = (typeof stored === "object" && stored !== null ? stored : {}) as { actions?: Record<string, unknown>; exportMaxRows?: unknown };
  const actions = { ...DEFAULT_LIMITS.actions };
  for (const a of LIMITED_ACTIONS) {
    const v = (o.actions ?? {})[a] as { user?: unknown; shop?: unknown } | undefined;
    const user = count.safeParse(v?.user);
    const shop = count.safeParse(v?.shop);
    actions[a] = { user: user.success ? user.data : actions[a].user, shop: shop.success ? shop.data : actions[a].shop };
  }
  const rowsCap = shopLimitsInput.shape.exportMaxRows.safeParse(o.exportMaxRows);
  return { actions, exportMaxRows: rowsCap.success ? rowsCap.data : DEFAULT_LIMITS.exportMaxRows };
}

export async function shopLimits(shopId: string): Promise<ShopLimits> {
  const shop = await db().shop.findUnique({ where: { id: shopId }, select: { rateLimits: true } });
  return effectiveLimits(shop?.rateLimits ?? null);
}

/** Any member may read the shop's limits (the settings page shows them; the export dialog states the row cap). */
export async function limitsOfShop(viewer: Viewer, shopId: string = viewer.shopId): Promise<ShopLimits> {
  if (shopId !== viewer.shopId && !viewer.shops.some((s) => s.id === shopId)) throw new AppError("notFound");
  return shopLimits(shopId);
}

/** The owner changes the shop's limits (shop.manage), audited old → new. */
export async function updateShopLimits(viewer: Viewer, input: z.input<typeof shopLimitsInput>): Promise<ShopLimits> {
  authorize(viewer, "shop.manage");
  const parsed = shopLimitsInput.safeParse(input);
  if (!parsed.success) throw new AppError("invalidInput", "invalid limits", Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), ["limits.invalid"]])));
  const next = parsed.data;
  await db().$transaction(async (tx) => {
    const before = effectiveLimits((await tx.shop.findUniqueOrThrow({ where: { id: viewer.shopId }, select: { rateLimits: true } })).rateLimits);
    await tx.shop.update({ where: { id: viewer.shopId }, data: { rateLimits: next } });
    await recordAudit(tx, { shopId: viewer.shopId, actor: { id: viewer.userId, nick: viewer.nick }, action: "shop.limits", oldValue: before, newValue: next });
  });
  return next;
}

/** Who is acting, where: the shop is the one whose data the action reads (a viewer's other shop for a cross-shop export). */
export interface LimitActor {
  shopId: string;
  userId: string;
  nick: string;
}

interface Refusal {
  scope: LimitScope;
  limit: number;
  /** When a new event fits in the window again. */
  retryAt: Date;
}

// PostgreSQL advisory locks are keyed (class, key); the class keeps these apart from the migration lock.
const PG_LOCK_CLASS = 18_005;

function* consumeWork(sql: SqlDriver, a: LimitActor, action: LimitedAction, limits: ActionLimits, now: Date, count: number): Work<Refusal | null> {
  if (sql.provider === "postgres") yield all(`SELECT pg_advisory_xact_lock(?::int, hashtext(?))`, PG_LOCK_CLASS, `${a.shopId}:${action}`);
  yield run(`DELETE FROM "RateLimitEvent" WHERE "shopId" = ? AND "action" = ? AND "at" < ?`, a.shopId, action, new Date(now.getTime() - LIMIT_RETENTION_MS));
  const since = new Date(now.getTime() - LIMIT_WINDOW_MS);
  const scopes: { scope: LimitScope; limit: number; where: string; params: unknown[] }[] = [
    { scope: "user", limit: limits.user, where: `"userId" = ? AND "action" = ? AND "at" > ? AND "shopId" = ?`, params: [a.userId, action, since, a.shopId] },
    { scope: "shop", limit: limits.shop, where: `"shopId" = ? AND "action" = ? AND "at" > ?`, params: [a.shopId, action, since] },
  ];
  for (const s of scopes) {
    const [c] = yield* rows<{ n: number }>(all(`SELECT COUNT(*) AS n FROM "RateLimitEvent" WHERE ${s.where}`, ...s.params));
    const n = Number(c?.n ?? 0);
    if (n + count <= s.limit) continue;
    // The (n + count − limit)-th oldest event in the window is the one whose leaving lets `count` new ones in.
    // (The driver returns timestamps as epoch milliseconds on both databases.)
    const [e] = yield* rows<{ at: number }>(all(`SELECT "at" FROM "RateLimitEvent" WHERE ${s.where} ORDER BY "at" ASC LIMIT 1 OFFSET ${Math.max(0, n + count - s.limit - 1)}`, ...s.params));
    return { scope: s.scope, limit: s.limit, retryAt: new Date((e ? Number(e.at) : now.getTime()) + LIMIT_WINDOW_MS) };
  }
  for (let done = 0; done < count; done += INSERT_CHUNK) {
    const k = Math.min(INSERT_CHUNK, count - done);
    const values = Array.from({ length: k }, () => "(?, ?, ?, ?, ?)").join(", ");
    const params = Array.from({ length: k }, () => [randomUUID(), a.shopId, a.userId, action, now]).flat();
    yield run(`INSERT INTO "RateLimitEvent" ("id", "shopId", "userId", "action", "at") VALUES ${values}`, ...params);
  }
  return null;
}

/** The refusal as the app's error: HTTP 429 with the translated message (errors.rateLimited). */
export function rateLimitedError(action: LimitedAction, r: Refusal): AppError {
  // Minutes rounded up, so that trying at the time said always succeeds.
  const time = formatShanghai(new Date(Math.ceil(r.retryAt.getTime() / 60_000) * 60_000), "minute");
  return new AppError("rateLimited", `${action} limit (${r.scope}, ${r.limit}/h) reached until ${r.retryAt.toISOString()}`, undefined, { reason: "limit", action, scope: r.scope, limit: r.limit, time });
}

async function auditHit(a: LimitActor, action: LimitedAction, r: Refusal): Promise<void> {
  // Audit entries carry the database's time of writing, so this looks back from the clock too.
  const recent = await db().auditLog.findFirst({ where: { actorId: a.userId, action: "limit.hit", shopId: a.shopId, targetId: action, createdAt: { gt: new Date(Date.now() - HIT_AUDIT_EVERY_MS) } }, select: { id: true } });
  if (recent) return;
  await recordAudit(db(), {
    shopId: a.shopId,
    actor: { id: a.userId, nick: a.nick },
    action: "limit.hit",
    target: { type: "limit", id: action },
    newValue: { action, scope: r.scope, limit: r.limit, windowMinutes: LIMIT_WINDOW_MS / 60_000, retryAt: r.retryAt.toISOString() },
  });
}

/** Events of one consumption inserted per statement (an export with receivers takes several at once). */
const INSERT_CHUNK = 200;

/**
 * Takes `count` (default one) `action`s from the actor's and the shop's hourly allowance, all or
 * none, or throws `rateLimited` (audited) when either has less left. Call it inside the
 * data-access function, after the permission and input checks and before the sensitive work.
 */
export async function consumeLimit(a: LimitActor, action: LimitedAction, opts: { now?: Date; limits?: ShopLimits; sql?: SqlDriver; count?: number } = {}): Promise<void> {
  const now = opts.now ?? new Date();
  const limits = (opts.limits ?? (await shopLimits(a.shopId))).actions[action];
  const sql = opts.sql ?? (await syncSql());
  const count = Math.max(1, Math.floor(opts.count ?? 1));
  const refused = await sql.tx(() => consumeWork(sql, a, action, limits, now, count));
  if (!refused) return;
  await auditHit(a, action, refused);
  throw rateLimitedError(action, refused);
}

/** The viewer acting in their active shop. */
export const actorOf = (viewer: Viewer, shopId: string = viewer.shopId): LimitActor => ({ shopId, userId: viewer.userId, nick: viewer.nick });
