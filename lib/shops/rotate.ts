/**
 * Re-encrypts every shop token with the current TOKEN_ENCRYPTION_KEY (tokens sealed with a key
 * listed in TOKEN_ENCRYPTION_KEYS_OLD are read, then sealed again). Idempotent; each shop is
 * updated only if its ciphertext is unchanged since it was read.
 */
import "server-only";
import { db } from "@/lib/db";
import { TokenCryptoError, decryptToken, encryptToken, needsRotation } from "@/lib/auth/crypto";
import { tokenContext, tokenKeyring } from "./tokens";

export interface RotationResult {
  shops: number;
  rotated: number;
  /** Shops whose tokens no configured key opens (their owner must sign in again). */
  unreadable: { id: string; nick: string }[];
}

export async function rotateShopTokens(): Promise<RotationResult> {
  const ring = tokenKeyring();
  const shops = await db().shop.findMany({ select: { id: true, nick: true, accessTokenEnc: true, refreshTokenEnc: true } });
  let rotated = 0;
  const unreadable: RotationResult["unreadable"] = [];
  for (const s of shops) {
    const reseal = (sealed: string | null, field: "access" | "refresh") =>
      sealed && needsRotation(sealed, ring) ? encryptToken(decryptToken(sealed, tokenContext(s.id, field), ring), tokenContext(s.id, field), ring) : sealed;
    let access: string | null;
    let refresh: string | null;
    try {
      access = reseal(s.accessTokenEnc, "access");
      refresh = reseal(s.refreshTokenEnc, "refresh");
    } catch (error) {
      if (!TokenCryptoError.is(error)) throw error;
      unreadable.push({ id: s.id, nick: s.nick });
      continue;
    }
    if (access === s.accessTokenEnc && refresh === s.refreshTokenEnc) continue;
    const { count } = await db().shop.updateMany({
      where: { id: s.id, accessTokenEnc: s.accessTokenEnc, refreshTokenEnc: s.refreshTokenEnc },
      data: { accessTokenEnc: access, refreshTokenEnc: refresh },
    });
    rotated += count;
  }
  return { shops: shops.length, rotated, unreadable };
}
