/**
 * Re-encrypts every shop token with the current TOKEN_ENCRYPTION_KEY (tokens sealed with a key
 * listed in TOKEN_ENCRYPTION_KEYS_OLD are read, then sealed again). Idempotent; each shop is
 * updated only if its ciphertext is unchanged since it was read.
 */
import "server-only";
import { db } from "@/lib/db";
import { decryptToken, encryptToken, needsRotation } from "@/lib/auth/crypto";
import { tokenContext, tokenKeyring } from "./tokens";

export async function rotateShopTokens(): Promise<{ shops: number; rotated: number }> {
  const ring = tokenKeyring();
  const shops = await db().shop.findMany({ select: { id: true, accessTokenEnc: true, refreshTokenEnc: true } });
  let rotated = 0;
  for (const s of shops) {
    const reseal = (sealed: string | null, field: "access" | "refresh") =>
      sealed && needsRotation(sealed, ring) ? encryptToken(decryptToken(sealed, tokenContext(s.id, field), ring), tokenContext(s.id, field), ring) : sealed;
    const access = reseal(s.accessTokenEnc, "access");
    const refresh = reseal(s.refreshTokenEnc, "refresh");
    if (access === s.accessTokenEnc && refresh === s.refreshTokenEnc) continue;
    const { count } = await db().shop.updateMany({
      where: { id: s.id, accessTokenEnc: s.accessTokenEnc, refreshTokenEnc: s.refreshTokenEnc },
      data: { accessTokenEnc: access, refreshTokenEnc: refresh },
    });
    rotated += count;
  }
  return { shops: shops.length, rotated };
}
