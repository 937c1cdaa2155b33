import { afterAll, describe, expect, it } from "vitest";
import { decryptToken, encryptToken, keyId, keyringFrom } from "@/lib/auth/crypto";

const oldKey = Buffer.alloc(32, 3).toString("base64");
const newKey = Buffer.alloc(32, 4).toString("base64");
process.env.TOKEN_ENCRYPTION_KEY = newKey;
process.env.TOKEN_ENCRYPTION_KEYS_OLD = oldKey;

const { db } = await import("@/lib/db");
const { rotateShopTokens } = await import("./rotate");
afterAll(async () => {
  await db().$disconnect();
});

describe("token key rotation", () => {
  it("re-seals tokens sealed with a retired key, leaves current ones, and is idempotent", async () => {
    const old = keyringFrom(oldKey);
    const shop = await db().shop.create({ data: { taobaoUserId: `rot-${Date.now()}`, nick: "轮换店" } });
    await db().shop.update({
      where: { id: shop.id },
      data: { accessTokenEnc: encryptToken("access-plain", `shop:${shop.id}:access`, old), refreshTokenEnc: encryptToken("refresh-plain", `shop:${shop.id}:refresh`, old) },
    });
    const first = await rotateShopTokens();
    expect(first.rotated).toBeGreaterThanOrEqual(1);
    expect(first.unreadable.map((u) => u.id)).not.toContain(shop.id);
    const after = await db().shop.findUniqueOrThrow({ where: { id: shop.id } });
    const current = keyringFrom(newKey);
    expect(after.accessTokenEnc!.split(".")[1]).toBe(keyId(current.current));
    expect(decryptToken(after.accessTokenEnc!, `shop:${shop.id}:access`, current)).toBe("access-plain");
    expect(decryptToken(after.refreshTokenEnc!, `shop:${shop.id}:refresh`, current)).toBe("refresh-plain");
    expect((await rotateShopTokens()).rotated).toBe(0);
  });

  it("reports a shop sealed with a key it does not have, and rotates the others", async () => {
    const lost = await db().shop.create({ data: { taobaoUserId: `lost-${Date.now()}`, nick: "丢钥匙店" } });
    await db().shop.update({ where: { id: lost.id }, data: { accessTokenEnc: encryptToken("x", `shop:${lost.id}:access`, keyringFrom(Buffer.alloc(32, 9).toString("base64"))) } });
    const result = await rotateShopTokens();
    expect(result.unreadable).toContainEqual({ id: lost.id, nick: "丢钥匙店" });
  });
});
