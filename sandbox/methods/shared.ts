/** Helpers shared by several method handlers. */
import { err } from "../errors";
import { shopOf, type MethodContext } from "./context";

/** The trade's index in the session's shop, or code 15 isv.trade-not-exist. */
export function findTrade(ctx: MethodContext, tid: string): number {
  const shop = shopOf(ctx);
  const idx = shop.indexOf(tid);
  if (idx === undefined || !shop.existsAt(idx, ctx.T)) throw err.remote("isv.trade-not-exist", `交易 ${tid} 不存在或不属于当前卖家`);
  return idx;
}
