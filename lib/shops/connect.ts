/**
 * What a Taobao sign-in does to the tenancy tables. A main account connects (or reconnects) its
 * shop, becomes its owner and hands over the token that drives sync. A sub-account (店铺:客服1)
 * signing in for the first time joins its main account's shop as the shop's join policy says:
 * at once as customer service (AUTO) or as a request the owner approves (APPROVAL, the default).
 * A removed member stays removed, however often it signs in, until the owner re-admits it. The
 * sub-account's own token is not kept, since every TOP call runs on the shop's session and
 * OrderDesk enforces the member's role.
 */
import "server-only";
import { db } from "@/lib/db";
import { errorBrand } from "@/lib/errors/brand";
import type { Role } from "@/lib/auth/permissions";
import type { TopOAuthToken } from "@/lib/top";
import { recordAudit } from "@/lib/audit";
import { sealedTokenColumns } from "./tokens";

export class ShopNotConnectedError extends Error {
  override readonly name = "ShopNotConnectedError";
  static is = errorBrand(ShopNotConnectedError, "ShopNotConnectedError");
  constructor(readonly mainNick: string) {
    super(`The shop ${mainNick} is not connected yet: its main account must sign in first`);
  }
}

export type MembershipStatus = "ACTIVE" | "PENDING" | "REMOVED";

export interface SignInResult {
  userId: string;
  shopId: string;
  role: Role;
  /** Only ACTIVE gets a session: PENDING waits for the owner, REMOVED stays out. */
  status: MembershipStatus;
  /** True when this sign-in connected the shop or reconnected one that needed re-authorisation. */
  connected: boolean;
}

export async function connectAccount(token: TopOAuthToken, now: Date = new Date()): Promise<SignInResult> {
  return token.isSubAccount ? joinAsSubAccount(token, now) : connectMainAccount(token, now);
}

async function connectMainAccount(token: TopOAuthToken, now: Date): Promise<SignInResult> {
  return db().$transaction(async (tx) => {
    const user = await tx.user.upsert({
      where: { taobaoUserId: token.taobaoUserId },
      create: { taobaoUserId: token.taobaoUserId, nick: token.taobaoUserNick, lastSeenAt: now },
      update: { nick: token.taobaoUserNick, lastSeenAt: now },
    });
    const existing = await tx.shop.findUnique({ where: { taobaoUserId: token.taobaoUserId } });
    const shop = existing ?? (await tx.shop.create({ data: { taobaoUserId: token.taobaoUserId, nick: token.taobaoUserNick } }));
    await tx.shop.update({ where: { id: shop.id }, data: { nick: token.taobaoUserNick, connectedAt: now, ...sealedTokenColumns(shop.id, token, now) } });
    await tx.membership.upsert({
      where: { shopId_userId: { shopId: shop.id, userId: user.id } },
      create: { shopId: shop.id, userId: user.id, role: "OWNER", lastSeenAt: now },
      // The main account always owns its shop: it cannot be removed (its token drives sync).
      update: { role: "OWNER", status: "ACTIVE", removedAt: null, lastSeenAt: now },
    });
    // Signing in for a shop makes it the one the user works in.
    await tx.user.update({ where: { id: user.id }, data: { activeShopId: shop.id } });
    const connected = !existing || existing.status !== "ACTIVE" || !existing.accessTokenEnc;
    if (connected) {
      await recordAudit(tx, {
        shopId: shop.id,
        actor: { id: user.id, nick: user.nick },
        action: existing ? "shop.reconnect" : "shop.connect",
        target: { type: "shop", id: shop.id },
        oldValue: existing ? { status: existing.status, reauthReason: existing.reauthReason } : null,
        newValue: { status: "ACTIVE" },
      });
    }
    return { userId: user.id, shopId: shop.id, role: "OWNER" as const, status: "ACTIVE" as const, connected };
  });
}

async function joinAsSubAccount(token: TopOAuthToken, now: Date): Promise<SignInResult> {
  const shop = await db().shop.findUnique({ where: { taobaoUserId: token.taobaoUserId } });
  if (!shop) throw new ShopNotConnectedError(token.taobaoUserNick);
  return db().$transaction(async (tx) => {
    const user = await tx.user.upsert({
      where: { taobaoUserId: token.subTaobaoUserId! },
      create: { taobaoUserId: token.subTaobaoUserId!, nick: token.subTaobaoUserNick ?? token.taobaoUserNick, isSubAccount: true, lastSeenAt: now },
      update: { nick: token.subTaobaoUserNick ?? undefined, lastSeenAt: now },
    });
    const existing = await tx.membership.findUnique({ where: { shopId_userId: { shopId: shop.id, userId: user.id } } });
    if (existing) {
      // A removed or pending member's sign-in changes nothing but the time it was seen.
      const membership = await tx.membership.update({ where: { id: existing.id }, data: { lastSeenAt: now } });
      if (membership.status === "ACTIVE") await tx.user.update({ where: { id: user.id }, data: { activeShopId: shop.id } });
      return { userId: user.id, shopId: shop.id, role: membership.role, status: membership.status, connected: false };
    }
    const status = shop.joinPolicy === "AUTO" ? ("ACTIVE" as const) : ("PENDING" as const);
    const membership = await tx.membership.create({ data: { shopId: shop.id, userId: user.id, role: "CUSTOMER_SERVICE", status, lastSeenAt: now } });
    if (status === "ACTIVE") await tx.user.update({ where: { id: user.id }, data: { activeShopId: shop.id } });
    await recordAudit(tx, {
      shopId: shop.id,
      actor: { id: user.id, nick: user.nick },
      action: status === "ACTIVE" ? "member.join" : "member.pending",
      target: { type: "member", id: user.id },
      newValue: { role: membership.role, joinPolicy: shop.joinPolicy },
    });
    return { userId: user.id, shopId: shop.id, role: membership.role, status, connected: false };
  });
}
