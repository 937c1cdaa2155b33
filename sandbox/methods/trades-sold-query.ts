/**
 * taobao.trades.sold.query — tids by the receiver's full mobile, phone or name (customer-service
 * look-up). `query_list`: JSON array of 1–20 conditions (OR between entries, AND inside one),
 * each with receiver_mobile, receiver_phone or receiver_name. `scene` 1001 (客服咨询) looks at the
 * last 7 days, 1002 (售后) at three months; at most 100 tids, newest first.
 */
import { err } from "../errors";
import type { JsonObject } from "../json";
import { int, jsonArg, required, shopOf, threeMonthsAgo, type MethodDef } from "./context";

const MOBILE = /^1\d{10}$/;
const PHONE = /^[0-9-]{7,20}$/;

export const tradesSoldQuery: MethodDef = {
  name: "taobao.trades.sold.query",
  session: true,
  handle(ctx) {
    const shop = shopOf(ctx);
    const list = jsonArg(ctx, "query_list");
    const scene = required(ctx, "scene");
    if (scene !== "1001" && scene !== "1002") throw err.invalidArg("scene", "scene 只能是 1001（客服咨询）或 1002（售后服务）");
    const orderType = int(ctx, "order_type", { min: 1, max: 3, def: 1 });
    if (!Array.isArray(list) || list.length === 0 || list.length > 20) throw err.invalidArg("query_list", "query_list 必须是 1~20 个查询条件的数组");
    const buyers = new Map<number, Set<number>>();
    for (const q of list as unknown[]) {
      if (typeof q !== "object" || q === null) throw err.invalidArg("query_list", "查询条件必须是对象");
      const entry = q as Record<string, unknown>;
      const mobile = typeof entry.receiver_mobile === "string" && entry.receiver_mobile !== "" ? entry.receiver_mobile : undefined;
      const phone = typeof entry.receiver_phone === "string" && entry.receiver_phone !== "" ? entry.receiver_phone : undefined;
      const name = typeof entry.receiver_name === "string" && entry.receiver_name !== "" ? entry.receiver_name : undefined;
      if (!mobile && !phone && !name) throw err.invalidArg("query_list", "receiver_name、receiver_mobile、receiver_phone 至少有一个不为空");
      if (mobile && !MOBILE.test(mobile)) throw err.invalidArg("query_list", "receiver_mobile 必须是完整的 11 位手机号");
      if (phone && !PHONE.test(phone)) throw err.invalidArg("query_list", "receiver_phone 必须是完整的电话号码");
      if (name && (name.includes("*") || name.length > 50)) throw err.invalidArg("query_list", "receiver_name 必须是完整的收件人姓名");
      for (const [b, addrs] of shop.findReceivers({ mobile, phone, name })) {
        const set = buyers.get(b) ?? new Set<number>();
        for (const a of addrs) set.add(a);
        buyers.set(b, set);
      }
    }
    const out: JsonObject = {};
    if (orderType !== 1 || buyers.size === 0) return out;
    const start = scene === "1001" ? ctx.T - 7 * 86_400 : threeMonthsAgo(ctx.T);
    const idxs = shop.tradesOfBuyers(buyers, start, ctx.T, 100);
    if (idxs.length > 0) out.tid_list = { string: idxs.map((i) => shop.tids[i]!) };
    return out;
  },
};
