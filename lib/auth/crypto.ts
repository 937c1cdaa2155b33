/**
 * Shop tokens are encrypted at rest with AES-256-GCM. Each ciphertext names the key that sealed
 * it (`v1.<keyId>.<iv>.<tag>.<data>`) and is bound to its row and field as associated data, so a
 * token copied into another shop's row does not decrypt. Rotation: put the new key in
 * TOKEN_ENCRYPTION_KEY, the old one in TOKEN_ENCRYPTION_KEYS_OLD, run `npm run tokens:rotate`,
 * then drop the old key.
 */
import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { errorBrand } from "@/lib/errors/brand";

export class TokenCryptoError extends Error {
  override readonly name = "TokenCryptoError";
  static is = errorBrand(TokenCryptoError, "TokenCryptoError");
}

export interface TokenKeyring {
  current: Buffer;
  /** Retired keys that can still decrypt, never encrypt. */
  old: Buffer[];
}

export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

export function keyringFrom(current: string, old: readonly string[] = []): TokenKeyring {
  const decode = (k: string) => {
    const b = Buffer.from(k, "base64");
    if (b.length !== 32) throw new TokenCryptoError("A token encryption key must be 32 bytes in base64");
    return b;
  };
  return { current: decode(current), old: old.map(decode) };
}

export function encryptToken(plaintext: string, context: string, ring: TokenKeyring): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", ring.current, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", keyId(ring.current), iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

export function decryptToken(sealed: string, context: string, ring: TokenKeyring): string {
  const parts = sealed.split(".");
  if (parts.length !== 5 || parts[0] !== "v1") throw new TokenCryptoError("Not an encrypted token");
  const [, kid, iv, tag, data] = parts as [string, string, string, string, string];
  const key = [ring.current, ...ring.old].find((k) => keyId(k) === kid);
  if (!key) throw new TokenCryptoError(`No configured key ${kid} can decrypt this token (was TOKEN_ENCRYPTION_KEY changed without TOKEN_ENCRYPTION_KEYS_OLD?)`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new TokenCryptoError("The token failed authentication: it was altered or belongs to another record");
  }
}

/** True when the ciphertext was sealed with a key other than the current one. */
export function needsRotation(sealed: string, ring: TokenKeyring): boolean {
  return sealed.split(".")[1] !== keyId(ring.current);
}
