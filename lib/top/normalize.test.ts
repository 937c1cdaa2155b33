import { describe, expect, it } from "vitest";
import { TopSchemaError } from "./errors";
import { normalizeCompany, normalizeTmcMessage, normalizeTrace, normalizeTrade } from "./normalize";
import { parseLosslessJson } from "./parse";
import { BIG_OID_1, BIG_TID, COMPANIES, TMC_CONSUME, TMC_MESSAGE_ID, TRACE, TRADE_LIST_ITEM, UNSAFE_NUM_IID } from "./testing/fixtures";
import { rawTradeSchema, tradesSoldGetResponseSchema } from "./schemas/trade";
import { parseWith } from "./schemas/common";

/** The real 2014 trade of top-data.md §6, verbatim. */
const DOC_TRADE = `{"tid":518073718172548,"status":"TRADE_FINISHED","type":"fixed",
 "created":"2014-01-15 21:40:01","pay_time":"2014-01-15 21:40:24","consign_time":"2014-01-17 15:31:07",
 "end_time":"2014-01-27 15:32:23","modified":"2014-02-06 15:35:43","buyer_nick":"老婆最大51521",
 "payment":"76.00","post_fee":"0.00","total_fee":"76.00","seller_flag":0,"seller_nick":"梳美人精品木梳",
 "receiver_name":"闫**","receiver_mobile":"1573672****","receiver_state":"河南省","receiver_city":"郑州市",
 "receiver_district":"管城回族区","receiver_address":"南关**号北**单**楼西户","shipping_type":"express",
 "orders":{"order":[{"oid":518073718172548,"num_iid":37000093369,"sku_id":"56388300261",
  "title":"梳美人天然绿檀木梳子","sku_properties_name":"颜色分类:绿檀大圆把","price":"38.00","num":2,
  "payment":"76.00","total_fee":"76.00","status":"TRADE_FINISHED","refund_status":"NO_REFUND",
  "logistics_company":"顺丰速运","invoice_no":"550281136794","consign_time":"2014-01-17 15:31:07"}]}}`;

const schemaError = (f: () => unknown): TopSchemaError => {
  try {
    f();
  } catch (e) {
    if (e instanceof TopSchemaError) return e;
    throw e;
  }
  throw new Error("expected a TopSchemaError");
};

describe("normalizeTrade", () => {
  it("maps the documented real trade exactly", () => {
    const t = normalizeTrade(parseLosslessJson(DOC_TRADE));
    expect(t).toMatchObject({
      tid: "518073718172548",
      status: "TRADE_FINISHED",
      type: "fixed",
      created: new Date("2014-01-15T13:40:01Z"),
      modified: new Date("2014-02-06T07:35:43Z"),
      payTime: new Date("2014-01-15T13:40:24Z"),
      consignTime: new Date("2014-01-17T07:31:07Z"),
      endTime: new Date("2014-01-27T07:32:23Z"),
      paymentFen: 7600,
      totalFeeFen: 7600,
      postFeeFen: 0,
      discountFeeFen: 0,
      adjustFeeFen: 0,
      receiverName: "闫**",
      receiverMobile: "1573672****",
      receiverCity: "郑州市",
      sellerFlag: 0,
      hasBuyerMessage: false,
      buyerMessage: null,
      sellerMemo: null,
      oaid: null,
      buyerOpenUid: null,
    });
    expect(t.orders).toEqual([
      {
        oid: "518073718172548",
        numIid: "37000093369",
        skuId: "56388300261",
        title: "梳美人天然绿檀木梳子",
        picPath: null,
        skuPropertiesName: "颜色分类:绿檀大圆把",
        outerIid: null,
        outerSkuId: null,
        priceFen: 3800,
        num: 2,
        totalFeeFen: 7600,
        paymentFen: 7600,
        discountFeeFen: 0,
        adjustFeeFen: 0,
        divideOrderFeeFen: null,
        status: "TRADE_FINISHED",
        refundStatus: "NO_REFUND",
        refundId: null,
        logisticsCompany: "顺丰速运",
        invoiceNo: "550281136794",
        consignTime: new Date("2014-01-17T07:31:07Z"),
        endTime: null,
      },
    ]);
  });

  it("keeps 19-digit ids, money in fen (negative adjust included) and sellerFlag", () => {
    const t = normalizeTrade(parseLosslessJson(TRADE_LIST_ITEM));
    expect(t.tid).toBe(BIG_TID);
    expect(t.orders.map((o) => o.oid)).toEqual([BIG_OID_1, "3796207345639527441"]);
    expect(t.orders[0]!.numIid).toBe(UNSAFE_NUM_IID);
    expect(t).toMatchObject({ paymentFen: 19999, totalFeeFen: 18999, postFeeFen: 1000, discountFeeFen: 550, adjustFeeFen: -550, sellerFlag: 2, hasBuyerMessage: true });
    expect(t.orders[1]).toMatchObject({ priceFen: 11399, refundStatus: "WAIT_SELLER_AGREE", refundId: "211046339382527441", skuId: null });
  });

  it("prefers tid_str and accepts a trade without orders", () => {
    const t = normalizeTrade({ tid_str: BIG_TID, status: "WAIT_BUYER_PAY", created: "2026-11-28 00:00:00", modified: "2026-11-28 00:00:01" });
    expect(t.tid).toBe(BIG_TID);
    expect(t.orders).toEqual([]);
    expect(t.created.toISOString()).toBe("2026-11-27T16:00:00.000Z");
  });

  it.each([
    ["a corrupted id (JSON.parse)", { tid: Number("3796207345637527441"), status: "WAIT_BUYER_PAY" }, "tid", /lost precision/],
    ["money as a float", { tid: "1", payment: 199.99 }, "payment", /amount/],
    ["money with 3 decimals", { tid: "1", payment: "1.999" }, "payment", /two decimals/],
    ["an impossible time", { tid: "1", created: "2026-02-30 10:00:00" }, "created", /yyyy-MM-dd/],
    ["a time with a zone", { tid: "1", created: "2026-02-01T10:00:00Z" }, "created", /yyyy-MM-dd/],
    ["an unknown status", { tid: "1", status: "SHIPPED" }, "status", /trade status/],
    ["an order without oid", { tid: "1", orders: { order: [{ num_iid: "1" }] } }, "orders.order[0].oid", /oid/],
    ["a bad list wrapper", { tid: "1", orders: { orderz: [] } }, "orders", /orderz|order/],
    ["no id at all", { status: "WAIT_BUYER_PAY" }, "tid", /tid/],
    ["missing status", { tid: "1", created: "2026-11-28 00:00:00", modified: "2026-11-28 00:00:00" }, "status", /required/],
  ])("rejects %s with a precise path", (_name, raw, path, message) => {
    const e = schemaError(() => normalizeTrade(raw));
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
    expect(e.retryable).toBe(false);
  });

  it("names the element in a page: trades.trade[1].orders.order[0].price", () => {
    const page = parseLosslessJson(`{"trades":{"trade":[${TRADE_LIST_ITEM},{"tid":2,"orders":{"order":[{"oid":3,"price":"abc"}]}}]}}`);
    const e = schemaError(() => parseWith(tradesSoldGetResponseSchema, "taobao.trades.sold.get", page));
    expect(e.path).toBe("trades.trade[1].orders.order[0].price");
    expect(e.message).toContain("taobao.trades.sold.get");
  });

  it("accepts absent lists, empty wrappers, bare arrays and a single element", () => {
    const base = { tid: "1" };
    expect(rawTradeSchema.parse(base).orders).toEqual([]);
    expect(rawTradeSchema.parse({ ...base, orders: {} }).orders).toEqual([]);
    expect(rawTradeSchema.parse({ ...base, orders: [{ oid: "2" }] }).orders).toHaveLength(1);
    expect(rawTradeSchema.parse({ ...base, orders: { order: { oid: "2" } } }).orders).toHaveLength(1);
  });
});

describe("normalizeTrace", () => {
  it("sorts steps oldest first and keeps raw actions", () => {
    const tr = normalizeTrace(parseLosslessJson(TRACE));
    expect(tr.tid).toBe(BIG_TID);
    expect(tr.companyName).toBe("中通快递");
    expect(tr.outSid).toBe("1324657987");
    expect(tr.status).toBe("对方已签收");
    expect(tr.steps.map((s) => s.action)).toEqual(["TMS_ACCEPT", "TMS_TRANSPORT", "TMS_SIGN"]);
    expect(tr.steps[0]).toEqual({ time: new Date("2026-11-20T01:12:00Z"), desc: "【杭州市】中通快递 已揽收", action: "TMS_ACCEPT" });
  });
  it("accepts an empty trace (no trace_list)", () => {
    expect(normalizeTrace({ out_sid: "1" }).steps).toEqual([]);
  });
  it("rejects a step without time", () => {
    expect(schemaError(() => normalizeTrace({ trace_list: { transit_step_info: [{ status_desc: "x" }] } })).path).toBe("trace_list.transit_step_info[0].status_time");
  });
});

describe("normalizeCompany", () => {
  it("maps every carrier", () => {
    const list = (parseLosslessJson(COMPANIES) as { logistics_companies: { logistics_company: unknown[] } }).logistics_companies.logistics_company;
    expect(list.map(normalizeCompany)).toEqual([
      expect.objectContaining({ id: "500", code: "ZTO", name: "中通快递" }),
      { id: "505", code: "SF", name: "顺丰速运", regMailNo: "^[A-Za-z0-9-]{4,35}$" },
      { id: "512", code: "DTW", name: "大田", regMailNo: null },
    ]);
  });
  it("rejects a carrier without code", () => {
    expect(schemaError(() => normalizeCompany({ id: 1, name: "x" })).path).toBe("code");
  });
});

describe("normalizeTmcMessage", () => {
  it("parses content losslessly and keeps raw content", () => {
    const msgs = (parseLosslessJson(TMC_CONSUME) as { messages: { tmc_message: unknown[] } }).messages.tmc_message.map(normalizeTmcMessage);
    expect(msgs[0]!.id).toBe(TMC_MESSAGE_ID);
    expect(msgs[0]!.content).toMatchObject({ tid: BIG_TID, oid: BIG_OID_1, payment: "199.99" });
    expect(msgs[0]!.time).toEqual(new Date("2026-11-20T13:40:25Z"));
    expect(msgs[0]!.userId).toBe("2207495810");
    expect(msgs[1]!.content).toBeNull();
    expect(msgs[1]!.contentRaw).toBe("not json");
  });
});

describe("the real carrier list (shared/data/logistics-companies.json, as the sandbox ships it)", () => {
  it("normalises every carrier, including 其他 whose id is -1", async () => {
    const { logisticsCompaniesGetResponseSchema } = await import("./schemas/logistics");
    const { default: list } = await import("@/sandbox/data/logistics-companies");
    const raw = parseLosslessJson(JSON.stringify(list)) as { logistics_companies: { logistics_company: unknown[] } };
    expect(logisticsCompaniesGetResponseSchema.safeParse({ ...raw, request_id: "r" }).success).toBe(true);
    const companies = raw.logistics_companies.logistics_company.map((c) => normalizeCompany(c));
    expect(companies.length).toBe(55);
    expect(companies.find((c) => c.code === "OTHER")).toMatchObject({ name: "其他", id: "-1" });
    expect(companies.find((c) => c.code === "ZTO")?.regMailNo).toBeTruthy();
  });
});
