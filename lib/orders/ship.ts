/**
 * Shipping with a self-arranged carrier (taobao.logistics.offline.send), for the whole trade or
 * selected lines (is_split=1, sub_tid). The waybill is checked against the carrier's published
 * pattern before anything is sent. A trade any of whose lines has an open refund (the lines' refund
 * status in the cache) ships only when the seller confirmed they know (`refundAcknowledged`): the
 * dialog says so and asks. Afterwards the trade is fetched again (fullinfo.get → cache),
 * its first trace is loaded, and the shipment is audited (`order.ship`).
 */
import "server-only";
import { z } from "zod";
import { parseInput } from "@/lib/auth/action";
import { recordAudit } from "@/lib/audit";
import { authorize, type Viewer } from "@/lib/auth/viewer";
import { db } from "@/lib/db";
import { withShopSession } from "@/lib/shops/tokens";
import { fetchTradeDetail } from "@/lib/sync/detail";
import { logisticsOfflineSend, TopClientError, TopError } from "@/lib/top";
import { log } from "@/lib/log";
import { carrierByCode } from "./carriers";
import { waybillProblem } from "./carriers-pattern";
import { clientOf, mapPlatformError, ownTrade, reason, type OrderDeps } from "./detail-access";
import { tidSchema } from "./detail-input";
import { hasOpenRefund, SHIPPABLE_LINE_STATUSES, SHIPPABLE_STATUSES } from "./detail-view";
import { getParcelTraces } from "./trace";

export const shipInputSchema = z.strictObject({
  tid: tidSchema,
  companyCode: z.string({ error: "companyUnknown" }).trim().min(1, "companyUnknown").max(64, "companyUnknown"),
  waybill: z.string({ error: "waybillEmpty" }).trim().min(1, "waybillEmpty").max(64, "waybillChars"),
  /** Ship only these lines; absent = every line that can still ship. */
  oids: z.array(z.string().regex(/^\d{1,20}$/, "linesInvalid"), { error: "linesInvalid" }).min(1, "linesNone").max(100, "linesInvalid").optional(),
  /** The seller saw that the buyer asked for a refund and ships anyway (required when a line has an open refund). */
  refundAcknowledged: z.boolean({ error: "refundOpen" }).optional(),
});
export type ShipInput = z.input<typeof shipInputSchema>;

export interface ShipResult {
  tid: string;
  status: string;
  companyName: string;
  waybill: string;
  oids: string[];
}

/** offline.send's refusals (sandbox/README.md "Shipping") as reasons the dialog shows. */
function mapShipError(e: unknown): never {
  if (TopError.is(e) && e.subCode?.startsWith("isv.logistics-offline-service-error:")) {
    const why = e.subCode.split(":")[1];
    if (why === "MAIL_NO_INVALID") throw reason("invalidInput", "waybill", "waybillPattern");
    if (why === "COMPANY_NOT_EXIST") throw reason("invalidInput", "companyCode", "companyUnknown");
    throw reason("conflict", "tid", "notShippable");
  }
  if (TopError.is(e) && e.code === 41 && e.subCode?.includes("sub_tid")) throw reason("invalidInput", "oids", "linesInvalid");
  return mapPlatformError(e, "waybill");
}

export async function shipOrder(viewer: Viewer, input: ShipInput, deps?: OrderDeps): Promise<ShipResult> {
  authorize(viewer, "orders.ship");
  const p = parseInput(shipInputSchema, input);
  const trade = await ownTrade(viewer, p.tid);
  if (!SHIPPABLE_STATUSES.has(trade.status)) throw reason("conflict", "tid", "notShippable");
  const carrier = await carrierByCode(p.companyCode, deps);
  if (!carrier) throw reason("invalidInput", "companyCode", "companyUnknown");
  const problem = waybillProblem(carrier, p.waybill);
  if (problem) throw reason("invalidInput", "waybill", problem);

  const lines = await db().tradeOrder.findMany({ where: { tid: p.tid, shopId: viewer.shopId }, orderBy: { position: "asc" }, select: { oid: true, status: true, refundStatus: true } });
  const refunding = lines.filter((l) => hasOpenRefund(l.refundStatus)).map((l) => l.oid);
  if (refunding.length > 0 && p.refundAcknowledged !== true) throw reason("conflict", "refundAcknowledged", "refundOpen");
  const shippable = lines.filter((l) => SHIPPABLE_LINE_STATUSES.has(l.status)).map((l) => l.oid);
  let split = false;
  let oids = shippable;
  if (p.oids) {
    const own = new Set(lines.map((l) => l.oid));
    if (p.oids.some((o) => !own.has(o))) throw reason("invalidInput", "oids", "linesInvalid");
    if (p.oids.some((o) => !shippable.includes(o))) throw reason("conflict", "oids", "linesShipped");
    oids = [...new Set(p.oids)];
    // Every line that can still ship, on a trade with nothing shipped yet, is a whole-trade shipment.
    split = !(oids.length === shippable.length && trade.status === "WAIT_SELLER_SEND_GOODS");
  } else if (trade.status === "SELLER_CONSIGNED_PART") {
    split = true;
  }
  if (oids.length === 0) throw reason("conflict", "tid", "notShippable");

  const client = clientOf(deps);
  const params = { tid: p.tid, out_sid: p.waybill, company_code: carrier.code, ...(split ? { is_split: 1 as const, sub_tid: oids } : {}) };
  await withShopSession(viewer.shopId, (session) => logisticsOfflineSend(client, session, params)).catch(mapShipError);
  await recordAudit(db(), {
    shopId: viewer.shopId,
    actor: { id: viewer.userId, nick: viewer.nick },
    action: "order.ship",
    target: { type: "trade", id: p.tid },
    oldValue: { status: trade.status },
    newValue: { companyCode: carrier.code, companyName: carrier.name, waybill: p.waybill, oids, split, ...(refunding.length > 0 ? { refundAcknowledged: refunding } : {}) },
  });
  // Taobao has shipped it: a failure to read it back now is repaired by the next sync.
  try {
    await fetchTradeDetail(viewer.shopId, p.tid, { force: true, client });
    await getParcelTraces(viewer, p.tid, { ...deps, force: true });
  } catch (e) {
    if (!TopClientError.is(e)) throw e;
    log.warn({ tid: p.tid, err: e.message }, "shipped, but reading the trade back failed");
  }
  const after = await ownTrade(viewer, p.tid);
  return { tid: p.tid, status: after.status, companyName: carrier.name, waybill: p.waybill, oids };
}
