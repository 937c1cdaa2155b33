/**
 * taobao.logistics.offline.send — ships with a self-arranged carrier. Checks `company_code`
 * against the carrier list and `out_sid` against its `reg_mail_no`, then moves the trade (or the
 * `sub_tid` lines with `is_split=1`) to shipped and starts a trace. Failures are code 15 with
 * `isv.logistics-offline-service-error:<REASON>` sub codes (see sandbox/README.md).
 */
import { err } from "../errors";
import { carrierByCode, waybillMatches } from "../carriers";
import { STATUSES } from "../model";
import { canShip } from "../state";
import { id, int, required, shopOf, str, type MethodDef } from "./context";
import { findTrade } from "./shared";

const fail = (reason: string, msg: string) => err.remote(`isv.logistics-offline-service-error:${reason}`, msg);

export const logisticsOfflineSend: MethodDef = {
  name: "taobao.logistics.offline.send",
  session: true,
  handle(ctx) {
    const shop = shopOf(ctx);
    const tid = id(ctx, "tid")!;
    const outSid = required(ctx, "out_sid").trim();
    const code = required(ctx, "company_code").trim();
    const isSplit = int(ctx, "is_split", { min: 0, max: 1, def: 0 });
    const idx = findTrade(ctx, tid);
    const carrier = carrierByCode(code);
    if (!carrier) throw fail("COMPANY_NOT_EXIST", `物流公司编码 ${code} 不存在，请以 taobao.logistics.companies.get 返回的 code 为准`);
    if (!waybillMatches(carrier, outSid)) throw fail("MAIL_NO_INVALID", `运单号 ${outSid} 不符合${carrier.name}的运单号规则`);
    const v = shop.view(idx, ctx.T);
    if (!canShip(v.state.status)) throw fail("TRADE_STATUS_ERROR", `交易状态为 ${STATUSES[v.state.status]}，不能发货`);
    let orders: number[] | null = null;
    if (isSplit === 1) {
      const subTid = str(ctx, "sub_tid");
      if (subTid === undefined) throw err.missingArg("sub_tid", "is_split=1 时必须传 sub_tid");
      const oids = subTid.split(",").map((s) => s.trim()).filter(Boolean);
      orders = oids.map((oid) => v.doc.orders.findIndex((o) => o.oid === oid));
      if (orders.some((k) => k < 0)) throw err.invalidArg("sub_tid", "sub_tid 不属于该交易");
      const shippable = orders.filter((k) => {
        const st = STATUSES[v.state.orders[k]!.status];
        return st === "WAIT_SELLER_SEND_GOODS" || st === "PAID_FORBID_CONSIGN";
      });
      if (shippable.length === 0) throw fail("ORDER_STATUS_ERROR", "所选子订单均已发货或已关闭");
      orders = shippable;
    }
    shop.writeShipment(idx, ctx.T, orders, carrier, outSid);
    return { shipping: { is_success: true } };
  },
};
