/**
 * The Viewer: who is asking (user), for which shop, with which role. Built from the session in
 * this one place, once per request; every data-access function takes it and checks the
 * permission and the shop itself.
 */
import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { db } from "@/lib/db";
import { authOptions } from "./options";
import { AppError, unauthenticated } from "./errors";
import type { Role } from "./permissions";

// The one authorisation helper lives with the matrix; re-exported for the data-access modules.
export { authorize } from "./permissions";

export interface ViewerShop {
  id: string;
  nick: string;
  role: Role;
}

export interface Viewer {
  userId: string;
  nick: string;
  isSubAccount: boolean;
  shopId: string;
  shopNick: string;
  shopStatus: "ACTIVE" | "NEEDS_REAUTH" | "DISCONNECTED";
  role: Role;
  /** Every shop the user belongs to, for the shop switcher. */
  shops: ViewerShop[];
}

/** The signed-in user, or null. A user whose memberships were all removed has no shop. */
export const getSessionUser = cache(async (): Promise<{ id: string; nick: string; isSubAccount: boolean; activeShopId: string | null } | null> => {
  const session = await getServerSession(authOptions());
  const uid = (session?.user as { id?: string } | undefined)?.id;
  if (!uid) return null;
  const user = await db().user.findUnique({ where: { id: uid } });
  return user ? { id: user.id, nick: user.nick, isSubAccount: user.isSubAccount, activeShopId: user.activeShopId } : null;
});

export const getViewer = cache(async (): Promise<Viewer | null> => {
  const user = await getSessionUser();
  return user ? viewerOf(user) : null;
});

/**
 * The Viewer of a user from their ACTIVE memberships only: a pending or removed membership
 * gives no shop, no role and no place in the shop switcher. Null when none is active.
 */
export async function viewerOf(user: { id: string; nick: string; isSubAccount: boolean; activeShopId: string | null }): Promise<Viewer | null> {
  const memberships = await db().membership.findMany({ where: { userId: user.id, status: "ACTIVE" }, include: { shop: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  if (memberships.length === 0) return null;
  const active = memberships.find((m) => m.shopId === user.activeShopId) ?? memberships[0]!;
  return {
    userId: user.id,
    nick: user.nick,
    isSubAccount: user.isSubAccount,
    shopId: active.shopId,
    shopNick: active.shop.nick,
    shopStatus: active.shop.status,
    role: active.role,
    shops: memberships.map((m) => ({ id: m.shopId, nick: m.shop.nick, role: m.role })),
  };
}

/** The viewer, or an `unauthenticated` error (signed out, or no longer a member of any shop). */
export async function requireViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) throw unauthenticated();
  return viewer;
}

export function isAppError(e: unknown): e is AppError {
  return AppError.is(e);
}
