/**
 * taobao.trades.sold.get — the seller's trades by creation time, newest first, last three
 * months only. `start_created`/`end_created` are both inclusive; without `type` only the default
 * types come back (top-data.md §4 trap).
 */
import { err } from "../errors";
import type { JsonObject } from "../json";
import { parseTradeFields, tradeToJson } from "../tradeview";
import { paging, shopOf, threeMonthsAgo, time, tradeFilter, type MethodDef } from "./context";

export const tradesSoldGet: MethodDef = {
  name: "taobao.trades.sold.get",
  session: true,
  handle(ctx) {
    const shop = shopOf(ctx);
    const fields = parseTradeFields(ctx.params.get("fields"), false);
    const minStart = threeMonthsAgo(ctx.T);
    const start = time(ctx, "start_created") ?? minStart;
    const end = time(ctx, "end_created") ?? ctx.T;
    if (start < minStart) throw err.invalidArg("start_created", "只能查询三个月内的交易（start_created 早于三个月前当天零点）");
    if (end < start) throw err.invalidArg("end_created", "end_created 不能早于 start_created");
    const filter = tradeFilter(ctx, shop);
    const { pageNo, pageSize, useHasNext } = paging(ctx);
    const page = shop.listByCreated(start, end, ctx.T, filter, (pageNo - 1) * pageSize, pageSize, !useHasNext);
    const out: JsonObject = useHasNext ? { has_next: page.hasNext } : { total_results: page.total };
    if (page.idxs.length > 0) {
      out.trades = { trade: page.idxs.map((idx) => tradeToJson(shop.view(idx, ctx.T), fields, shop.account.nick)) };
    }
    return out;
  },
};
