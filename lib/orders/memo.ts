/**
 * The seller memo and flag (taobao.trade.memo.update). After the platform accepted the change the
 * trade is fetched again (fullinfo.get) so the cached row equals Taobao, and the change is audited
 * with its old and new values (`order.memo`, `order.flag`).
 */
import "server-only";
import { recordAudit } from "@/lib/audit";
import { authorize, type Viewer } from "@/lib/auth/viewer";
import { db } from "@/lib/db";
import { withShopSession } from "@/lib/shops/tokens";
import { fetchTradeDetail } from "@/lib/sync/detail";
import { tradeMemoUpdate } from "@/lib/top";
import { parseInput } from "@/lib/auth/action";
import { clientOf, mapPlatformError, ownTrade, reason, type OrderDeps } from "./detail-access";
import { MAX_MEMO_BYTES, memoInputSchema, utf8Bytes, type MemoInput } from "./detail-input";

export interface MemoResult {
  tid: string;
  sellerMemo: string | null;
  sellerFlag: number;
  /** The trade's `modified` after the change (ISO instant). */
  modified: string;
}

export async function updateMemo(viewer: Viewer, input: MemoInput, deps?: OrderDeps): Promise<MemoResult> {
  authorize(viewer, "orders.memo");
  const p = parseInput(memoInputSchema, input);
  const client = clientOf(deps);
  let before = await ownTrade(viewer, p.tid);
  if (p.append && p.memo !== undefined) {
    // The list APIs never carry the memo: read the platform's current one before adding to it.
    await fetchTradeDetail(viewer.shopId, p.tid, { force: true, client }).catch(mapPlatformError);
    before = await ownTrade(viewer, p.tid);
  }
  const oldMemo = before.sellerMemo ?? "";
  let memo: string | undefined = p.memo;
  if (memo !== undefined && p.append) memo = memo.trim() === "" ? undefined : oldMemo ? `${oldMemo}\n${memo}` : memo;
  if (memo !== undefined && utf8Bytes(memo) > MAX_MEMO_BYTES) throw reason("invalidInput", "memo", "memoTooLong");
  const memoChanges = memo !== undefined && memo !== oldMemo;
  const flagChanges = p.flag !== undefined && p.flag !== before.sellerFlag;
  if (memoChanges || flagChanges) {
    // An empty memo is "not given" on TOP: clearing it is `reset: true`.
    const params = {
      tid: p.tid,
      ...(memoChanges ? (memo === "" ? { reset: true } : { memo }) : {}),
      ...(flagChanges ? { flag: p.flag } : {}),
    };
    await withShopSession(viewer.shopId, (session) => tradeMemoUpdate(client, session, params)).catch(mapPlatformError);
    await fetchTradeDetail(viewer.shopId, p.tid, { force: true, client }).catch(mapPlatformError);
  }
  const after = await ownTrade(viewer, p.tid);
  const actor = { id: viewer.userId, nick: viewer.nick };
  const target = { type: "trade", id: p.tid };
  if (memoChanges) await recordAudit(db(), { shopId: viewer.shopId, actor, action: "order.memo", target, oldValue: { memo: before.sellerMemo }, newValue: { memo: after.sellerMemo } });
  if (flagChanges) await recordAudit(db(), { shopId: viewer.shopId, actor, action: "order.flag", target, oldValue: { flag: before.sellerFlag }, newValue: { flag: after.sellerFlag } });
  return { tid: p.tid, sellerMemo: after.sellerMemo, sellerFlag: after.sellerFlag, modified: after.modified.toISOString() };
}
