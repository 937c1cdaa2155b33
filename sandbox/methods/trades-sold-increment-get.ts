/**
 * taobao.trades.sold.increment.get — trades by modification time, most recently modified first.
 * The window is inclusive at both ends, must have start < end and span at most one day. Rows
 * move between pages when trades change while a client pages (as on the real platform).
 */
import { err } from "../errors";
import type { JsonObject } from "../json";
import { parseTradeFields, tradeToJson } from "../tradeview";
import { paging, shopOf, time, tradeFilter, type MethodDef } from "./context";

export const tradesSoldIncrementGet: MethodDef = {
  name: "taobao.trades.sold.increment.get",
  session: true,
  handle(ctx) {
    const shop = shopOf(ctx);
    const fields = parseTradeFields(ctx.params.get("fields"), false);
    const start = time(ctx, "start_modified");
    if (start === undefined) throw err.missingArg("start_modified");
    const end = time(ctx, "end_modified");
    if (end === undefined) throw err.missingArg("end_modified");
    if (end <= start) throw err.invalidArg("end_modified", "end_modified 必须晚于 start_modified");
    if (end - start > 86_400) throw err.invalidArg("end_modified", "start_modified 与 end_modified 的跨度不能超过一天");
    const filter = tradeFilter(ctx, shop);
    const { pageNo, pageSize, useHasNext } = paging(ctx);
    const page = shop.listByModified(start, end, ctx.T, filter, (pageNo - 1) * pageSize, pageSize);
    const out: JsonObject = useHasNext ? { has_next: page.hasNext } : { total_results: page.total };
    if (page.idxs.length > 0) {
      out.trades = { trade: page.idxs.map((idx) => tradeToJson(shop.view(idx, ctx.T), fields, shop.account.nick)) };
    }
    return out;
  },
};
