/** logistics.companies.get, logistics.offline.send and logistics.trace.search over raw HTTP. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_TYPES, startTestSandbox, topTime, tradesOf, type TestSandbox } from "../testkit";

let t: TestSandbox;
let session: string;
const SEND = "taobao.logistics.offline.send";
const TRACE = "taobao.logistics.trace.search";

beforeAll(async () => {
  t = await startTestSandbox({ orders: 3000 });
  session = await t.session();
});
afterAll(() => t.close());

async function waiting(n: number, multi = false): Promise<{ tid: string; oids: string[] }[]> {
  const rows = tradesOf(await t.ok("taobao.trades.sold.get", { fields: "tid_str,orders.oid_str", status: "WAIT_SELLER_SEND_GOODS", type: ALL_TYPES, page_size: "100" }, { session }));
  return rows
    .map((r) => ({ tid: r.tid_str!, oids: (r.orders as { order: { oid_str: string }[] }).order.map((o) => o.oid_str) }))
    .filter((r) => (multi ? r.oids.length > 1 : r.oids.length === 1))
    .slice(0, n);
}

const err = (b: Record<string, unknown>) => b as unknown as { _key: string; code: number; msg: string; sub_code: string; sub_msg: string };

describe("taobao.logistics.companies.get", () => {
  it("returns the carrier list with only the requested fields", async () => {
    const body = await t.ok("taobao.logistics.companies.get", { fields: "code,name,reg_mail_no" });
    const list = (body.logistics_companies as { logistics_company: Record<string, unknown>[] }).logistics_company;
    expect(list.length).toBe(57);
    const zto = list.find((c) => c.code === "ZTO")!;
    expect(zto.name).toBe("中通快递");
    expect(typeof zto.reg_mail_no).toBe("string");
    expect("id" in zto).toBe(false);
    expect(list.find((c) => c.code === "JD")?.name).toBe("京东快递");
    expect(list.find((c) => c.code === "DTW")).toEqual({ code: "DTW", name: "大田" });
    const rec = (await t.ok("taobao.logistics.companies.get", { fields: "id,code", is_recommended: "true" })).logistics_companies as { logistics_company: unknown[] };
    expect(rec.logistics_company.length).toBeLessThan(15);
    expect(err(await t.ok("taobao.logistics.companies.get", {})).msg).toBe("Missing required arguments:fields");
  });
});

describe("taobao.logistics.offline.send", () => {
  it("validates company_code and the waybill against reg_mail_no, and the trade's status", async () => {
    const [a] = await waiting(1);
    expect(err(await t.ok(SEND, { tid: a!.tid, company_code: "ZTO" }, { session })).msg).toBe("Missing required arguments:out_sid");
    expect(err(await t.ok(SEND, { tid: a!.tid, out_sid: "778123456789" }, { session })).msg).toBe("Missing required arguments:company_code");
    const unknown = err(await t.ok(SEND, { tid: a!.tid, out_sid: "778123456789", company_code: "NOPE" }, { session }));
    expect(unknown).toMatchObject({ code: 15, sub_code: "isv.logistics-offline-service-error:COMPANY_NOT_EXIST" });
    const bad = err(await t.ok(SEND, { tid: a!.tid, out_sid: "123", company_code: "ZTO" }, { session }));
    expect(bad).toMatchObject({ code: 15, sub_code: "isv.logistics-offline-service-error:MAIL_NO_INVALID" });
    expect(bad.sub_msg).toContain("中通快递");
    // Nothing changed.
    const still = await t.ok("taobao.trade.fullinfo.get", { fields: "status", tid: a!.tid }, { session });
    expect((still.trade as { status: string }).status).toBe("WAIT_SELLER_SEND_GOODS");
  });

  it("ships: the trade moves to WAIT_BUYER_CONFIRM_GOODS, lines carry carrier and waybill, modified bumps, a trace exists", async () => {
    const [a] = await waiting(1);
    await t.advance(30);
    const now = topTime(t.sb.clock.nowMs());
    const ok = await t.ok(SEND, { tid: a!.tid, out_sid: "JT5012345678901", company_code: "JTSD" }, { session });
    expect(ok).toMatchObject({ _key: "logistics_offline_send_response", shipping: { is_success: true } });
    const full = (await t.ok("taobao.trade.fullinfo.get", { fields: "status,modified,consign_time,orders.status,orders.logistics_company,orders.invoice_no,orders.consign_time", tid: a!.tid }, { session }))
      .trade as Record<string, unknown>;
    expect(full).toMatchObject({ status: "WAIT_BUYER_CONFIRM_GOODS", modified: now, consign_time: now });
    expect((full.orders as { order: unknown[] }).order[0]).toEqual({ status: "WAIT_BUYER_CONFIRM_GOODS", logistics_company: "极兔速递", invoice_no: "JT5012345678901", consign_time: now });
    const trace = await t.ok(TRACE, { tid: a!.tid }, { session });
    expect(trace).toMatchObject({ out_sid: "JT5012345678901", company_name: "极兔速递", tid: a!.tid });
    const steps = (trace.trace_list as { transit_step_info: { status_time: string; action: string }[] }).transit_step_info;
    expect(steps.length).toBe(1);
    expect(steps[0]!.status_time).toBe(now);
    // A second shipment of the same trade is refused.
    const again = err(await t.ok(SEND, { tid: a!.tid, out_sid: "JT5012345678902", company_code: "JTSD" }, { session }));
    expect(again.sub_code).toBe("isv.logistics-offline-service-error:TRADE_STATUS_ERROR");
  });

  it("the trace grows as the clock runs; steps never lie in the future and end with the signature", async () => {
    const [a] = await waiting(1);
    await t.ok(SEND, { tid: a!.tid, out_sid: "SF1234567890123", company_code: "SF" }, { session });
    const shippedAt = topTime(t.sb.clock.nowMs());
    await t.advance(8 * 86_400);
    const trace = await t.ok(TRACE, { tid: a!.tid }, { session });
    const steps = (trace.trace_list as { transit_step_info: { status_time: string; action: string; status_desc: string }[] }).transit_step_info;
    expect(steps.map((s) => s.action)).toEqual(expect.arrayContaining(["CONSIGN", "TMS_ACCEPT", "TMS_TRANSPORT", "TMS_DELIVERING", "TMS_SIGN"]));
    expect(steps[0]!.status_time).toBe(shippedAt);
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.status_time >= steps[i - 1]!.status_time).toBe(true);
    expect(steps[steps.length - 1]!.action).toBe("TMS_SIGN");
    expect(steps[steps.length - 1]!.status_time <= topTime(t.sb.clock.nowMs())).toBe(true);
    expect(trace.status).toBe("对方已签收");
    const st = (await t.ok("taobao.trade.fullinfo.get", { fields: "status", tid: a!.tid }, { session })).trade as { status: string };
    expect(["WAIT_BUYER_CONFIRM_GOODS", "TRADE_FINISHED"]).toContain(st.status);
  });

  it("is_split ships chosen lines: SELLER_CONSIGNED_PART, then the rest", async () => {
    const [m] = await waiting(1, true);
    expect(m).toBeDefined();
    expect(err(await t.ok(SEND, { tid: m!.tid, out_sid: "778123456780", company_code: "ZTO", is_split: "1" }, { session })).msg).toBe("Missing required arguments:sub_tid");
    expect(err(await t.ok(SEND, { tid: m!.tid, out_sid: "778123456780", company_code: "ZTO", is_split: "1", sub_tid: "1234" }, { session })).msg).toBe("Invalid arguments:sub_tid");
    await t.ok(SEND, { tid: m!.tid, out_sid: "778123456780", company_code: "ZTO", is_split: "1", sub_tid: m!.oids[0]! }, { session });
    let full = (await t.ok("taobao.trade.fullinfo.get", { fields: "status,is_part_consign,orders.status,orders.oid_str", tid: m!.tid }, { session })).trade as Record<string, unknown>;
    expect(full.status).toBe("SELLER_CONSIGNED_PART");
    expect(full.is_part_consign).toBe(true);
    const lines = (full.orders as { order: { status: string }[] }).order;
    expect(lines[0]!.status).toBe("WAIT_BUYER_CONFIRM_GOODS");
    expect(lines[1]!.status).toBe("WAIT_SELLER_SEND_GOODS");
    const split = await t.ok(TRACE, { tid: m!.tid, is_split: "1", sub_tid: m!.oids[0]! }, { session });
    expect(split.out_sid).toBe("778123456780");
    await t.ok(SEND, { tid: m!.tid, out_sid: "778123456781", company_code: "ZTO" }, { session });
    full = (await t.ok("taobao.trade.fullinfo.get", { fields: "status", tid: m!.tid }, { session })).trade as Record<string, unknown>;
    expect(full.status).toBe("WAIT_BUYER_CONFIRM_GOODS");
  });
});

describe("taobao.logistics.trace.search", () => {
  it("fails with code 15 for a trade that has not shipped", async () => {
    const [a] = await waiting(1);
    expect(err(await t.ok(TRACE, { tid: a!.tid }, { session }))).toMatchObject({ code: 15, sub_code: "isv.logistics-trace-not-exist" });
    expect(err(await t.ok(TRACE, {}, { session })).msg).toBe("Missing required arguments:tid");
  });

  it("traces generated shipments with steps that agree with consign_time", async () => {
    const rows = tradesOf(await t.ok("taobao.trades.sold.get", { fields: "tid_str,consign_time,status", status: "TRADE_FINISHED", type: "fixed", page_size: "20" }, { session }));
    let traced = 0;
    for (const r of rows) {
      const tr = await t.ok(TRACE, { tid: r.tid_str! }, { session });
      if (tr._key !== "logistics_trace_search_response") continue;
      const steps = (tr.trace_list as { transit_step_info: { status_time: string; action: string }[] }).transit_step_info;
      expect(steps[0]!.status_time).toBe(r.consign_time);
      expect(steps[steps.length - 1]!.action).toBe("TMS_SIGN");
      traced++;
    }
    expect(traced).toBeGreaterThan(5);
  });
});
