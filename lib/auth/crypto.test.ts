import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TokenCryptoError, decryptToken, encryptToken, keyringFrom, needsRotation } from "./crypto";

const k1 = Buffer.alloc(32, 1).toString("base64");
const k2 = Buffer.alloc(32, 2).toString("base64");

describe("token encryption", () => {
  it("round-trips any token, and the ciphertext never contains it", () => {
    const ring = keyringFrom(k1);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (token) => {
        const sealed = encryptToken(token, "shop:a:access", ring);
        return decryptToken(sealed, "shop:a:access", ring) === token && (token.length < 4 || !sealed.includes(token));
      }),
    );
  });

  it("uses a fresh IV each time", () => {
    const ring = keyringFrom(k1);
    expect(encryptToken("t", "c", ring)).not.toBe(encryptToken("t", "c", ring));
  });

  it("refuses a ciphertext moved to another row or field", () => {
    const ring = keyringFrom(k1);
    const sealed = encryptToken("6201f2d0...", "shop:a:access", ring);
    expect(() => decryptToken(sealed, "shop:b:access", ring)).toThrow(TokenCryptoError);
    expect(() => decryptToken(sealed, "shop:a:refresh", ring)).toThrow(TokenCryptoError);
  });

  it("refuses a tampered ciphertext", () => {
    const ring = keyringFrom(k1);
    const sealed = encryptToken("secret-token", "c", ring);
    const parts = sealed.split(".");
    parts[4] = Buffer.from("other-token!").toString("base64url");
    expect(() => decryptToken(parts.join("."), "c", ring)).toThrow(/altered/);
    expect(() => decryptToken("plaintext-token", "c", ring)).toThrow(/Not an encrypted token/);
  });

  it("rotates: old ciphertexts decrypt with the retired key and are flagged for re-encryption", () => {
    const before = keyringFrom(k1);
    const sealed = encryptToken("tok", "c", before);
    const after = keyringFrom(k2, [k1]);
    expect(needsRotation(sealed, after)).toBe(true);
    expect(decryptToken(sealed, "c", after)).toBe("tok");
    const resealed = encryptToken("tok", "c", after);
    expect(needsRotation(resealed, after)).toBe(false);
    expect(() => decryptToken(sealed, "c", keyringFrom(k2))).toThrow(/No configured key/);
  });
});
