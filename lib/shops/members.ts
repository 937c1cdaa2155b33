/**
 * Members of a shop and their roles. Every function takes the Viewer and checks the permission
 * and the shop itself; a member id from another shop is simply "not found".
 */
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { AppError, notFound } from "@/lib/auth/errors";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { authorize, type Viewer } from "@/lib/auth/viewer";

export interface MemberRow {
  id: string;
  userId: string;
  nick: string;
  role: Role;
  isMainAccount: boolean;
  isSelf: boolean;
  lastSeenAt: Date | null;
  joinedAt: Date;
}

export async function listMembers(viewer: Viewer): Promise<MemberRow[]> {
  authorize(viewer, "members.manage");
  const shop = await db().shop.findUniqueOrThrow({ where: { id: viewer.shopId } });
  const rows = await db().membership.findMany({ where: { shopId: viewer.shopId }, include: { user: true }, orderBy: { createdAt: "asc" } });
  return rows.map((m) => ({
    id: m.id,
    userId: m.userId,
    nick: m.user.nick,
    role: m.role,
    isMainAccount: m.user.taobaoUserId === shop.taobaoUserId,
    isSelf: m.userId === viewer.userId,
    lastSeenAt: m.lastSeenAt ?? m.user.lastSeenAt,
    joinedAt: m.createdAt,
  }));
}

// Ids are cuids; bounding them keeps junk out of queries and logs.
const memberId = z.string().min(1).max(64);
export const changeRoleInput = z.object({ memberId, role: z.enum(ROLES) });
export const removeMemberInput = z.object({ memberId });

/** A member of the viewer's shop that the viewer may manage (not themself, not the main account). */
async function manageableMember(viewer: Viewer, id: string) {
  authorize(viewer, "members.manage");
  const member = await db().membership.findFirst({ where: { id, shopId: viewer.shopId }, include: { user: true, shop: true } });
  if (!member) throw notFound();
  // The main account's token drives the shop's sync: it stays its owner.
  if (member.user.taobaoUserId === member.shop.taobaoUserId || member.userId === viewer.userId) throw new AppError("conflict", "cannot change the main account or yourself");
  return member;
}

export async function changeMemberRole(viewer: Viewer, input: z.output<typeof changeRoleInput>): Promise<{ role: Role }> {
  const member = await manageableMember(viewer, input.memberId);
  if (member.role === input.role) return { role: member.role };
  await db().$transaction(async (tx) => {
    await tx.membership.update({ where: { id: member.id }, data: { role: input.role } });
    await recordAudit(tx, {
      shopId: viewer.shopId,
      actor: { id: viewer.userId, nick: viewer.nick },
      action: "member.role",
      target: { type: "member", id: member.userId },
      oldValue: { nick: member.user.nick, role: member.role },
      newValue: { nick: member.user.nick, role: input.role },
    });
  });
  return { role: input.role };
}

export async function removeMember(viewer: Viewer, input: z.output<typeof removeMemberInput>): Promise<{ removed: true }> {
  const member = await manageableMember(viewer, input.memberId);
  await db().$transaction(async (tx) => {
    await tx.membership.delete({ where: { id: member.id } });
    await recordAudit(tx, {
      shopId: viewer.shopId,
      actor: { id: viewer.userId, nick: viewer.nick },
      action: "member.remove",
      target: { type: "member", id: member.userId },
      oldValue: { nick: member.user.nick, role: member.role },
    });
  });
  return { removed: true };
}

export const switchShopInput = z.object({ shopId: z.string().min(1).max(64) });

/** Makes another of the viewer's shops the active one; it persists in the user's record. */
export async function switchShop(viewer: Viewer, input: z.output<typeof switchShopInput>): Promise<{ shopId: string }> {
  if (!viewer.shops.some((s) => s.id === input.shopId)) throw notFound();
  await db().user.update({ where: { id: viewer.userId }, data: { activeShopId: input.shopId } });
  return { shopId: input.shopId };
}

/** The shop card every member sees in Settings. */
export async function shopSummary(viewer: Viewer): Promise<{ nick: string; status: "ACTIVE" | "NEEDS_REAUTH" | "DISCONNECTED"; connectedAt: Date | null }> {
  return db().shop.findUniqueOrThrow({ where: { id: viewer.shopId }, select: { nick: true, status: true, connectedAt: true } });
}
