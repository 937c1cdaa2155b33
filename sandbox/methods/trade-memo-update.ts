/**
 * taobao.trade.memo.update — the seller memo (≤ 1000 UTF-8 bytes) and flag (0–5). `reset=true`
 * clears the memo. At least one of memo, flag, reset is needed. Bumps `modified`.
 */
import { formatTopTime } from "../../lib/time";
import { err } from "../errors";
import { raw } from "../json";
import { bool, id, int, shopOf, str, type MethodDef } from "./context";
import { findTrade } from "./shared";

export const tradeMemoUpdate: MethodDef = {
  name: "taobao.trade.memo.update",
  session: true,
  handle(ctx) {
    const shop = shopOf(ctx);
    const tid = id(ctx, "tid")!;
    const memo = str(ctx, "memo");
    const flag = int(ctx, "flag", { min: 0, max: 5 });
    const reset = bool(ctx, "reset") ?? false;
    if (memo === undefined && flag === undefined && !reset) throw err.missingArg("memo", "memo、flag、reset 至少传一个");
    if (memo !== undefined && Buffer.byteLength(memo, "utf8") > 1000) throw err.invalidArg("memo", "memo 最大长度为 1000 个字节（UTF-8）");
    const idx = findTrade(ctx, tid);
    shop.writeMemo(idx, ctx.T, reset ? null : memo, flag);
    return { trade: { tid: raw(tid), modified: formatTopTime(new Date(shop.modifiedAt(idx, ctx.T) * 1000)) } };
  },
};
