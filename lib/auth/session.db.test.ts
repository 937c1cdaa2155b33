/**
 * Issue 18 item 3 on both databases: revocable sessions. A session starts with the user's
 * sessionVersion and is refused once the database holds another one — after sign-out,
 * 退出所有设备, removal from the shop or a role change — and past its absolute lifetime. (The
 * HTTP-level proof against the production build is e2e/security.spec.ts "item 3".)
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { oauthTokenFor, uniqueId } from "@/lib/shops/testing";
import type { Viewer } from "./viewer";

const { db } = await import("@/lib/db");
const { connectAccount } = await import("@/lib/shops/connect");
const members = await import("@/lib/shops/members");
const session = await import("./session");
const { viewerOf: loadViewer } = await import("./viewer");

afterAll(async () => {
  await db().$disconnect();
});


async function viewerOf(userId: string): Promise<Viewer | null> {
  return loadViewer(await db().user.findUniqueOrThrow({ where: { id: userId } }));
}

/** A shop whose owner lets sub-accounts join automatically, and a member of it signed in. */
async function signedInMember() {
  const main = { id: `m${uniqueId()}`, nick: `测试店${uniqueId()}` };
  const { userId: ownerId } = await connectAccount(oauthTokenFor(main));
  const owner = (await viewerOf(ownerId))!;
  await members.setJoinPolicy(owner, { policy: "AUTO" });
  const account = { id: `s${uniqueId()}`, nick: `${main.nick}:客服` };
  const { userId } = await connectAccount(oauthTokenFor(main, account));
  const start = () => session.startSession(account.id).then(claimsAsToken);
  return { shop: { owner, shopId: owner.shopId }, userId, start, token: await start() };
}

const claimsAsToken = (c: { uid: string; sv: number; authTime: number }) => ({ ...c, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 1800 });
const memberId = async (owner: Viewer, userId: string) => (await members.listMembers(owner)).find((m) => m.userId === userId)!.id;

describe(`sessions on ${inject("databaseProvider")}`, () => {
  it("a session starts with the user's version and is accepted while it holds", async () => {
    const { userId, token } = await signedInMember();
    expect(token).toMatchObject({ uid: userId, sv: 0 });
    await expect(session.checkSession(token)).resolves.toMatchObject({ uid: userId, sv: 0 });
  });

  it("sign-out ends it for good: the same token replayed afterwards is refused", async () => {
    const { token } = await signedInMember();
    expect(await session.endSession(token)).toBe(true);
    await expect(session.checkSession(token)).rejects.toMatchObject({ name: "SessionEndedError", reason: "revoked" });
    // A replayed sign-out of the dead token changes nothing (it cannot end newer sessions).
    expect(await session.endSession(token)).toBe(false);
  });

  it("removal and a role change end the member's sessions; approval and re-admission start none", async () => {
    const { shop, start, userId, token } = await signedInMember();
    await members.changeMemberRole(shop.owner, { memberId: await memberId(shop.owner, userId), role: "MANAGER" });
    await expect(session.checkSession(token)).rejects.toMatchObject({ reason: "revoked" });

    const second = await start();
    await expect(session.checkSession(second)).resolves.toBeDefined();
    // The same role again is no change and ends nothing.
    await members.changeMemberRole(shop.owner, { memberId: await memberId(shop.owner, userId), role: "MANAGER" });
    await expect(session.checkSession(second)).resolves.toBeDefined();
    await members.removeMember(shop.owner, { memberId: await memberId(shop.owner, userId) });
    await expect(session.checkSession(second)).rejects.toMatchObject({ reason: "revoked" });

    const versionBefore = (await db().user.findUniqueOrThrow({ where: { id: userId } })).sessionVersion;
    await members.readmitMember(shop.owner, { memberId: await memberId(shop.owner, userId), role: "CUSTOMER_SERVICE" });
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).sessionVersion).toBe(versionBefore);
    // The owner's own session is untouched by all of it.
    const ownerUser = await db().user.findUniqueOrThrow({ where: { id: shop.owner.userId } });
    expect(ownerUser.sessionVersion).toBe(0);
  });

  it("退出所有设备 ends every session of the account, audited", async () => {
    const { shop, start, userId, token } = await signedInMember();
    const other = await start();
    const viewer = (await viewerOf(userId))!;
    await session.signOutEverywhere(viewer);
    await expect(session.checkSession(token)).rejects.toMatchObject({ reason: "revoked" });
    await expect(session.checkSession(other)).rejects.toMatchObject({ reason: "revoked" });
    expect(await db().auditLog.count({ where: { shopId: shop.shopId, actorId: userId, action: "account.signOutEverywhere" } })).toBe(1);
    await expect(session.checkSession(await start())).resolves.toBeDefined();
  });

  it("refuses a token past its absolute lifetime, one issued before versions existed, and an unknown user", async () => {
    const { token } = await signedInMember();
    const twelveHours = 12 * 3600;
    await expect(session.checkSession({ ...token, authTime: token.authTime - twelveHours - 1 })).rejects.toMatchObject({ reason: "expired" });
    await expect(session.checkSession({ ...token, authTime: token.authTime - twelveHours + 60 })).resolves.toBeDefined();
    // The 7-day tokens of before: a user id and nothing else.
    await expect(session.checkSession({ uid: token.uid, iat: token.iat, exp: token.exp })).rejects.toMatchObject({ reason: "malformed" });
    await expect(session.checkSession({ ...token, uid: "nobody" })).rejects.toMatchObject({ reason: "revoked" });
  });
});
