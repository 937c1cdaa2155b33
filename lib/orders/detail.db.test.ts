/**
 * The detail page's lib functions against the sandbox, on both databases: reading a trade from
 * the cache, amounts that add up, the detail fetched when a page opens it (never twice for one
 * modified), 刷新, revealing one receiver field with the right scene (audited, never stored),
 * shipping (waybill rules, whole trade and split parcels) and parcel traces with their TTL.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/auth/errors";
import { fetchTradeDetail } from "@/lib/sync/detail";
import { closeSyncSql } from "@/lib/sync/sql";
import { withCallHook } from "@/lib/sync/testing/sandbox";
import { clearCarrierCache, listCarriers } from "./carriers";
import { getOrderDetail, isOwnOrder } from "./detail";
import { startDetailSandbox, type DetailSandbox } from "./detail-testing";
import { ensureOrderDetail, refreshOrder } from "./refresh";
import { revealReceiver } from "./reveal";
import { shipOrder } from "./ship";
import { getParcelTraces, TRACE_TTL_MS } from "./trace";

let ds: DetailSandbox;
let tids: string[] = [];

beforeAll(async () => {
  ds = await startDetailSandbox({ seed: 7102, orders: 600 });
  tids = await ds.cacheTrades({ limit: 40 });
  clearCarrierCache();
});
afterAll(async () => {
  await ds?.close();
  await closeSyncSql();
  await db().$disconnect();
});

const recording = () => {
  const calls: { method: string; params: Record<string, unknown> }[] = [];
  return { calls, client: withCallHook(ds.client, (method, _n, params) => void calls.push({ method, params: { ...params } })) };
};
const appError = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
};
const audits = (tid: string, action: string) => db().auditLog.findMany({ where: { targetType: "trade", targetId: tid, action } });
let counter = 0;
/** A fresh YTO waybill (2 letters + 10 digits). */
const ytoWaybill = () => `YT${String(4_000_000_000 + ++counter * 7919).padStart(10, "0")}`;

describe(`order detail on ${inject("databaseProvider")}`, () => {
  it("reads a trade of the viewer's shop only; unknown and malformed tids are null", async () => {
    const d = await getOrderDetail(ds.cs, tids[0]!);
    expect(d?.tid).toBe(tids[0]);
    expect(d?.lines.length).toBeGreaterThan(0);
    expect(d?.receiver.mobile).toMatch(/\*{4}$/); // masked, as Taobao sends it
    expect(await getOrderDetail(ds.otherOwner, tids[0]!)).toBeNull();
    expect(await getOrderDetail(ds.owner, "1234567890123456789")).toBeNull();
    expect(await getOrderDetail(ds.owner, "<script>")).toBeNull();
  });

  it("isOwnOrder (the layout's 404 check) agrees with getOrderDetail: own shop only, malformed tids false", async () => {
    expect(await isOwnOrder(ds.cs, tids[0]!)).toBe(true);
    expect(await isOwnOrder(ds.owner, tids[0]!)).toBe(true);
    expect(await isOwnOrder(ds.otherOwner, tids[0]!)).toBe(false);
    expect(await isOwnOrder(ds.owner, "1234567890123456789")).toBe(false);
    expect(await isOwnOrder(ds.owner, "<script>")).toBe(false);
    expect(await isOwnOrder(ds.owner, "9".repeat(5000))).toBe(false);
  });

  it("amounts add up exactly for every cached trade: 商品总额 − 优惠 + 改价 + 运费 = 实付", async () => {
    let adjusted = 0;
    let discounted = 0;
    for (const tid of tids) {
      const d = (await getOrderDetail(ds.owner, tid))!;
      expect(d.amounts.addsUp, `${tid} ${JSON.stringify(d.amounts)}`).toBe(true);
      // The trade's 商品总额 is the lines' price × quantity; its 优惠 and 改价 include the lines'.
      expect(d.amounts.totalFeeFen).toBe(d.lines.reduce((s, l) => s + l.priceFen * l.num, 0));
      for (const l of d.lines) expect(l.totalFeeFen).toBe(l.priceFen * l.num - l.discountFeeFen + l.adjustFeeFen);
      expect(d.amounts.adjustFeeFen).toBe(d.lines.reduce((s, l) => s + l.adjustFeeFen, 0));
      if (d.amounts.adjustFeeFen !== 0) adjusted++;
      if (d.amounts.discountFeeFen !== 0) discounted++;
    }
    expect(discounted).toBeGreaterThan(0);
    expect(adjusted + discounted).toBeGreaterThan(0);
  });

  it("audit entries are shown to roles that read the audit log only", async () => {
    expect((await getOrderDetail(ds.cs, tids[0]!))?.audit).toBeNull();
    expect((await getOrderDetail(ds.manager, tids[0]!))?.audit).toEqual([]);
  });

  it("opening a trade fetches its detail once per modified; 刷新 always fetches and is audited", async () => {
    const tid = tids[1]!;
    // A list write leaves the detail stale (as sync does for trades without message or flag).
    await db().trade.update({ where: { tid }, data: { detailModified: null, buyerMessage: null } });
    expect((await getOrderDetail(ds.cs, tid))!.detailStale).toBe(true);
    const rec = recording();
    const first = await ensureOrderDetail(ds.cs, { tid }, { client: rec.client });
    expect(first.fetched).toBe(true);
    expect((await getOrderDetail(ds.cs, tid))!.detailStale).toBe(false);
    const second = await ensureOrderDetail(ds.cs, { tid }, { client: rec.client });
    expect(second.fetched).toBe(false);
    expect(rec.calls.map((c) => c.method)).toEqual(["taobao.trade.fullinfo.get"]);
    const r = await refreshOrder(ds.cs, { tid }, { client: rec.client });
    expect(r.fetched).toBe(true);
    expect(rec.calls).toHaveLength(2);
    expect(await audits(tid, "order.refresh")).toHaveLength(1);
    expect((await appError(refreshOrder(ds.otherOwner, { tid }, { client: rec.client }))).code).toBe("notFound");
    expect((await appError(refreshOrder(ds.owner, { tid: "'; DROP TABLE" }, { client: rec.client }))).fields?.tid).toContain("tidInvalid");
  });
});

describe(`revealing the receiver on ${inject("databaseProvider")}`, () => {
  it("customer service reveals each field with its own scene; audited without the value; nothing stored", async () => {
    const tid = tids[2]!;
    const truth = await ds.truth(tid);
    const rec = recording();
    const mobile = await revealReceiver(ds.cs, { tid, field: "mobile" }, { client: rec.client });
    expect(mobile).toEqual({ field: "mobile", value: truth.receiver.mobile });
    const name = await revealReceiver(ds.cs, { tid, field: "name" }, { client: rec.client });
    expect(name.value).toBe(truth.receiver.name);
    const address = await revealReceiver(ds.owner, { tid, field: "address" }, { client: rec.client });
    expect(address.value).toContain(String(truth.receiver.state ?? ""));
    const scenes = rec.calls.map((c) => (c.params.query_list as { scene: string }[]).map((x) => x.scene));
    expect(scenes).toEqual([["2001"], ["1009"], ["1008"]]);
    const log = await audits(tid, "order.revealReceiver");
    expect(log.map((a) => (a.newValue as { field: string; scene: string }).field).sort()).toEqual(["address", "mobile", "name"]);
    // The detail page shows the same entries, newest first, values as objects and times as instants.
    const shown = (await getOrderDetail(ds.manager, tid))!.audit!.filter((a) => a.action === "order.revealReceiver");
    expect(shown.map((a) => (a.newValue as { field: string }).field)).toEqual([...log].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1)).map((a) => (a.newValue as { field: string }).field));
    expect(shown.map((a) => a.createdAt.getTime()).sort()).toEqual(log.map((a) => a.createdAt.getTime()).sort());
    expect(shown.every((a) => a.createdAt instanceof Date && a.actorNick.length > 0)).toBe(true);
    const text = JSON.stringify(log) + JSON.stringify(await db().trade.findUniqueOrThrow({ where: { tid } }));
    expect(text).not.toContain(truth.receiver.mobile);
    expect(text).not.toContain(truth.receiver.name);
  });

  it("managers may not reveal; another shop's tid is notFound; an unknown field is invalid", async () => {
    const rec = recording();
    expect((await appError(revealReceiver(ds.manager, { tid: tids[2]!, field: "mobile" }, { client: rec.client }))).code).toBe("forbidden");
    expect((await appError(revealReceiver(ds.otherOwner, { tid: tids[2]!, field: "mobile" }, { client: rec.client }))).code).toBe("notFound");
    const bad = await appError(revealReceiver(ds.cs, { tid: tids[2]!, field: "idCard" as never }, { client: rec.client }));
    expect(bad.fields?.field).toContain("revealField");
    expect(rec.calls).toEqual([]);
  });
});

describe(`shipping and traces on ${inject("databaseProvider")}`, () => {
  let waiting: string[] = [];
  beforeAll(async () => {
    await ds.sbx.advance("5s");
    waiting = await ds.cacheTrades({ status: "WAIT_SELLER_SEND_GOODS", limit: 30 });
    // Trades with an open refund ship only when acknowledged (their own test below): not these.
    const refunding = new Set((await db().tradeOrder.findMany({ where: { tid: { in: waiting }, refundStatus: { in: ["WAIT_SELLER_AGREE", "WAIT_BUYER_RETURN_GOODS", "WAIT_SELLER_CONFIRM_GOODS", "SELLER_REFUSE_BUYER"] } }, select: { tid: true } })).map((l) => l.tid));
    waiting = waiting.filter((t) => !refunding.has(t));
    // The living shop may have one order waiting, or none, at this hour: add paid ones up to three.
    while (waiting.length < 3) {
      const { tid } = await ds.sbx.admin<{ tid: string }>("/_sandbox/trades", { shop: ds.nick, status: "WAIT_SELLER_SEND_GOODS" });
      await fetchTradeDetail(ds.shopId, tid, { force: true, client: ds.client });
      waiting.push(tid);
    }
  });

  it("the carrier list comes from companies.get once and carries the waybill patterns", async () => {
    const rec = recording();
    clearCarrierCache();
    const a = await listCarriers({ client: rec.client });
    const b = await listCarriers({ client: rec.client });
    expect(b).toBe(a);
    expect(rec.calls.map((c) => c.method)).toEqual(["taobao.logistics.companies.get"]);
    expect(a[0]!.code).toBe("ZTO");
    expect(a.find((c) => c.code === "YTO")?.regMailNo).toContain("[0-9]{10}");
  });

  it("customer service may not ship; bad waybills and carriers are refused before Taobao is asked", async () => {
    const tid = waiting[0]!;
    const rec = recording();
    expect((await appError(shipOrder(ds.cs, { tid, companyCode: "YTO", waybill: ytoWaybill() }, { client: rec.client }))).code).toBe("forbidden");
    const cases: [object, string, string][] = [
      [{ companyCode: "YTO", waybill: "YT123" }, "waybill", "waybillPattern"],
      [{ companyCode: "YTO", waybill: "<img src=x>" }, "waybill", "waybillChars"],
      [{ companyCode: "YTO", waybill: "  " }, "waybill", "waybillEmpty"],
      [{ companyCode: "NOPE", waybill: "1234567890" }, "companyCode", "companyUnknown"],
      [{ companyCode: "YTO", waybill: ytoWaybill(), oids: ["1"] }, "oids", "linesInvalid"],
    ];
    for (const [extra, field, key] of cases) {
      const e = await appError(shipOrder(ds.owner, { tid, ...extra } as never, { client: rec.client }));
      expect(e.fields?.[field], JSON.stringify(extra)).toContain(key);
    }
    expect(rec.calls.filter((c) => c.method === "taobao.logistics.offline.send")).toEqual([]);
  });

  it("a line with an open refund: refused without the seller's acknowledgement (nothing sent), shipped with it and audited", async () => {
    const { tid } = await ds.sbx.admin<{ tid: string }>("/_sandbox/trades", { shop: ds.nick, status: "WAIT_SELLER_SEND_GOODS" });
    await fetchTradeDetail(ds.shopId, tid, { force: true, client: ds.client });
    const [line] = await db().tradeOrder.findMany({ where: { tid }, orderBy: { position: "asc" } });
    // The buyer asked for a refund (as the cache would hold it after the next sync).
    await db().tradeOrder.update({ where: { oid: line!.oid }, data: { refundStatus: "WAIT_SELLER_AGREE" } });
    const rec = recording();
    for (const ack of [undefined, false]) {
      const e = await appError(shipOrder(ds.owner, { tid, companyCode: "YTO", waybill: ytoWaybill(), ...(ack === undefined ? {} : { refundAcknowledged: ack }) }, { client: rec.client }));
      expect([e.code, e.fields]).toEqual(["conflict", { refundAcknowledged: ["refundOpen"] }]);
    }
    expect((await appError(shipOrder(ds.owner, { tid, companyCode: "YTO", waybill: ytoWaybill(), refundAcknowledged: "yes" } as never, { client: rec.client }))).fields).toEqual({ refundAcknowledged: ["refundOpen"] });
    expect(rec.calls.filter((c) => c.method === "taobao.logistics.offline.send")).toEqual([]);
    expect((await ds.truth(tid)).status).toBe("WAIT_SELLER_SEND_GOODS");

    const waybill = ytoWaybill();
    const r = await shipOrder(ds.owner, { tid, companyCode: "YTO", waybill, refundAcknowledged: true }, { client: ds.client });
    expect(r.status).toBe("WAIT_BUYER_CONFIRM_GOODS");
    const [entry] = await audits(tid, "order.ship");
    expect(entry!.newValue).toMatchObject({ waybill, refundAcknowledged: [line!.oid] });
  });

  it("ships a whole trade: Taobao and the cache say shipped, the first trace step is stored, the shipment is audited", async () => {
    const tid = waiting[0]!;
    await ds.sbx.advance("2s");
    const waybill = ytoWaybill();
    const r = await shipOrder(ds.manager, { tid, companyCode: "YTO", waybill }, { client: ds.client });
    expect(r.status).toBe("WAIT_BUYER_CONFIRM_GOODS");
    expect((await ds.truth(tid)).status).toBe("WAIT_BUYER_CONFIRM_GOODS");
    const lines = await db().tradeOrder.findMany({ where: { tid } });
    expect(lines.every((l) => l.invoiceNo === waybill && l.logisticsCompany === "圆通速递")).toBe(true);
    const traces = await db().logisticsTrace.findMany({ where: { tid } });
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatchObject({ subTid: "", outSid: waybill, companyName: "圆通速递", delivered: false });
    expect((traces[0]!.steps as { action: string }[])[0]!.action).toBe("CONSIGN");
    const [entry] = await audits(tid, "order.ship");
    expect(entry).toMatchObject({ actorNick: ds.manager.nick, oldValue: { status: "WAIT_SELLER_SEND_GOODS" }, newValue: { companyCode: "YTO", waybill, split: false } });
    // Shipping it again is refused: it is not waiting any more.
    expect((await appError(shipOrder(ds.owner, { tid, companyCode: "YTO", waybill: ytoWaybill() }, { client: ds.client }))).fields?.tid).toContain("notShippable");
  });

  it("ships selected lines as separate parcels, each with its own trace", async () => {
    // New paid trades (the admin API adds them) until one has several lines (about a quarter do).
    let tid: string | undefined;
    for (let i = 0; i < 30 && !tid; i++) {
      const added = await ds.sbx.admin<{ tid: string }>("/_sandbox/trades", { shop: ds.nick, status: "WAIT_SELLER_SEND_GOODS" });
      if ((await ds.truth(added.tid)).orders.length >= 2) tid = added.tid;
    }
    expect(tid, "a multi-line trade waiting to ship").toBeDefined();
    await fetchTradeDetail(ds.shopId, tid!, { force: true, client: ds.client });
    const lines = await db().tradeOrder.findMany({ where: { tid: tid! }, orderBy: { position: "asc" } });
    await ds.sbx.advance("2s");
    const w1 = ytoWaybill();
    const first = await shipOrder(ds.owner, { tid: tid!, companyCode: "YTO", waybill: w1, oids: [lines[0]!.oid] }, { client: ds.client });
    expect(first.status).toBe("SELLER_CONSIGNED_PART");
    await ds.sbx.advance("2s");
    const w2 = ytoWaybill();
    const second = await shipOrder(ds.owner, { tid: tid!, companyCode: "SF", waybill: `SF${w2}` }, { client: ds.client });
    expect(second.status).toBe("WAIT_BUYER_CONFIRM_GOODS");
    expect(second.oids).toEqual(lines.slice(1).map((l) => l.oid));
    const parcels = await getParcelTraces(ds.owner, tid!, { client: ds.client, force: true });
    expect(parcels.map((p) => [p.subTid, p.waybill, p.companyName])).toEqual([
      [lines[0]!.oid, w1, "圆通速递"],
      [lines[1]!.oid, `SF${w2}`, "顺丰速运"],
    ]);
    expect(parcels.every((p) => p.state === "ok" && p.steps[0]?.kind === "consign")).toBe(true);
    const detail = (await getOrderDetail(ds.owner, tid!))!;
    expect(detail.parcels.map((p) => p.oids)).toEqual([[lines[0]!.oid], lines.slice(1).map((l) => l.oid)]);
  });

  it("traces come from the cache within the TTL, are fetched again after it, and never once delivered", async () => {
    const tid = waiting[0]!;
    const rec = recording();
    const clock = () => new Date(ds.sbx.clock().getTime());
    await getParcelTraces(ds.cs, tid, { client: rec.client, now: clock });
    expect(rec.calls).toEqual([]);
    // Two weeks later the parcel is signed for (a planned delivery can be several days out); the
    // cached trace is past its TTL.
    await ds.sbx.advance("14d");
    const later = () => new Date(Date.now() + 14 * 86_400_000 + TRACE_TTL_MS);
    const client4d = ds.sbx.client();
    const rec2 = { calls: [] as string[] };
    const c = withCallHook(client4d, (m) => void rec2.calls.push(m));
    const [p] = await getParcelTraces(ds.cs, tid, { client: c, now: later });
    // (The access token expired in those days: the first attempt is refused and retried after a refresh.)
    expect(rec2.calls.at(-1)).toBe("taobao.logistics.trace.search");
    const fetchedCalls = rec2.calls.length;
    expect(p!.delivered).toBe(true);
    expect(p!.steps.at(-1)!.kind).toBe("sign");
    const detail = (await getOrderDetail(ds.cs, tid))!;
    expect(detail.timeline.find((e) => e.step === "signed")?.at?.toISOString()).toBe(p!.steps.at(-1)!.time);
    await getParcelTraces(ds.cs, tid, { client: c, now: () => new Date(later().getTime() + 30 * 86_400_000) });
    expect(rec2.calls).toHaveLength(fetchedCalls);
  });

  it("刷新物流 (force) answers from the cache for a trace fetched seconds ago, and fetches an older one", async () => {
    const [tid] = await ds.cacheTrades({ status: "WAIT_BUYER_CONFIRM_GOODS", limit: 1 });
    const rec = recording();
    const t0 = ds.sbx.clock();
    await getParcelTraces(ds.owner, tid!, { client: rec.client, now: () => t0 });
    const first = rec.calls.length;
    expect(first).toBeGreaterThan(0);
    await getParcelTraces(ds.owner, tid!, { client: rec.client, force: true, now: () => new Date(t0.getTime() + 5_000) });
    expect(rec.calls).toHaveLength(first);
    const [p] = await getParcelTraces(ds.owner, tid!, { client: rec.client, force: true, now: () => new Date(t0.getTime() + 60_000) });
    expect(rec.calls.length).toBe(first + (p!.delivered ? 0 : 1));
  });

  it("a trade not shipped yet has no parcels", async () => {
    const notShipped = waiting.find((t) => t !== waiting[0]);
    const parcels = await getParcelTraces(ds.owner, notShipped!, { client: ds.client });
    expect(parcels.length === 0 || parcels.every((p) => p.oids.length > 0)).toBe(true);
  });
});
