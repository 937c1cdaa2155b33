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
import { AppError, forbidden, unauthenticated } from "./errors";
import { can, type Permission, type Role } from "./permissions";

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
  if (!user) return null;
  const memberships = await db().membership.findMany({ where: { userId: user.id }, include: { shop: true }, orderBy: { createdAt: "asc" } });
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
});

/** The viewer, or an `unauthenticated` error (signed out, or no longer a member of any shop). */
export async function requireViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) throw unauthenticated();
  return viewer;
}

export function authorize(viewer: Viewer, permission: Permission): void {
  if (!can(viewer.role, permission)) throw forbidden(permission);
}

export function isAppError(e: unknown): e is AppError {
  return AppError.is(e);
}
