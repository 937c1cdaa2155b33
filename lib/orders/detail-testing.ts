/**
 * Test helpers for the detail page's lib functions: an admin sandbox with the shop's main account
 * and both sub-accounts signed in through the real OAuth flow, a Viewer per role (运营老李 is
 * promoted to manager, as the owner would), and trades of the platform put into the cache the way
 * opening them does (fullinfo.get → the one writer).
 */
import { connectAccount } from "@/lib/shops/connect";
import { fetchTradeDetail } from "@/lib/sync/detail";
import { startSyncSandbox, withCallHook, type SyncSandbox } from "@/lib/sync/testing/sandbox";
import { parseTokenResponse, type TopClient } from "@/lib/top";
import type { Role } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { db } from "@/lib/db";
import { authorizeViaHttp } from "@/sandbox/testing";
import type { SandboxOptions } from "@/sandbox/server";

export interface DetailSandbox {
  sbx: SyncSandbox;
  client: TopClient;
  nick: string;
  shopId: string;
  owner: Viewer;
  manager: Viewer;
  cs: Viewer;
  /** A viewer of the second shop (its owner). */
  otherOwner: Viewer;
  /** Newest trades of the platform (optionally of one status), cached like an opened order. */
  cacheTrades(opts?: { status?: string; limit?: number }): Promise<string[]>;
  /** A client that records the TOP methods it calls, in order (for "nothing was sent" checks). */
  recording(): { calls: string[]; client: TopClient };
  /** The platform's unmasked view of a trade (admin API). */
  truth(tid: string): Promise<SandboxTrade>;
  close(): Promise<void>;
}

export interface SandboxTrade {
  tid: string;
  status: string;
  modified: string;
  buyer_message: string | null;
  seller_memo: string | null;
  seller_flag: number;
  receiver: { name: string; mobile: string; phone?: string; address?: string; oaid: string; masked_mobile: string; [k: string]: unknown };
  orders: { oid: string; title: string; status: string }[];
}

async function signIn(sbx: SyncSandbox, account: string, role?: Role): Promise<Viewer> {
  const token = await authorizeViaHttp(sbx.url, { account, appKey: sbx.sb.options.appKey, appSecret: sbx.sb.options.appSecret });
  const r = await connectAccount(parseTokenResponse(token));
  if (role && role !== r.role) await db().membership.update({ where: { shopId_userId: { shopId: r.shopId, userId: r.userId } }, data: { role } });
  const shop = await db().shop.findUniqueOrThrow({ where: { id: r.shopId } });
  const finalRole = role ?? r.role;
  return { userId: r.userId, nick: account, isSubAccount: account.includes(":"), shopId: r.shopId, shopNick: shop.nick, shopStatus: "ACTIVE", role: finalRole, shops: [{ id: r.shopId, nick: shop.nick, role: finalRole }] };
}

export async function startDetailSandbox(options: SandboxOptions & { seed: number }): Promise<DetailSandbox> {
  const sbx = await startSyncSandbox({ orders: 400, shops: 2, frozen: true, ...options });
  const client = sbx.client();
  const [main, other] = sbx.sb.store.accounts;
  const nick = main!.nick;
  const owner = await signIn(sbx, nick);
  const cs = await signIn(sbx, main!.subAccounts[0]!.nick);
  const manager = await signIn(sbx, main!.subAccounts[1]!.nick, "MANAGER");
  const otherOwner = await signIn(sbx, other!.nick);
  return {
    sbx,
    client,
    nick,
    shopId: owner.shopId,
    owner,
    manager,
    cs,
    otherOwner,
    async cacheTrades({ status, limit = 3 } = {}) {
      const q = new URLSearchParams({ shop: nick, limit: String(limit), ...(status ? { status } : {}) });
      const { trades } = await sbx.admin<{ trades: { tid: string }[] }>(`/_sandbox/trades?${q}`);
      for (const t of trades) await fetchTradeDetail(owner.shopId, t.tid, { force: true, client });
      return trades.map((t) => t.tid);
    },
    recording() {
      const calls: string[] = [];
      return { calls, client: withCallHook(client, (method) => void calls.push(method)) };
    },
    truth: (tid) => sbx.admin<SandboxTrade>(`/_sandbox/trade?shop=${encodeURIComponent(nick)}&tid=${tid}`),
    close: () => sbx.close(),
  };
}
