import fc from "fast-check";
import { describe, expect, it } from "vitest";
import companies from "@/sandbox/data/logistics-companies";
import { waybillProblem, type CarrierDto } from "./carriers-pattern";
import { amountsOf, isDelivered, parcelsOf, stepKind, timelineOf } from "./detail-view";
import { memoInputSchema, utf8Bytes } from "./detail-input";

const d = (s: string) => new Date(s);

describe("amounts", () => {
  it("adds up exactly when payment = total − discount + adjust + post, and says so when not", () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.nat(100_000), fc.nat(100_000), fc.integer({ min: -100_000, max: 100_000 }), (total, post, discount, adjust) => {
        const payment = total - discount + adjust + post;
        expect(amountsOf({ totalFeeFen: total, postFeeFen: post, discountFeeFen: discount, adjustFeeFen: adjust, paymentFen: payment }).addsUp).toBe(true);
        expect(amountsOf({ totalFeeFen: total, postFeeFen: post, discountFeeFen: discount, adjustFeeFen: adjust, paymentFen: payment + 1 }).addsUp).toBe(false);
      }),
    );
  });

  it("carries only the amounts when given a whole trade row (the result is sent to the browser)", () => {
    const row = { tid: "1", rawJson: '{"tid":1}', oaid: "o", receiverMobile: "138****0000", totalFeeFen: 1000, postFeeFen: 0, discountFeeFen: 100, adjustFeeFen: 0, paymentFen: 900 };
    expect(Object.keys(amountsOf(row)).sort()).toEqual(["addsUp", "adjustFeeFen", "computedFen", "discountFeeFen", "paymentFen", "postFeeFen", "totalFeeFen"]);
  });
});

describe("trade timeline", () => {
  const base = { created: d("2026-11-20T01:00:00Z"), payTime: d("2026-11-20T01:05:00Z"), consignTime: d("2026-11-21T02:00:00Z"), signedAt: d("2026-11-23T04:00:00Z"), endTime: d("2026-12-01T04:00:00Z") };
  it("runs 下单 → 付款 → 发货 → 签收 → 成交 for a finished trade", () => {
    expect(timelineOf({ ...base, status: "TRADE_FINISHED" }).map((e) => [e.step, e.done])).toEqual([
      ["created", true],
      ["paid", true],
      ["consigned", true],
      ["signed", true],
      ["finished", true],
    ]);
  });
  it("leaves later steps to come for a trade waiting to ship", () => {
    const t = timelineOf({ ...base, consignTime: null, signedAt: null, endTime: null, status: "WAIT_SELLER_SEND_GOODS" });
    expect(t.filter((e) => e.done).map((e) => e.step)).toEqual(["created", "paid"]);
    expect(t.at(-1)).toEqual({ step: "finished", at: null, done: false });
  });
  it("ends with 关闭 after the steps a closed trade reached", () => {
    const t = timelineOf({ ...base, payTime: null, consignTime: null, signedAt: null, status: "TRADE_CLOSED_BY_TAOBAO" });
    expect(t.map((e) => e.step)).toEqual(["created", "closed"]);
  });
});

describe("parcels and steps", () => {
  const line = (oid: string, invoiceNo: string | null) => ({ oid, invoiceNo, logisticsCompany: invoiceNo ? "中通快递" : null, consignTime: null });
  it("one waybill is the whole trade's parcel (no sub tid); several waybills are split parcels", () => {
    expect(parcelsOf([line("1", "W1"), line("2", "W1")])).toEqual([{ subTid: "", oids: ["1", "2"], waybill: "W1", companyName: "中通快递", consignTime: null }]);
    expect(parcelsOf([line("1", "W1"), line("2", "W2"), line("3", "W1"), line("4", null)]).map((p) => [p.subTid, p.oids])).toEqual([
      ["1", ["1", "3"]],
      ["2", ["2"]],
    ]);
    expect(parcelsOf([line("1", null)])).toEqual([]);
  });
  it("maps known actions to icons and derives delivery from a TMS_SIGN step only", () => {
    expect(["TMS_ACCEPT", "TMS_TRANSPORT", "TMS_STATION_IN", "TMS_STATION_OUT", "TMS_DELIVERING", "TMS_SIGN", "TMS_FAILED", "TMS_ERROR", "CONSIGN", "WHATEVER", null].map(stepKind)).toEqual([
      "accept",
      "transport",
      "transport",
      "transport",
      "delivering",
      "sign",
      "exception",
      "exception",
      "consign",
      "other",
      "other",
    ]);
    expect(isDelivered([{ action: "TMS_ACCEPT" }, { action: "TMS_SIGN" }])).toBe(true);
    expect(isDelivered([{ action: "TMS_DELIVERING" }])).toBe(false);
  });
});

describe("waybill rules", () => {
  const list = (companies as { logistics_companies: { logistics_company: { code: string; name: string; reg_mail_no?: string }[] } }).logistics_companies.logistics_company;
  const carrier = (code: string): CarrierDto => {
    const c = list.find((x) => x.code === code)!;
    return { code: c.code, name: c.name, regMailNo: c.reg_mail_no ?? null };
  };
  it("applies the carrier's published pattern as published", () => {
    expect(waybillProblem(carrier("ZTO"), "778123456789")).toBeNull();
    expect(waybillProblem(carrier("ZTO"), "123")).toBe("waybillPattern");
    expect(waybillProblem(carrier("YTO"), "YT1234567890")).toBeNull();
    // YTO's third alternative has no end anchor: longer numbers starting with 8 pass, as on Taobao.
    expect(waybillProblem(carrier("YTO"), "8123456789012345678999")).toBeNull();
    expect(waybillProblem(carrier("YTO"), "  ")).toBe("waybillEmpty");
    expect(waybillProblem(carrier("YTO"), "YT12<script>")).toBe("waybillChars");
  });
  it("falls back to 4–35 letters, digits or dashes for carriers without a pattern", () => {
    expect(waybillProblem(carrier("DTW"), "AB-1234")).toBeNull();
    expect(waybillProblem(carrier("DTW"), "AB1")).toBe("waybillPattern");
  });
});

describe("memo input", () => {
  it("counts UTF-8 bytes, refuses markup and needs a memo or a flag", () => {
    expect(utf8Bytes("备注")).toBe(6);
    expect(memoInputSchema.safeParse({ tid: "1", memo: "备".repeat(333) }).success).toBe(true);
    expect(memoInputSchema.safeParse({ tid: "1", memo: "备".repeat(334) }).success).toBe(false);
    expect(memoInputSchema.safeParse({ tid: "1", memo: "a < b, 3 > 2" }).success).toBe(true);
    expect(memoInputSchema.safeParse({ tid: "1", memo: "<b>x</b>" }).success).toBe(false);
    expect(memoInputSchema.safeParse({ tid: "1" }).success).toBe(false);
    expect(memoInputSchema.safeParse({ tid: "1", flag: 5 }).success).toBe(true);
  });
});
