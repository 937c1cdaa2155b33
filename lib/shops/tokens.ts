/**
 * A shop's OAuth session: sealed at rest, refreshed before it expires and once more when TOP
 * rejects it (codes 26/27). When no refresh can help, the shop is marked NEEDS_REAUTH: sync
 * pauses, nothing is deleted, and every member sees the reconnect banner until the owner signs
 * in again.
 */
import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { oauthOptions } from "@/lib/taobao";
import { TopOAuthError, TopSessionError, refreshToken, type TopOAuthToken } from "@/lib/top";
import { errorBrand } from "@/lib/errors/brand";
import { decryptToken, encryptToken, keyringFrom, type TokenKeyring } from "@/lib/auth/crypto";

/** Refresh this long before the access token expires, so no call races the expiry. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** How long a refused refresh waits for a concurrent refresher's result (polls × interval). */
const RACE_POLLS = 10;
const RACE_POLL_MS = 300;

export type ReauthReason = "no-token" | "refresh-expired" | "not-refreshable" | "refresh-rejected" | "session-rejected";

export class ShopNeedsReauthError extends Error {
  override readonly name = "ShopNeedsReauthError";
  static is = errorBrand(ShopNeedsReauthError, "ShopNeedsReauthError");
  constructor(
    readonly shopId: string,
    readonly reason: ReauthReason,
  ) {
    super(`Shop ${shopId} needs re-authorisation (${reason}): its owner must sign in again`);
  }
}

export function tokenKeyring(): TokenKeyring {
  const e = env();
  return keyringFrom(e.TOKEN_ENCRYPTION_KEY, e.TOKEN_ENCRYPTION_KEYS_OLD);
}

export const tokenContext = (shopId: string, field: "access" | "refresh") => `shop:${shopId}:${field}`;

/** The Shop columns that store a fresh token (and clear any re-authorisation flag). */
export function sealedTokenColumns(shopId: string, token: TopOAuthToken, now: Date, ring: TokenKeyring = tokenKeyring()) {
  return {
    accessTokenEnc: encryptToken(token.accessToken, tokenContext(shopId, "access"), ring),
    refreshTokenEnc: token.refreshable && token.refreshToken ? encryptToken(token.refreshToken, tokenContext(shopId, "refresh"), ring) : null,
    accessTokenExpiresAt: token.expiresAt,
    refreshTokenExpiresAt: token.refreshable ? token.refreshExpiresAt : null,
    tokenRefreshedAt: now,
    status: "ACTIVE" as const,
    reauthReason: null,
  };
}

export async function markShopNeedsReauth(shopId: string, reason: ReauthReason): Promise<void> {
  await db().shop.update({ where: { id: shopId }, data: { status: "NEEDS_REAUTH", reauthReason: reason } });
}

async function fail(shopId: string, reason: ReauthReason): Promise<never> {
  await markShopNeedsReauth(shopId, reason);
  throw new ShopNeedsReauthError(shopId, reason);
}

/**
 * Exchanges the shop's refresh token for a new access token and stores both. Concurrent callers
 * (several workers) are safe: the write is conditional on the token they read, and a loser takes
 * the winner's token instead of refreshing twice.
 */
export async function refreshShopSession(shopId: string, now: Date = new Date()): Promise<string> {
  const ring = tokenKeyring();
  const shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
  if (!shop.refreshTokenEnc || !shop.refreshTokenExpiresAt) return fail(shopId, "not-refreshable");
  if (shop.refreshTokenExpiresAt.getTime() <= now.getTime()) return fail(shopId, "refresh-expired");
  let token: TopOAuthToken;
  try {
    token = await refreshToken({ ...oauthOptions(), refreshToken: decryptToken(shop.refreshTokenEnc, tokenContext(shopId, "refresh"), ring), now: () => now });
  } catch (error) {
    if (!TopOAuthError.is(error)) throw error; // network trouble: the caller retries later
    // Refresh tokens rotate: another worker (here or in another process) may have used this one
    // a moment ago and be about to store its result. Give it a few seconds before concluding
    // that the platform refused the shop.
    for (let attempt = 0; attempt < RACE_POLLS; attempt++) {
      const latest = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
      if (latest.refreshTokenEnc !== shop.refreshTokenEnc && latest.status === "ACTIVE" && latest.accessTokenEnc) {
        return decryptToken(latest.accessTokenEnc, tokenContext(shopId, "access"), ring);
      }
      await new Promise((resolve) => setTimeout(resolve, RACE_POLL_MS));
    }
    // The platform said no (revoked, expired, reused): only the owner can fix it.
    return fail(shopId, "refresh-rejected");
  }
  const { count } = await db().shop.updateMany({
    where: { id: shopId, refreshTokenEnc: shop.refreshTokenEnc },
    data: sealedTokenColumns(shopId, token, now, ring),
  });
  if (count === 1) return token.accessToken;
  const winner = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
  if (!winner.accessTokenEnc || winner.status !== "ACTIVE") throw new ShopNeedsReauthError(shopId, (winner.reauthReason as ReauthReason) ?? "no-token");
  return decryptToken(winner.accessTokenEnc, tokenContext(shopId, "access"), ring);
}

/**
 * Runs `call` with the shop's current session. Refreshes first when the token is about to
 * expire; when TOP answers with a session error, refreshes once and tries again.
 */
export async function withShopSession<T>(shopId: string, call: (session: string) => Promise<T>, now: () => Date = () => new Date()): Promise<T> {
  const shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
  if (shop.status === "NEEDS_REAUTH") throw new ShopNeedsReauthError(shopId, (shop.reauthReason as ReauthReason) ?? "session-rejected");
  if (!shop.accessTokenEnc) return fail(shopId, "no-token");
  let session =
    shop.accessTokenExpiresAt && shop.accessTokenExpiresAt.getTime() - now().getTime() < REFRESH_MARGIN_MS
      ? await refreshShopSession(shopId, now())
      : decryptToken(shop.accessTokenEnc, tokenContext(shopId, "access"), tokenKeyring());
  try {
    return await call(session);
  } catch (error) {
    if (!TopSessionError.is(error)) throw error;
  }
  session = await refreshShopSession(shopId, now());
  try {
    return await call(session);
  } catch (error) {
    if (TopSessionError.is(error)) return fail(shopId, "session-rejected");
    throw error;
  }
}
