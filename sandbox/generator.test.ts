import { describe, expect, it } from "vitest";
import { carrierByCode, CARRIERS, SHIPPING_CARRIERS, waybillMatches } from "./carriers";
import { DEFAULT_SHOP_ACCOUNTS, MAIN_SHOP_NICK, MAIN_SHOP_SUB_ACCOUNTS, shopAccounts } from "./defaults";
import { createGenContext, genReceiver, genTrade, makeTid, maskAddress, maskMobile, maskName, traceSteps } from "./generator";
import { Ev, S } from "./model";
import { Rng } from "./rng";
import { hashInts } from "./rng";

const shop = shopAccounts(42, 2)[0]!;
const ctx = createGenContext(42, shop, 5000);
const created = Math.floor(Date.UTC(2026, 9, 1, 3, 0, 0) / 1000);
const docs = Array.from({ length: 3000 }, (_, i) => genTrade(ctx, hashInts(1, i), hashInts(2, i), created + i * 600, makeTid(hashInts(1, i), hashInts(2, i))));

describe("accounts (defaults.ts)", () => {
  it("the first shop is 小米粒旗舰店 with its two sub-accounts; ids are stable numeric strings", () => {
    expect(DEFAULT_SHOP_ACCOUNTS[0]!.nick).toBe(MAIN_SHOP_NICK);
    expect(DEFAULT_SHOP_ACCOUNTS[0]!.subAccounts.map((s) => s.nick)).toEqual([...MAIN_SHOP_SUB_ACCOUNTS]);
    expect(DEFAULT_SHOP_ACCOUNTS[1]!.subAccounts.length).toBeGreaterThan(0);
    const ids = DEFAULT_SHOP_ACCOUNTS.flatMap((a) => [a.userId, ...a.subAccounts.map((s) => s.userId)]);
    for (const id of ids) expect(id).toMatch(/^\d{10}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(shopAccounts(42, 2)).toEqual(DEFAULT_SHOP_ACCOUNTS);
    expect(shopAccounts(43, 2)[0]!.userId).not.toBe(DEFAULT_SHOP_ACCOUNTS[0]!.userId);
    expect(new Set(shopAccounts(42, 9).map((a) => a.nick)).size).toBe(9);
  });
});

describe("trade content", () => {
  it("is a pure function of the seeds", () => {
    const a = genTrade(ctx, 11, 22, created, "2000000000000000001");
    const b = genTrade(ctx, 11, 22, created, "2000000000000000001");
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it("the lite mode used to fill the store draws exactly the same decisions as the full document", () => {
    for (let i = 0; i < 2000; i++) {
      const full = genTrade(ctx, hashInts(5, i), hashInts(6, i), created + i * 60, "3000000000000000001");
      const lite = genTrade(ctx, hashInts(5, i), hashInts(6, i), created + i * 60, "3000000000000000001", undefined, true);
      expect(lite.events).toEqual(full.events);
      expect([lite.type, lite.payment, lite.buyer, lite.addr, lite.postFee, lite.orders.length]).toEqual([full.type, full.payment, full.buyer, full.addr, full.postFee, full.orders.length]);
      expect(lite.packages.map((p) => [p.orders, p.carrier?.code, p.signAt, p.traceSeed])).toEqual(full.packages.map((p) => [p.orders, p.carrier?.code, p.signAt, p.traceSeed]));
    }
  });

  it("tids are 19 digits that fit a signed 64-bit integer; multi-line oids differ from the tid", () => {
    for (const d of docs) {
      expect(d.tid).toMatch(/^[2-4]\d{18}$/);
      if (d.orders.length === 1) expect(d.orders[0]!.oid).toBe(d.tid);
      else expect(new Set(d.orders.map((o) => o.oid)).size).toBe(d.orders.length);
    }
  });

  it("amounts add up to the fen: total − discount + adjust + post = payment; lines carry the post fee only when single", () => {
    let coupons = 0;
    let adjusted = 0;
    for (const d of docs) {
      expect(d.totalFee - d.discountFee + d.adjustFee + d.postFee).toBe(d.payment);
      expect(d.orders.reduce((s, o) => s + o.payment, 0) + (d.orders.length > 1 ? d.postFee : 0)).toBe(d.payment);
      for (const o of d.orders) {
        expect(o.totalFee).toBe(o.price * o.num - o.discount + o.adjust);
        expect(o.divide).toBe(o.totalFee - o.partMjz);
      }
      if (d.promotions.some((p) => p.id === d.tid)) coupons++;
      if (d.adjustFee !== 0) adjusted++;
    }
    expect(coupons).toBeGreaterThan(0);
    expect(adjusted).toBeGreaterThan(0);
  });

  it("has single- and multi-line trades, messages on ~15 %, memos on some, several types", () => {
    const multi = docs.filter((d) => d.orders.length > 1).length / docs.length;
    expect(multi).toBeGreaterThan(0.15);
    expect(multi).toBeLessThan(0.4);
    const msgs = docs.filter((d) => d.buyerMessage !== null).length / docs.length;
    expect(msgs).toBeGreaterThan(0.1);
    expect(msgs).toBeLessThan(0.2);
    expect(docs.filter((d) => d.memos.length > 0).length).toBeGreaterThan(100);
    expect(new Set(docs.map((d) => d.type)).size).toBeGreaterThanOrEqual(8);
  });

  it("events are in time order, start with the creation, and every status appears somewhere", () => {
    const seen = new Set<number>();
    for (const d of docs) {
      expect(d.events[0]!.kind).toBe(Ev.Create);
      expect(d.events[0]!.t).toBe(d.created);
      for (let i = 1; i < d.events.length; i++) expect(d.events[i]!.t).toBeGreaterThanOrEqual(d.events[i - 1]!.t);
      for (const e of d.events) seen.add(e.status);
    }
    for (const s of Object.values(S)) expect(seen.has(s)).toBe(true);
  });

  it("shipped parcels carry waybills that match their carrier's reg_mail_no", () => {
    let n = 0;
    for (const d of docs) {
      for (const p of d.packages) {
        expect(p.carrier).not.toBeNull();
        expect(waybillMatches(p.carrier!, p.waybill)).toBe(true);
        n++;
      }
    }
    expect(n).toBeGreaterThan(1000);
  });
});

describe("carriers", () => {
  it("adds 京东快递 and 极兔速递 with patterns, keeps the published list", () => {
    expect(CARRIERS.length).toBe(57);
    expect(carrierByCode("JD")?.name).toBe("京东快递");
    expect(carrierByCode("JTSD")?.name).toBe("极兔速递");
    const jd = carrierByCode("JD")!;
    expect(waybillMatches(jd, "JDVA12345678901")).toBe(true);
    expect(waybillMatches(jd, "JD0012345678901")).toBe(true);
    expect(waybillMatches(jd, "JX12345678901")).toBe(false);
    expect(waybillMatches(carrierByCode("JTSD")!, "JT5012345678901")).toBe(true);
    expect(waybillMatches(carrierByCode("JTSD")!, "JT501234567890")).toBe(false);
  });

  it("generators of every shipping carrier produce valid waybills", () => {
    const r = new Rng(7);
    for (const c of SHIPPING_CARRIERS) {
      for (let i = 0; i < 50; i++) expect(waybillMatches(carrierByCode(c.code)!, c.make(r))).toBe(true);
    }
  });

  it("uses the published ZTO pattern as-is", () => {
    const zto = carrierByCode("ZTO")!;
    expect(waybillMatches(zto, "778123456789")).toBe(true);
    expect(waybillMatches(zto, "12345")).toBe(false);
    expect(waybillMatches(carrierByCode("DTW")!, "AB-1234")).toBe(true); // no pattern: generic rule
    expect(waybillMatches(carrierByCode("DTW")!, "ab")).toBe(false);
  });
});

describe("receivers and masking", () => {
  it("masks like Taobao: 闫**, 1573672****, digits of the address", () => {
    expect(maskName("闫小明")).toBe("闫**");
    expect(maskMobile("15736720000")).toBe("1573672****");
    expect(maskAddress("南关街12号北院3单元4楼西户")).toBe("南关街**号北院**单元**楼西户");
  });

  it("some receivers live in county-level cities (empty city, the district is the city)", () => {
    let empty = 0;
    for (let b = 0; b < 4000; b++) {
      const r = genReceiver(ctx, b, 0);
      expect(r.mobile).toMatch(/^1\d{10}$/);
      expect(r.oaid.length).toBeGreaterThan(40);
      if (r.city === "") {
        empty++;
        expect(r.district).toMatch(/市$/);
      }
    }
    expect(empty).toBeGreaterThan(0);
  });

  it("traces start at the consign time and end at the sign time, in order", () => {
    const d = docs.find((x) => x.packages.length > 0)!;
    const ship = d.events.find((e) => e.kind === Ev.Ship || e.kind === Ev.ShipPart)!;
    const pkg = d.packages[0]!;
    const steps = traceSteps(pkg, ship.t, "杭州市", genReceiver(ctx, d.buyer, d.addr));
    expect(steps[0]!.t).toBe(ship.t);
    expect(steps[steps.length - 1]!.action).toBe("TMS_SIGN");
    expect(steps[steps.length - 1]!.t).toBe(Math.max(pkg.signAt, ship.t + 6 * 3600));
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.t).toBeGreaterThanOrEqual(steps[i - 1]!.t);
  });
});
