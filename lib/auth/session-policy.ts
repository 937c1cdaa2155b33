/**
 * How long a session lives (README "Security"). Pure functions over the session token's claims,
 * shared by next-auth's callbacks (lib/auth/options.ts) and the proxy, which renews the cookie.
 *
 * - **Idle timeout** (SESSION_IDLE_MINUTES, default 30): the JWT and its cookie expire this long
 *   after the last renewal; a renewal happens on user activity (a page load, a client
 *   navigation, a server action or any non-GET call) at most once per `updateAge` (60 s).
 *   Background polling does not renew, so an open tab nobody uses still times out.
 * - **Absolute lifetime** (SESSION_MAX_HOURS, default 12): counted from sign-in (`authTime`),
 *   whatever the activity; a renewal never extends past it.
 * - **Revocation**: `sv` is the user's `sessionVersion` at sign-in; lib/auth/session.ts refuses
 *   the token once the database holds another one (sign-out, 退出所有设备, removal, role change).
 */
import type { Env } from "@/lib/env";

export interface SessionPolicy {
  idleSeconds: number;
  absoluteSeconds: number;
  /** Renew the cookie at most this often (next-auth's `session.updateAge`). */
  updateAgeSeconds: number;
}

export const SESSION_UPDATE_AGE_SECONDS = 60;

export function sessionPolicy(e: Pick<Env, "SESSION_IDLE_MINUTES" | "SESSION_MAX_HOURS">): SessionPolicy {
  const idleSeconds = e.SESSION_IDLE_MINUTES * 60;
  return { idleSeconds, absoluteSeconds: e.SESSION_MAX_HOURS * 3600, updateAgeSeconds: Math.min(SESSION_UPDATE_AGE_SECONDS, idleSeconds) };
}

/** The claims OrderDesk puts in the session token: our user id, its session version, sign-in time (s). */
export interface SessionClaims {
  uid: string;
  sv: number;
  authTime: number;
}

/** The claims of a decoded token, or null when it is not one of ours (e.g. issued before revocation existed). */
export function sessionClaims(token: Record<string, unknown> | null | undefined): SessionClaims | null {
  if (!token) return null;
  const { uid, sv, authTime } = token;
  if (typeof uid !== "string" || uid.length === 0 || uid.length > 64) return null;
  if (typeof sv !== "number" || !Number.isSafeInteger(sv) || sv < 0) return null;
  if (typeof authTime !== "number" || !Number.isSafeInteger(authTime) || authTime <= 0) return null;
  return { uid, sv, authTime };
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** Seconds the session may still live by its absolute lifetime (≤ 0: over). */
export function absoluteSecondsLeft(claims: SessionClaims, policy: SessionPolicy, nowMs: number = Date.now()): number {
  return claims.authTime + policy.absoluteSeconds - seconds(nowMs);
}

/**
 * Whether a token may be used now, by time alone: its claims are ours, it was not signed in the
 * future, and neither the absolute lifetime nor (for a JWT's `exp`, checked by its decoder too)
 * the idle timeout has passed.
 */
export function sessionTimeValid(token: Record<string, unknown> | null | undefined, policy: SessionPolicy, nowMs: number = Date.now()): boolean {
  const claims = sessionClaims(token);
  if (!claims) return false;
  const now = seconds(nowMs);
  if (claims.authTime > now + 60) return false;
  if (absoluteSecondsLeft(claims, policy, nowMs) <= 0) return false;
  const exp = token?.exp;
  return typeof exp !== "number" || exp > now;
}

/**
 * The lifetime to give a renewed token now, or null when no renewal is due (renewed less than
 * `updateAge` ago) or possible (the absolute lifetime is over).
 */
export function renewalMaxAge(token: Record<string, unknown>, policy: SessionPolicy, nowMs: number = Date.now()): number | null {
  const claims = sessionClaims(token);
  if (!claims || !sessionTimeValid(token, policy, nowMs)) return null;
  const iat = typeof token.iat === "number" ? token.iat : 0;
  if (seconds(nowMs) - iat < policy.updateAgeSeconds) return null;
  const left = absoluteSecondsLeft(claims, policy, nowMs);
  return left > 0 ? Math.min(policy.idleSeconds, left) : null;
}

/**
 * Whether a request is the user's own activity (it renews the session) rather than background
 * polling: page loads and downloads (navigations), client-side navigations (RSC requests that
 * are not prefetches), server actions and every non-GET call.
 */
export function isUserActivity(method: string, headers: Headers): boolean {
  if (method !== "GET" && method !== "HEAD") return true;
  if (headers.get("sec-fetch-mode") === "navigate") return true;
  return headers.get("rsc") === "1" && !headers.has("next-router-prefetch");
}
