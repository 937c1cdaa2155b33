/**
 * Members of a shop, their roles and how new ones join. Every function takes the Viewer and
 * checks the permission and the shop itself; a member id from another shop is simply "not
 * found". A membership is ACTIVE (works in the shop), PENDING (a new sub-account waiting for
 * the owner's approval) or REMOVED (removed or declined: it stays out, whatever it does, until
 * the owner re-admits it). Every step is audited in the same transaction, and removing a member
 * or changing its role ends that person's sessions (lib/auth/session.ts).
 */
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { recordAudit, type AuditAction } from "@/lib/audit";
import { AppError, notFound } from "@/lib/auth/errors";
import { ROLES, authorize, type Role } from "@/lib/auth/permissions";
import { revokeSessions } from "@/lib/auth/session";
import type { Viewer } from "@/lib/auth/viewer";
import type { MembershipStatus } from "./connect";

export const JOIN_POLICIES = ["AUTO", "APPROVAL"] as const;
export type JoinPolicy = (typeof JOIN_POLICIES)[number];

export interface MemberRow {
  id: string;
  userId: string;
  nick: string;
  role: Role;
  status: MembershipStatus;
  isMainAccount: boolean;
  isSelf: boolean;
  lastSeenAt: Date | null;
  joinedAt: Date;
  removedAt: Date | null;
}

/** Every membership of the viewer's shop, active, pending and removed, oldest first. */
export async function listMembers(viewer: Viewer): Promise<MemberRow[]> {
  authorize(viewer, "members.manage");
  const shop = await db().shop.findUniqueOrThrow({ where: { id: viewer.shopId } });
  const rows = await db().membership.findMany({ where: { shopId: viewer.shopId }, include: { user: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map((m) => ({
    id: m.id,
    userId: m.userId,
    nick: m.user.nick,
    role: m.role,
    status: m.status,
    isMainAccount: m.user.taobaoUserId === shop.taobaoUserId,
    isSelf: m.userId === viewer.userId,
    lastSeenAt: m.lastSeenAt ?? m.user.lastSeenAt,
    joinedAt: m.createdAt,
    removedAt: m.removedAt,
  }));
}

// Ids are cuids; bounding them keeps junk out of queries and logs.
const memberId = z.string().min(1).max(64);
const role = z.enum(ROLES);
export const changeRoleInput = z.object({ memberId, role });
export const removeMemberInput = z.object({ memberId });
/** Approving a request or re-admitting a removed account gives it a role (customer service unless chosen). */
export const admitMemberInput = z.object({ memberId, role: role.default("CUSTOMER_SERVICE") });
export const declineMemberInput = z.object({ memberId });
export const joinPolicyInput = z.object({ policy: z.enum(JOIN_POLICIES) });

/** A member of the viewer's shop in `status` that the viewer may manage (not themself, not the main account). */
async function manageableMember(viewer: Viewer, id: string, status: MembershipStatus) {
  authorize(viewer, "members.manage");
  const member = await db().membership.findFirst({ where: { id, shopId: viewer.shopId }, include: { user: true, shop: true } });
  if (!member) throw notFound();
  // The main account's token drives the shop's sync: it stays its owner.
  if (member.user.taobaoUserId === member.shop.taobaoUserId || member.userId === viewer.userId) throw new AppError("conflict", "cannot change the main account or yourself");
  if (member.status !== status) throw new AppError("conflict", `the member is ${member.status.toLowerCase()}, not ${status.toLowerCase()}`);
  return member;
}

type Member = Awaited<ReturnType<typeof manageableMember>>;

/**
 * Moves a membership from the status it was read in to `data`, only if nobody changed it in the
 * meantime (an approve and a decline at once: one wins, the other is a conflict), and audits it.
 */
async function transition(
  viewer: Viewer,
  member: Member,
  data: { status?: MembershipStatus; role?: Role; removedAt?: Date | null },
  audit: { action: AuditAction; newValue?: Record<string, unknown> },
  endSessions: boolean,
): Promise<void> {
  await db().$transaction(async (tx) => {
    const { count } = await tx.membership.updateMany({ where: { id: member.id, status: member.status, role: member.role }, data });
    if (count !== 1) throw new AppError("conflict", "the member changed meanwhile");
    if (endSessions) await revokeSessions(tx, member.userId);
    await recordAudit(tx, {
      shopId: viewer.shopId,
      actor: { id: viewer.userId, nick: viewer.nick },
      action: audit.action,
      target: { type: "member", id: member.userId },
      oldValue: { nick: member.user.nick, role: member.role, status: member.status },
      newValue: { nick: member.user.nick, ...audit.newValue },
    });
  });
}

/** A new role for an active member; their sessions end, so the next request signs in again with it. */
export async function changeMemberRole(viewer: Viewer, input: z.output<typeof changeRoleInput>): Promise<{ role: Role }> {
  const member = await manageableMember(viewer, input.memberId, "ACTIVE");
  if (member.role === input.role) return { role: member.role };
  await transition(viewer, member, { role: input.role }, { action: "member.role", newValue: { role: input.role } }, true);
  return { role: input.role };
}

/** Removes an active member: its sessions end now, and signing in again does not bring it back. */
export async function removeMember(viewer: Viewer, input: z.output<typeof removeMemberInput>): Promise<{ removed: true }> {
  const member = await manageableMember(viewer, input.memberId, "ACTIVE");
  await transition(viewer, member, { status: "REMOVED", removedAt: new Date() }, { action: "member.remove", newValue: { status: "REMOVED" } }, true);
  return { removed: true };
}

/** Approves a pending sub-account with the role the owner chose; it signs in again to start. */
export async function approveMember(viewer: Viewer, input: z.output<typeof admitMemberInput>): Promise<{ role: Role }> {
  const member = await manageableMember(viewer, input.memberId, "PENDING");
  await transition(viewer, member, { status: "ACTIVE", role: input.role }, { action: "member.approve", newValue: { role: input.role, status: "ACTIVE" } }, false);
  return { role: input.role };
}

/** Declines a pending sub-account: it is listed as removed (and can be re-admitted later). */
export async function declineMember(viewer: Viewer, input: z.output<typeof declineMemberInput>): Promise<{ declined: true }> {
  const member = await manageableMember(viewer, input.memberId, "PENDING");
  await transition(viewer, member, { status: "REMOVED", removedAt: new Date() }, { action: "member.decline", newValue: { status: "REMOVED" } }, false);
  return { declined: true };
}

/** Re-admits a removed account with the role the owner chose. */
export async function readmitMember(viewer: Viewer, input: z.output<typeof admitMemberInput>): Promise<{ role: Role }> {
  const member = await manageableMember(viewer, input.memberId, "REMOVED");
  await transition(viewer, member, { status: "ACTIVE", role: input.role, removedAt: null }, { action: "member.readmit", newValue: { role: input.role, status: "ACTIVE" } }, false);
  return { role: input.role };
}

/** How new sub-accounts join the viewer's shop (shop.manage: the owner). */
export async function setJoinPolicy(viewer: Viewer, input: z.output<typeof joinPolicyInput>): Promise<{ policy: JoinPolicy }> {
  authorize(viewer, "shop.manage");
  await db().$transaction(async (tx) => {
    const shop = await tx.shop.findUnique({ where: { id: viewer.shopId }, select: { joinPolicy: true } });
    if (!shop) throw notFound();
    if (shop.joinPolicy === input.policy) return;
    await tx.shop.update({ where: { id: viewer.shopId }, data: { joinPolicy: input.policy } });
    await recordAudit(tx, {
      shopId: viewer.shopId,
      actor: { id: viewer.userId, nick: viewer.nick },
      action: "shop.joinPolicy",
      target: { type: "shop", id: viewer.shopId },
      oldValue: { joinPolicy: shop.joinPolicy },
      newValue: { joinPolicy: input.policy },
    });
  });
  return { policy: input.policy };
}

export const switchShopInput = z.object({ shopId: z.string().min(1).max(64) });

/** Makes another of the viewer's shops (active memberships only) the active one; it persists in the user's record. */
export async function switchShop(viewer: Viewer, input: z.output<typeof switchShopInput>): Promise<{ shopId: string }> {
  if (!viewer.shops.some((s) => s.id === input.shopId)) throw notFound();
  await db().user.update({ where: { id: viewer.userId }, data: { activeShopId: input.shopId } });
  return { shopId: input.shopId };
}

/** The shop card every member sees in Settings. */
export async function shopSummary(viewer: Viewer): Promise<{ nick: string; status: "ACTIVE" | "NEEDS_REAUTH" | "DISCONNECTED"; connectedAt: Date | null; joinPolicy: JoinPolicy }> {
  return db().shop.findUniqueOrThrow({ where: { id: viewer.shopId }, select: { nick: true, status: true, connectedAt: true, joinPolicy: true } });
}
