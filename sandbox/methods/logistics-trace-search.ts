/**
 * taobao.logistics.trace.search — the parcel's steps up to now. Without `is_split` the trade's
 * first parcel is traced; with `is_split=1` the parcel holding the first `sub_tid`. A trade that
 * has not shipped (or ships nothing: virtual goods) fails with code 15.
 */
import { formatTopTime } from "../../lib/time";
import { err } from "../errors";
import { traceStatus, traceSteps } from "../generator";
import { raw, type JsonObject } from "../json";
import { id, int, shopOf, str, type MethodDef } from "./context";
import { findTrade } from "./shared";

export const logisticsTraceSearch: MethodDef = {
  name: "taobao.logistics.trace.search",
  session: true,
  handle(ctx) {
    const shop = shopOf(ctx);
    const tid = id(ctx, "tid")!;
    const sellerNick = str(ctx, "seller_nick");
    if (sellerNick !== undefined && sellerNick !== shop.account.nick) throw err.invalidArg("seller_nick", "seller_nick 与授权用户不一致");
    const isSplit = int(ctx, "is_split", { min: 0, max: 1, def: 0 });
    const idx = findTrade(ctx, tid);
    const v = shop.view(idx, ctx.T);
    let shipped = v.state.shipped;
    if (isSplit === 1) {
      const subTid = str(ctx, "sub_tid");
      if (subTid === undefined) throw err.missingArg("sub_tid", "is_split=1 时必须传 sub_tid");
      const oids = subTid.split(",").map((s) => s.trim());
      const k = v.doc.orders.findIndex((o) => o.oid === oids[0]);
      if (k < 0 || oids.some((o) => !v.doc.orders.some((x) => x.oid === o))) throw err.invalidArg("sub_tid", "sub_tid 不属于该交易");
      shipped = shipped.filter((s) => v.packages[s.index]?.orders.includes(k));
    }
    const first = shipped[0];
    const pkg = first ? v.packages[first.index] : undefined;
    if (!first || !pkg) throw err.remote("isv.logistics-trace-not-exist", "该交易尚未发货或无需物流，没有物流跟踪信息");
    const steps = traceSteps(pkg, first.consignAt, shop.account.origin, v.receiver).filter((s) => s.t <= ctx.T);
    const out: JsonObject = {
      out_sid: pkg.waybill,
      company_name: pkg.carrier?.name ?? "其他",
      tid: raw(v.doc.tid),
      status: pkg.statusSignedAtOnce ? "对方已签收" : traceStatus(steps[steps.length - 1]),
    };
    if (steps.length > 0) {
      out.trace_list = {
        transit_step_info: steps.map((s) => ({ status_time: formatTopTime(new Date(s.t * 1000)), status_desc: s.desc, action: s.action })),
      };
    }
    return out;
  },
};
