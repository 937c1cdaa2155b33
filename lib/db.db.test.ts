import { afterAll, describe, expect, inject, it } from "vitest";
import { db } from "./db";

const client = db();
afterAll(async () => {
  await client.$disconnect();
});

describe(`the Prisma client on ${inject("databaseProvider")}`, () => {
  it("is one client per process", () => {
    expect(db()).toBe(client);
  });

  it("stores the tenancy core: a shop, its members with roles, and their audit trail", async () => {
    const suffix = Math.random().toString(36).slice(2);
    const shop = await client.shop.create({ data: { taobaoUserId: `shop-${suffix}`, nick: "小米粒旗舰店" } });
    const owner = await client.user.create({ data: { taobaoUserId: `u-${suffix}`, nick: "小米粒旗舰店" } });
    const agent = await client.user.create({ data: { taobaoUserId: `s-${suffix}`, nick: "小米粒旗舰店:客服小王", isSubAccount: true } });
    await client.membership.createMany({
      data: [
        { shopId: shop.id, userId: owner.id, role: "OWNER" },
        { shopId: shop.id, userId: agent.id },
      ],
    });
    await client.auditLog.create({
      data: { shopId: shop.id, actorId: owner.id, actorNick: owner.nick, action: "member.role", targetType: "member", targetId: agent.id, oldValue: { role: "CUSTOMER_SERVICE" }, newValue: { role: "MANAGER" } },
    });

    const members = await client.membership.findMany({ where: { shopId: shop.id }, include: { user: true }, orderBy: { user: { nick: "asc" } } });
    expect(members.map((m) => [m.user.nick, m.role])).toEqual([
      ["小米粒旗舰店", "OWNER"],
      ["小米粒旗舰店:客服小王", "CUSTOMER_SERVICE"],
    ]);
    const [entry] = await client.auditLog.findMany({ where: { shopId: shop.id } });
    expect(entry?.newValue).toEqual({ role: "MANAGER" });
    expect(entry?.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(entry!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);

    await expect(client.membership.create({ data: { shopId: shop.id, userId: agent.id } })).rejects.toThrow();
    await client.shop.delete({ where: { id: shop.id } });
    expect(await client.membership.count({ where: { shopId: shop.id } })).toBe(0);
    expect((await client.auditLog.findUnique({ where: { id: entry!.id } }))?.shopId).toBeNull();
  });
});
