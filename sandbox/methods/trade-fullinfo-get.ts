/** taobao.trade.fullinfo.get — one trade with every requested field, detail-only ones included. */
import { parseTradeFields, tradeToJson } from "../tradeview";
import { id, shopOf, type MethodDef } from "./context";
import { findTrade } from "./shared";

export const tradeFullinfoGet: MethodDef = {
  name: "taobao.trade.fullinfo.get",
  session: true,
  handle(ctx) {
    const shop = shopOf(ctx);
    const fields = parseTradeFields(ctx.params.get("fields"), true);
    const idx = findTrade(ctx, id(ctx, "tid")!);
    return { trade: tradeToJson(shop.view(idx, ctx.T), fields, shop.account.nick) };
  },
};
