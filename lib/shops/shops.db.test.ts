/**
 * Sign-in, shop tokens and members against the in-process sandbox: the real OAuth flow (consent
 * form over HTTP), real signed TOP calls, the sandbox clock to expire tokens, its admin API to
 * revoke them.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startSandbox, type Sandbox } from "@/sandbox/server";
import { adminCall, authorizeViaHttp } from "@/sandbox/testing";

let sandbox: Sandbox;
// Each test file has its own module graph, so env() below reads these.
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, orders: 300, shops: 2, admin: true, tokenTtl: 3600, seed: 11 });
  process.env.TOP_GATEWAY_URL = sandbox.gatewayUrl;
  process.env.TOP_OAUTH_BASE_URL = sandbox.url;
});
afterAll(async () => {
  await sandbox?.close();
});

const { db } = await import("@/lib/db");
const { createTopClient, parseTokenResponse, tradesSoldGet, TopSessionError } = await import("@/lib/top");
const { SANDBOX_APP_KEY, SANDBOX_APP_SECRET } = await import("@/lib/env");
const { connectAccount, ShopNotConnectedError } = await import("./connect");
const { withShopSession, refreshShopSession, ShopNeedsReauthError } = await import("./tokens");
const { changeMemberRole, removeMember, listMembers, switchShop } = await import("./members");
const { AppError } = await import("@/lib/auth/errors");

async function signIn(account: string) {
  const raw = await authorizeViaHttp(sandbox.url, { account });
  return { raw, token: parseTokenResponse(raw) };
}

// Time passes for the app and the platform alike: when the sandbox clock moves, so does the
// client's (its timestamps must stay within TOP's ±10 minutes).
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);
async function advanceClock(seconds: number) {
  await adminCall(sandbox.url, "/_sandbox/clock", { advance: seconds });
  offsetMs += seconds * 1000;
}
let client: ReturnType<typeof createTopClient>;
beforeAll(() => {
  client = createTopClient({ gatewayUrl: sandbox.gatewayUrl, appKey: SANDBOX_APP_KEY, appSecret: SANDBOX_APP_SECRET, now });
});

const listOnePage = (session: string) =>
  tradesSoldGet(client, session, { start_created: new Date(now().getTime() - 7 * 86_400_000), end_created: now(), page_size: 5, use_has_next: true });

describe(`sign-in and shop tokens on ${inject("databaseProvider")}`, () => {
  let shopId = "";
  let ownerId = "";

  it("a main account's sign-in connects the shop, makes it owner and seals its tokens", async () => {
    const { raw, token } = await signIn("小米粒旗舰店");
    const result = await connectAccount(token);
    expect(result).toMatchObject({ role: "OWNER", connected: true });
    shopId = result.shopId;
    ownerId = result.userId;
    const shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
    expect(shop).toMatchObject({ nick: "小米粒旗舰店", status: "ACTIVE", taobaoUserId: token.taobaoUserId });
    const stored = JSON.stringify(shop);
    expect(stored).not.toContain(raw.access_token);
    expect(stored).not.toContain(raw.refresh_token);
    expect(shop.accessTokenEnc).toMatch(/^v1\./);
    const audit = await db().auditLog.findMany({ where: { shopId, action: "shop.connect" } });
    expect(audit).toHaveLength(1);
  });

  it("signing in again keeps one shop and one owner membership and logs no second connect", async () => {
    const again = await connectAccount((await signIn("小米粒旗舰店")).token);
    expect(again).toMatchObject({ shopId, userId: ownerId, connected: false });
    expect(await db().membership.count({ where: { shopId } })).toBe(1);
  });

  it("with the join policy 自动加入为客服, a sub-account joins its main shop as customer service, keeps its role on later sign-ins", async () => {
    // The default (APPROVAL) is covered by membership.db.test.ts.
    await db().shop.update({ where: { id: shopId }, data: { joinPolicy: "AUTO" } });
    const first = await connectAccount((await signIn("小米粒旗舰店:客服小王")).token);
    expect(first).toMatchObject({ shopId, role: "CUSTOMER_SERVICE" });
    const user = await db().user.findUniqueOrThrow({ where: { id: first.userId } });
    expect(user).toMatchObject({ nick: "小米粒旗舰店:客服小王", isSubAccount: true, activeShopId: shopId });
    await db().membership.update({ where: { shopId_userId: { shopId, userId: first.userId } }, data: { role: "MANAGER" } });
    expect((await connectAccount((await signIn("小米粒旗舰店:客服小王")).token)).role).toBe("MANAGER");
  });

  it("a sub-account whose shop was never connected is refused", async () => {
    const shops = await adminCall<{ shops: { nick: string; sub_accounts: { nick: string }[] }[] }>(sandbox.url, "/_sandbox/shops");
    const other = shops.shops[1]!;
    await expect(connectAccount((await signIn(other.sub_accounts[0]!.nick)).token)).rejects.toBeInstanceOf(ShopNotConnectedError);
  });

  it("runs TOP calls on the shop's session", async () => {
    const page = await withShopSession(shopId, listOnePage);
    expect(page.trades.length).toBeGreaterThan(0);
  });

  it("refreshes before the access token expires", async () => {
    const before = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
    await db().shop.update({ where: { id: shopId }, data: { accessTokenExpiresAt: new Date(Date.now() + 60_000) } });
    await withShopSession(shopId, listOnePage);
    const after = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
    expect(after.accessTokenEnc).not.toBe(before.accessTokenEnc);
    expect(after.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
  });

  it("an expired session (code 27) is refreshed once, silently, and the call succeeds", async () => {
    const before = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
    await advanceClock(3600 + 60);
    // The platform ended the session earlier than the app expected (as when a seller changes a
    // password): the app still believes its token is good, so only code 27 can tell it.
    await db().shop.update({ where: { id: shopId }, data: { accessTokenExpiresAt: new Date(now().getTime() + 86_400_000) } });
    let sessionErrors = 0;
    const page = await withShopSession(
      shopId,
      async (session) => {
        try {
          return await listOnePage(session);
        } catch (e) {
          if (e instanceof TopSessionError) sessionErrors++;
          throw e;
        }
      },
      now,
    );
    expect(sessionErrors).toBe(1);
    expect(page.trades.length).toBeGreaterThan(0);
    expect((await db().shop.findUniqueOrThrow({ where: { id: shopId } })).accessTokenEnc).not.toBe(before.accessTokenEnc);
  });

  it("concurrent refreshes (several workers) end with one valid token and no re-auth flag", async () => {
    const tokens = await Promise.all([refreshShopSession(shopId, now()), refreshShopSession(shopId, now()), refreshShopSession(shopId, now())]);
    const shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
    expect(shop.status).toBe("ACTIVE");
    expect(new Set(tokens).size).toBeGreaterThanOrEqual(1);
    await expect(withShopSession(shopId, listOnePage, now)).resolves.toBeDefined();
  });

  it("a revoked grant flags the shop NEEDS_REAUTH, keeps its data, and re-authorisation restores it", async () => {
    const membersBefore = await db().membership.count({ where: { shopId } });
    await adminCall(sandbox.url, "/_sandbox/revoke", { nick: "小米粒旗舰店" });
    await expect(withShopSession(shopId, listOnePage, now)).rejects.toBeInstanceOf(ShopNeedsReauthError);
    const flagged = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
    expect(flagged.status).toBe("NEEDS_REAUTH");
    expect(flagged.reauthReason).toBe("refresh-rejected");
    expect(await db().membership.count({ where: { shopId } })).toBe(membersBefore);
    // Paused: no further platform call is attempted.
    let called = false;
    await expect(withShopSession(shopId, async () => ((called = true), 1))).rejects.toBeInstanceOf(ShopNeedsReauthError);
    expect(called).toBe(false);

    const back = await connectAccount((await signIn("小米粒旗舰店")).token);
    expect(back).toMatchObject({ shopId, connected: true });
    expect((await db().shop.findUniqueOrThrow({ where: { id: shopId } })).status).toBe("ACTIVE");
    expect(await db().auditLog.count({ where: { shopId, action: "shop.reconnect" } })).toBe(1);
    await expect(withShopSession(shopId, listOnePage, now)).resolves.toBeDefined();
  });

  describe("members", () => {
    const viewerFor = async (userId: string) => {
      const m = await db().membership.findFirstOrThrow({ where: { userId, shopId }, include: { user: true, shop: true } });
      return { userId, nick: m.user.nick, isSubAccount: m.user.isSubAccount, shopId, shopNick: m.shop.nick, shopStatus: m.shop.status, role: m.role, shops: [{ id: shopId, nick: m.shop.nick, role: m.role }] };
    };

    it("the owner changes a role and removes a member, both audited with old and new values", async () => {
      const lao = await connectAccount((await signIn("小米粒旗舰店:运营老李")).token);
      const owner = await viewerFor(ownerId);
      const row = (await listMembers(owner)).find((m) => m.userId === lao.userId)!;
      expect(row.role).toBe("CUSTOMER_SERVICE");
      await changeMemberRole(owner, { memberId: row.id, role: "MANAGER" });
      expect((await listMembers(owner)).find((m) => m.userId === lao.userId)!.role).toBe("MANAGER");
      const entry = await db().auditLog.findFirstOrThrow({ where: { shopId, action: "member.role", targetId: lao.userId } });
      expect(entry.oldValue).toEqual({ nick: "小米粒旗舰店:运营老李", role: "CUSTOMER_SERVICE", status: "ACTIVE" });
      expect(entry.newValue).toEqual({ nick: "小米粒旗舰店:运营老李", role: "MANAGER" });
      await removeMember(owner, { memberId: row.id });
      expect((await listMembers(owner)).find((m) => m.userId === lao.userId)!.status).toBe("REMOVED");
      expect(await db().auditLog.count({ where: { shopId, action: "member.remove", targetId: lao.userId } })).toBe(1);
    });

    it("refuses other roles, the main account, oneself and members of other shops", async () => {
      const owner = await viewerFor(ownerId);
      const members = await listMembers(owner);
      const wang = members.find((m) => m.nick === "小米粒旗舰店:客服小王")!;
      const self = members.find((m) => m.isSelf)!;
      const manager = await viewerFor(wang.userId);
      const code = async (p: Promise<unknown>) => p.then(() => "ok", (e: unknown) => (e instanceof AppError ? e.code : String(e)));
      expect(await code(listMembers(manager))).toBe("forbidden");
      expect(await code(changeMemberRole(manager, { memberId: self.id, role: "CUSTOMER_SERVICE" }))).toBe("forbidden");
      expect(await code(changeMemberRole(owner, { memberId: self.id, role: "MANAGER" }))).toBe("conflict");
      expect(await code(removeMember(owner, { memberId: self.id }))).toBe("conflict");
      const otherShop = await db().shop.create({ data: { taobaoUserId: `other-${Date.now()}`, nick: "别家店" } });
      const stranger = await db().user.create({ data: { taobaoUserId: `stranger-${Date.now()}`, nick: "别家店:客服" } });
      const foreign = await db().membership.create({ data: { shopId: otherShop.id, userId: stranger.id } });
      expect(await code(changeMemberRole(owner, { memberId: foreign.id, role: "MANAGER" }))).toBe("notFound");
      expect(await code(removeMember(owner, { memberId: foreign.id }))).toBe("notFound");
      expect(await code(switchShop(owner, { shopId: otherShop.id }))).toBe("notFound");
      expect((await db().membership.findUniqueOrThrow({ where: { id: foreign.id } })).role).toBe("CUSTOMER_SERVICE");
    });
  });
});
