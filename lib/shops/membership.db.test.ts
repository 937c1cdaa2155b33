/**
 * Issue 18 item 2 on both databases: membership status (a removal sticks, the join policy,
 * approve / decline / re-admit, all audited) and Viewers built from ACTIVE memberships only.
 * Sign-ins go through connectAccount with the tokens Taobao's OAuth would hand over (the real
 * OAuth flow is covered by shops.db.test.ts and the e2e setup). Sessions: lib/auth/session.db.test.ts.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { oauthTokenFor, uniqueId } from "@/lib/shops/testing";

const { db } = await import("@/lib/db");
const { connectAccount } = await import("./connect");
const members = await import("./members");
const { AppError } = await import("@/lib/auth/errors");
const viewerModule = await import("@/lib/auth/viewer");

afterAll(async () => {
  await db().$disconnect();
});

type ViewerLike = Parameters<typeof members.listMembers>[0];


/** A freshly connected shop: its owner's Viewer and a way to sign its sub-accounts in. */
async function newShop() {
  const main = { id: `m${uniqueId()}`, nick: `测试店${uniqueId()}` };
  const owner = await connectAccount(oauthTokenFor(main));
  const viewer: ViewerLike = { userId: owner.userId, nick: main.nick, isSubAccount: false, shopId: owner.shopId, shopNick: main.nick, shopStatus: "ACTIVE", role: "OWNER", shops: [{ id: owner.shopId, nick: main.nick, role: "OWNER" }] };
  const sub = (name: string) => {
    const account = { id: `s${uniqueId()}`, nick: `${main.nick}:${name}` };
    return { account, signIn: () => connectAccount(oauthTokenFor(main, account)) };
  };
  return { main, shopId: owner.shopId, owner: viewer, sub };
}

async function viewerOf(userId: string) {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  return viewerModule.viewerOf(user);
}

async function row(viewer: ViewerLike, userId: string) {
  return (await members.listMembers(viewer)).find((m) => m.userId === userId)!;
}

const code = (p: Promise<unknown>) => p.then(() => "ok", (e: unknown) => (e instanceof AppError ? e.code : String(e)));
const actions = async (shopId: string, userId: string) =>
  (await db().auditLog.findMany({ where: { shopId, targetId: userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((a) => a.action);

describe(`memberships on ${inject("databaseProvider")}`, () => {
  describe("item 2: a removed member stays removed", () => {
    it("removing a member keeps the row as REMOVED: signing in again does not bring it back", async () => {
      const shop = await newShop();
      // Joined automatically, as the old code always did.
      await db().shop.update({ where: { id: shop.shopId }, data: { joinPolicy: "AUTO" } });
      const mei = shop.sub("客服小美");
      const first = await mei.signIn();
      const member = await db().membership.findUniqueOrThrow({ where: { shopId_userId: { shopId: shop.shopId, userId: first.userId } } });
      expect(member.status).toBe("ACTIVE");
      await members.removeMember(shop.owner, { memberId: member.id });

      const again = await mei.signIn();
      const after = await db().membership.findUnique({ where: { shopId_userId: { shopId: shop.shopId, userId: first.userId } } });
      // Old code: the row was deleted, and this sign-in created a new one (ACTIVE, default role).
      expect(after).toMatchObject({ id: member.id, status: "REMOVED" });
      expect(after!.removedAt).toBeInstanceOf(Date);
      expect(await actions(shop.shopId, first.userId)).toEqual(["member.join", "member.remove"]);
      expect(again.status).toBe("REMOVED");
      expect(await viewerOf(first.userId)).toBeNull();
    });

    it("the owner sees the removed account and re-admits it with a role; it signs in again", async () => {
      const shop = await newShop();
      await members.setJoinPolicy(shop.owner, { policy: "AUTO" });
      const mei = shop.sub("客服小美");
      const { userId } = await mei.signIn();
      await members.removeMember(shop.owner, { memberId: (await row(shop.owner, userId)).id });
      const removed = await row(shop.owner, userId);
      expect(removed).toMatchObject({ status: "REMOVED", nick: mei.account.nick });
      expect(await code(members.changeMemberRole(shop.owner, { memberId: removed.id, role: "MANAGER" }))).toBe("conflict");

      await members.readmitMember(shop.owner, { memberId: removed.id, role: "MANAGER" });
      expect(await row(shop.owner, userId)).toMatchObject({ status: "ACTIVE", role: "MANAGER", removedAt: null });
      expect(await mei.signIn()).toMatchObject({ status: "ACTIVE", role: "MANAGER" });
      expect((await viewerOf(userId))!.role).toBe("MANAGER");
      const entry = await db().auditLog.findFirstOrThrow({ where: { shopId: shop.shopId, targetId: userId, action: "member.readmit" } });
      expect(entry.oldValue).toMatchObject({ status: "REMOVED" });
      expect(entry.newValue).toMatchObject({ status: "ACTIVE", role: "MANAGER" });
    });
  });

  describe("item 2: the join policy", () => {
    it("defaults to APPROVAL: a new sub-account waits, gets no Viewer, and is audited as pending", async () => {
      const shop = await newShop();
      expect((await members.shopSummary(shop.owner)).joinPolicy).toBe("APPROVAL");
      const wang = shop.sub("客服小王");
      const first = await wang.signIn();
      expect(first.status).toBe("PENDING");
      expect(await viewerOf(first.userId)).toBeNull();
      expect((await wang.signIn()).status).toBe("PENDING");
      expect(await actions(shop.shopId, first.userId)).toEqual(["member.pending"]);
      // Old code: the user's activeShopId pointed at the shop it was never admitted to.
      expect((await db().user.findUniqueOrThrow({ where: { id: first.userId } })).activeShopId).toBeNull();
    });

    it("the owner approves with the chosen role; the next sign-in is in", async () => {
      const shop = await newShop();
      const lao = shop.sub("运营老李");
      const { userId } = await lao.signIn();
      const pending = await row(shop.owner, userId);
      expect(pending).toMatchObject({ status: "PENDING", role: "CUSTOMER_SERVICE" });
      expect(await code(members.removeMember(shop.owner, { memberId: pending.id }))).toBe("conflict");
      expect(await members.approveMember(shop.owner, { memberId: pending.id, role: "MANAGER" })).toEqual({ role: "MANAGER" });
      expect(await lao.signIn()).toMatchObject({ status: "ACTIVE", role: "MANAGER" });
      const viewer = await viewerOf(userId);
      expect(viewer).toMatchObject({ shopId: shop.shopId, role: "MANAGER" });
      expect(await actions(shop.shopId, userId)).toEqual(["member.pending", "member.approve"]);
      expect(await code(members.approveMember(shop.owner, { memberId: pending.id, role: "OWNER" }))).toBe("conflict");
    });

    it("a declined account is listed as removed and stays out until re-admitted", async () => {
      const shop = await newShop();
      const sub = shop.sub("客服小刘");
      const { userId } = await sub.signIn();
      await members.declineMember(shop.owner, { memberId: (await row(shop.owner, userId)).id });
      expect(await row(shop.owner, userId)).toMatchObject({ status: "REMOVED" });
      expect((await sub.signIn()).status).toBe("REMOVED");
      expect(await viewerOf(userId)).toBeNull();
      expect(await actions(shop.shopId, userId)).toEqual(["member.pending", "member.decline"]);
    });

    it("approve and decline at once: exactly one wins", async () => {
      const shop = await newShop();
      const { userId } = await shop.sub("客服小赵").signIn();
      const { id } = await row(shop.owner, userId);
      const results = await Promise.all([code(members.approveMember(shop.owner, { memberId: id, role: "CUSTOMER_SERVICE" })), code(members.declineMember(shop.owner, { memberId: id }))]);
      expect(results.filter((r) => r === "ok")).toHaveLength(1);
      expect(results.filter((r) => r === "conflict")).toHaveLength(1);
      expect((await actions(shop.shopId, userId)).filter((a) => a !== "member.pending")).toHaveLength(1);
    });

    it("AUTO is the owner's choice (shop.manage), audited; new sub-accounts then join as customer service", async () => {
      const shop = await newShop();
      const first = await shop.sub("运营").signIn();
      await members.approveMember(shop.owner, { memberId: (await row(shop.owner, first.userId)).id, role: "MANAGER" });
      const manager = (await viewerOf(first.userId))!;
      expect(await code(members.setJoinPolicy(manager, { policy: "AUTO" }))).toBe("forbidden");
      expect(await members.setJoinPolicy(shop.owner, { policy: "AUTO" })).toEqual({ policy: "AUTO" });
      const entry = await db().auditLog.findFirstOrThrow({ where: { shopId: shop.shopId, action: "shop.joinPolicy" } });
      expect(entry.oldValue).toEqual({ joinPolicy: "APPROVAL" });
      expect(entry.newValue).toEqual({ joinPolicy: "AUTO" });
      // The same choice again changes nothing and logs nothing.
      await members.setJoinPolicy(shop.owner, { policy: "AUTO" });
      expect(await db().auditLog.count({ where: { shopId: shop.shopId, action: "shop.joinPolicy" } })).toBe(1);

      const cs = await shop.sub("客服").signIn();
      expect(cs).toMatchObject({ status: "ACTIVE", role: "CUSTOMER_SERVICE" });
      expect(await actions(shop.shopId, cs.userId)).toEqual(["member.join"]);
      expect((await viewerOf(cs.userId))!.role).toBe("CUSTOMER_SERVICE");
    });

    it("managers and customer service cannot approve, decline, re-admit or list", async () => {
      const shop = await newShop();
      await members.setJoinPolicy(shop.owner, { policy: "AUTO" });
      const cs = (await viewerOf((await shop.sub("客服").signIn()).userId))!;
      await members.setJoinPolicy(shop.owner, { policy: "APPROVAL" });
      const { userId } = await shop.sub("新人").signIn();
      const { id } = await row(shop.owner, userId);
      for (const p of [members.listMembers(cs), members.approveMember(cs, { memberId: id, role: "OWNER" }), members.declineMember(cs, { memberId: id }), members.readmitMember(cs, { memberId: id, role: "OWNER" }), members.setJoinPolicy(cs, { policy: "AUTO" })]) {
        expect(await code(p)).toBe("forbidden");
      }
      const other = await newShop();
      expect(await code(members.approveMember(other.owner, { memberId: id, role: "OWNER" }))).toBe("notFound");
      expect((await row(shop.owner, userId)).status).toBe("PENDING");
    });
  });

  describe("item 2: Viewers count ACTIVE memberships only", () => {
    it("a removed or pending membership gives no shop, no role, no switcher entry", async () => {
      const a = await newShop();
      const b = await newShop();
      const c = await newShop();
      await members.setJoinPolicy(a.owner, { policy: "AUTO" });
      const { userId } = await a.sub("客服").signIn();
      const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
      // The same person also belongs to shops B (removed there) and C (pending there).
      await db().membership.create({ data: { shopId: b.shopId, userId, role: "OWNER", status: "REMOVED", removedAt: new Date() } });
      await db().membership.create({ data: { shopId: c.shopId, userId, role: "MANAGER", status: "PENDING" } });
      await db().user.update({ where: { id: userId }, data: { activeShopId: b.shopId } });
      const viewer = (await viewerModule.viewerOf({ ...user, activeShopId: b.shopId }))!;
      expect(viewer).toMatchObject({ shopId: a.shopId, role: "CUSTOMER_SERVICE" });
      expect(viewer.shops.map((s) => s.id)).toEqual([a.shopId]);
      expect(await code(members.switchShop(viewer, { shopId: b.shopId }))).toBe("notFound");
      expect(await code(members.switchShop(viewer, { shopId: c.shopId }))).toBe("notFound");
    });
  });
  describe("issue 19 item 18: a sub-account that a second shop authorises (跨店授权, sandbox/README.md)", () => {
    /** The same sub-account's sign-in for its own shop, and for another shop that authorises it: what the sandbox's token says. */
    async function crossShop() {
      const home = await newShop();
      const other = await newShop();
      await db().shop.updateMany({ where: { id: { in: [home.shopId, other.shopId] } }, data: { joinPolicy: "AUTO" } });
      const ming = { id: `s${uniqueId()}`, nick: `${home.main.nick}:店长阿明` };
      return { home, other, ming, signInHome: () => connectAccount(oauthTokenFor(home.main, ming)), signInOther: () => connectAccount(oauthTokenFor(other.main, ming)) };
    }

    it("one person, one user, two memberships: both shops are in the switcher and the last sign-in's shop is the active one", async () => {
      const x = await crossShop();
      const first = await x.signInHome();
      const second = await x.signInOther();
      expect(second.userId).toBe(first.userId);
      expect([first.shopId, second.shopId]).toEqual([x.home.shopId, x.other.shopId]);
      expect([first.status, second.status]).toEqual(["ACTIVE", "ACTIVE"]);
      const viewer = (await viewerOf(first.userId))!;
      expect(viewer.shops.map((s) => s.id).sort()).toEqual([x.home.shopId, x.other.shopId].sort());
      expect(viewer.shopId).toBe(x.other.shopId);
      expect(viewer.nick).toBe(x.ming.nick);
      // Each shop's owner sees the person among its own members and changes the role there only.
      const inOther = await row(x.other.owner, first.userId);
      await members.changeMemberRole(x.other.owner, { memberId: inOther.id, role: "MANAGER" });
      const roles = await db().membership.findMany({ where: { userId: first.userId }, select: { shopId: true, role: true } });
      expect(Object.fromEntries(roles.map((r) => [r.shopId, r.role]))).toEqual({ [x.home.shopId]: "CUSTOMER_SERVICE", [x.other.shopId]: "MANAGER" });
      // Signing in for the home shop again makes it the active one and keeps the other membership.
      await x.signInHome();
      const again = (await viewerOf(first.userId))!;
      expect(again.shopId).toBe(x.home.shopId);
      expect(again.shops).toHaveLength(2);
      expect(await actions(x.other.shopId, first.userId)).toEqual(["member.join", "member.role"]);
    });

    it("the second shop's join policy and removals are its own: pending or removed there, still active at home", async () => {
      const x = await crossShop();
      await db().shop.update({ where: { id: x.other.shopId }, data: { joinPolicy: "APPROVAL" } });
      const home = await x.signInHome();
      const pending = await x.signInOther();
      expect(pending.status).toBe("PENDING");
      expect((await viewerOf(home.userId))!.shops.map((s) => s.id)).toEqual([x.home.shopId]);
      const request = await row(x.other.owner, home.userId);
      await members.declineMember(x.other.owner, { memberId: request.id });
      expect((await x.signInOther()).status).toBe("REMOVED");
      const viewer = (await viewerOf(home.userId))!;
      expect(viewer.shopId).toBe(x.home.shopId);
      expect(viewer.shops.map((s) => s.id)).toEqual([x.home.shopId]);
    });
  });
});
