/**
 * Revocable sessions. The session is a JWT cookie (next-auth) holding our user id, the user's
 * `sessionVersion` at sign-in and the sign-in time; every use checks the version against the
 * database (one primary-key read per request), so bumping it ends every session of that user on
 * its next request, on every app instance. Bumped by sign-out, 退出所有设备, removal from a shop
 * and a role change (lib/shops/members.ts).
 */
import "server-only";
import { recordAudit, type DbClient } from "@/lib/audit";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { sessionClaims, sessionPolicy, sessionTimeValid, type SessionClaims } from "./session-policy";
import type { Viewer } from "./viewer";

export type SessionEndReason = "malformed" | "expired" | "revoked";

/** Thrown by next-auth's jwt callback: the token must not be used (next-auth then clears the cookie). */
export class SessionEndedError extends Error {
  override readonly name = "SessionEndedError";
  constructor(readonly reason: SessionEndReason) {
    super(`session ended: ${reason}`);
  }
}

/** The claims of a session starting now for the account that just signed in. */
export async function startSession(taobaoUserId: string, nowMs: number = Date.now()): Promise<SessionClaims> {
  const user = await db().user.findUnique({ where: { taobaoUserId }, select: { id: true, sessionVersion: true } });
  if (!user) throw new SessionEndedError("revoked");
  return { uid: user.id, sv: user.sessionVersion, authTime: Math.floor(nowMs / 1000) };
}

/** The claims of a token still good now, or a SessionEndedError. */
export async function checkSession(token: Record<string, unknown>, nowMs: number = Date.now()): Promise<SessionClaims> {
  const claims = sessionClaims(token);
  if (!claims) throw new SessionEndedError("malformed");
  if (!sessionTimeValid(token, sessionPolicy(env()), nowMs)) throw new SessionEndedError("expired");
  const user = await db().user.findUnique({ where: { id: claims.uid }, select: { sessionVersion: true } });
  if (!user || user.sessionVersion !== claims.sv) throw new SessionEndedError("revoked");
  return claims;
}

/** Ends every session of the user (on their next request), inside the caller's transaction. */
export async function revokeSessions(client: DbClient, userId: string): Promise<void> {
  await client.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

/**
 * Sign-out: ends the user's sessions, if the token signing out is still current (a replayed,
 * already revoked token changes nothing).
 */
export async function endSession(token: Record<string, unknown> | null | undefined): Promise<boolean> {
  const claims = sessionClaims(token);
  if (!claims) return false;
  const { count } = await db().user.updateMany({ where: { id: claims.uid, sessionVersion: claims.sv }, data: { sessionVersion: { increment: 1 } } });
  return count === 1;
}

/** 退出所有设备: ends every session of the viewer's account, this one included; audited. */
export async function signOutEverywhere(viewer: Pick<Viewer, "userId" | "nick" | "shopId">): Promise<{ signedOut: true }> {
  await db().$transaction(async (tx) => {
    await revokeSessions(tx, viewer.userId);
    await recordAudit(tx, { shopId: viewer.shopId, actor: { id: viewer.userId, nick: viewer.nick }, action: "account.signOutEverywhere", target: { type: "user", id: viewer.userId } });
  });
  return { signedOut: true };
}
