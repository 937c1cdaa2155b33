import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  logisticsCompaniesGet,
  logisticsOfflineSend,
  logisticsTraceSearch,
  oaidDecrypt,
  tmcMessagesConfirm,
  tmcMessagesConsume,
  tradeFullinfoGet,
  tradeMemoUpdate,
  tradesSoldGet,
  tradesSoldIncrementGet,
  tradesSoldQuery,
} from "./index";
import { createTopClient, type TopClient } from "./client";
import { TopSchemaError, TopValidationError } from "./errors";
import { TRADE_FULLINFO_FIELDS, TRADE_LIST_FIELDS } from "./fields";
import * as F from "./testing/fixtures";
import { okReply, startTopStub, type TopStubServer } from "./testing/stub-server";
import { ALL_TRADE_TYPES_QUERY } from "./types";

const APP_KEY = "23456789";
const SECRET = "another-secret-for-api-tests";
const SESSION = "6201a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2";

let stub: TopStubServer;
let client: TopClient;

beforeAll(async () => {
  stub = await startTopStub({ appKey: APP_KEY, appSecret: SECRET });
  client = createTopClient({ gatewayUrl: stub.gatewayUrl, appKey: APP_KEY, appSecret: SECRET, sleep: async () => {}, retry: { maxAttempts: 1 } });
});
afterAll(async () => {
  await stub.close();
});
afterEach(() => {
  stub.requests.length = 0;
  stub.accepted.length = 0;
});

const last = () => stub.accepted.at(-1)!.params;

describe("trade wrappers", () => {
  it("tradesSoldGet: full type list and rich fields by default, Dates in GMT+8, 19-digit tids exact", async () => {
    stub.enqueue("taobao.trades.sold.get", okReply("taobao.trades.sold.get", F.TRADES_SOLD_GET));
    const page = await tradesSoldGet(client, SESSION, {
      start_created: new Date("2026-11-27T16:00:00Z"),
      end_created: "2026-11-29 00:00:00",
      page_no: 1,
      page_size: 100,
      status: "WAIT_SELLER_SEND_GOODS",
    });
    const p = last();
    expect(p.method).toBe("taobao.trades.sold.get");
    expect(p.session).toBe(SESSION);
    expect(p.type).toBe(ALL_TRADE_TYPES_QUERY.join(","));
    expect(p.type!.split(",")).toEqual(expect.arrayContaining(["guarantee_trade", "fixed", "auction", "step", "tmall_i18n", "o2o_offlinetrade", "fenxiao", "pre_auth_type", "nopaid", "eticket"]));
    expect(p.fields).toBe(TRADE_LIST_FIELDS.join(","));
    expect(p.fields!.split(",")).toEqual(expect.arrayContaining(["tid_str", "orders.oid_str", "has_buyer_message", "seller_flag", "modified"]));
    expect(p).toMatchObject({ start_created: "2026-11-28 00:00:00", end_created: "2026-11-29 00:00:00", page_no: "1", page_size: "100", status: "WAIT_SELLER_SEND_GOODS" });
    expect(page.totalResults).toBe(2);
    expect(page.hasNext).toBeNull();
    expect(page.requestId).toBe("3q7e0z2xpb2k");
    expect(page.trades.map((t) => t.tid)).toEqual([F.BIG_TID, "518073718172548"]);
    expect(page.trades[0]!.orders[0]!.oid).toBe(F.BIG_OID_1);
    expect(page.trades[0]!.paymentFen).toBe(19999);
  });

  it("tradesSoldGet: the caller may override type and fields", async () => {
    stub.enqueue("taobao.trades.sold.get", okReply("taobao.trades.sold.get", F.TRADES_EMPTY));
    const page = await tradesSoldGet(client, SESSION, { type: ["fixed"], fields: ["tid", "tid_str", "status", "created", "modified"], use_has_next: true });
    expect(last()).toMatchObject({ type: "fixed", fields: "tid,tid_str,status,created,modified", use_has_next: "true" });
    expect(page.trades).toEqual([]);
    expect(page.totalResults).toBe(0);
  });

  it("tradesSoldIncrementGet: modified window, has_next", async () => {
    stub.enqueue("taobao.trades.sold.increment.get", okReply("taobao.trades.sold.increment.get", F.TRADES_INCREMENT_GET_HAS_NEXT));
    const start = new Date("2026-11-28T01:00:00Z");
    const page = await tradesSoldIncrementGet(client, SESSION, { start_modified: start, end_modified: new Date(start.getTime() + 30 * 60_000), page_size: 50, use_has_next: true });
    expect(last()).toMatchObject({ start_modified: "2026-11-28 09:00:00", end_modified: "2026-11-28 09:30:00", type: ALL_TRADE_TYPES_QUERY.join(",") });
    expect(page.hasNext).toBe(true);
    expect(page.totalResults).toBeNull();
    expect(page.trades[0]!.tid).toBe(F.BIG_TID);
  });

  it("tradeFullinfoGet: every field, detail-only fields mapped", async () => {
    stub.enqueue("taobao.trade.fullinfo.get", okReply("taobao.trade.fullinfo.get", F.TRADE_FULLINFO));
    const t = await tradeFullinfoGet(client, SESSION, { tid: F.BIG_TID });
    expect(last()).toMatchObject({ tid: F.BIG_TID, fields: TRADE_FULLINFO_FIELDS.join(",") });
    expect(last().fields!.split(",")).toEqual(expect.arrayContaining(["buyer_message", "seller_memo", "tid_str", "orders.oid_str"]));
    expect(t.tid).toBe(F.BIG_TID);
    expect(t.buyerMessage).toBe("请用顺丰，谢谢");
    expect(t.sellerMemo).toBe("已备注：送小样");
    expect(t.buyerMemo).toBeNull();
    expect(t.orders).toHaveLength(2);
  });

  it("tradeFullinfoGet: a response without trade is a schema error naming it", async () => {
    stub.enqueue("taobao.trade.fullinfo.get", okReply("taobao.trade.fullinfo.get", '{"request_id":"x"}'));
    const e = await tradeFullinfoGet(client, SESSION, { tid: "1" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TopSchemaError);
    expect((e as TopSchemaError).path).toBe("trade");
  });

  it("tradesSoldQuery: query_list as JSON, tids as strings", async () => {
    stub.enqueue("taobao.trades.sold.query", okReply("taobao.trades.sold.query", F.TRADES_SOLD_QUERY));
    const r = await tradesSoldQuery(client, SESSION, { query_list: [{ receiver_mobile: "15736720000" }], scene: "1001" });
    expect(JSON.parse(last().query_list!)).toEqual([{ receiver_mobile: "15736720000" }]);
    expect(last().scene).toBe("1001");
    expect(r.tids).toEqual([F.BIG_TID, "518073718172548"]);
  });
});

describe("logistics wrappers", () => {
  it("logisticsTraceSearch", async () => {
    stub.enqueue("taobao.logistics.trace.search", okReply("taobao.logistics.trace.search", F.TRACE));
    const tr = await logisticsTraceSearch(client, SESSION, { tid: F.BIG_TID });
    expect(last().tid).toBe(F.BIG_TID);
    expect(tr.tid).toBe(F.BIG_TID);
    expect(tr.steps).toHaveLength(3);
    expect(tr.steps.at(-1)!.action).toBe("TMS_SIGN");
  });

  it("logisticsCompaniesGet (no session)", async () => {
    stub.enqueue("taobao.logistics.companies.get", okReply("taobao.logistics.companies.get", F.COMPANIES));
    const list = await logisticsCompaniesGet(client);
    expect(last().session).toBeUndefined();
    expect(last().fields).toBe("id,code,name,reg_mail_no");
    expect(list.map((c) => c.code)).toEqual(["ZTO", "SF", "DTW"]);
  });

  it("logisticsOfflineSend with split orders", async () => {
    stub.enqueue("taobao.logistics.offline.send", okReply("taobao.logistics.offline.send", F.OFFLINE_SEND));
    const r = await logisticsOfflineSend(client, SESSION, { tid: F.BIG_TID, out_sid: "550281136794", company_code: "SF", is_split: 1, sub_tid: [F.BIG_OID_1, F.BIG_OID_2] });
    expect(last()).toMatchObject({ tid: F.BIG_TID, out_sid: "550281136794", company_code: "SF", is_split: "1", sub_tid: `${F.BIG_OID_1},${F.BIG_OID_2}` });
    expect(r).toEqual({ isSuccess: true, requestId: "sh1p" });
  });
});

describe("memo, oaid and tmc wrappers", () => {
  it("tradeMemoUpdate", async () => {
    stub.enqueue("taobao.trade.memo.update", okReply("taobao.trade.memo.update", F.MEMO_UPDATE));
    const r = await tradeMemoUpdate(client, SESSION, { tid: F.BIG_TID, memo: "送小样", flag: 4 });
    expect(last()).toMatchObject({ tid: F.BIG_TID, memo: "送小样", flag: "4" });
    expect(r).toEqual({ tid: F.BIG_TID, modified: new Date("2026-11-28T01:30:00Z") });
  });

  it("oaidDecrypt", async () => {
    stub.enqueue("taobao.top.oaid.decrypt", okReply("taobao.top.oaid.decrypt", F.OAID_DECRYPT));
    const r = await oaidDecrypt(client, SESSION, { query_list: [{ oaid: "1a2B3c4D5e6F7g8H9iJ", tid: F.BIG_TID, scene: "1009" }] });
    expect(JSON.parse(last().query_list!)).toEqual([{ oaid: "1a2B3c4D5e6F7g8H9iJ", tid: F.BIG_TID, scene: "1009" }]);
    expect(r).toEqual([
      {
        oaid: "1a2B3c4D5e6F7g8H9iJ",
        tid: F.BIG_TID,
        name: "闫小明",
        mobile: "15736720000",
        phone: null,
        state: "河南省",
        city: "郑州市",
        district: "管城回族区",
        town: "南关街道",
        addressDetail: "南关街12号北院3单元4楼西户",
        matched: true,
      },
    ]);
  });

  it("tmcMessagesConsume and tmcMessagesConfirm", async () => {
    stub.enqueue("taobao.tmc.messages.consume", okReply("taobao.tmc.messages.consume", F.TMC_CONSUME));
    stub.enqueue("taobao.tmc.messages.confirm", okReply("taobao.tmc.messages.confirm", F.TMC_CONFIRM));
    const msgs = await tmcMessagesConsume(client, { group_name: "default", quantity: 50 });
    expect(last()).toMatchObject({ group_name: "default", quantity: "50" });
    expect(msgs).toHaveLength(2);
    expect(msgs[0]!.id).toBe(F.TMC_MESSAGE_ID);
    expect(msgs[0]!.content!.tid).toBe(F.BIG_TID);
    const ok = await tmcMessagesConfirm(client, { group_name: "default", s_message_ids: msgs.map((m) => m.id) });
    expect(last().s_message_ids).toBe(`${F.TMC_MESSAGE_ID},2150002419863421502`);
    expect(ok.isSuccess).toBe(true);
  });
});

describe("bad input fails fast with a message naming the parameter (no request sent)", () => {
  const day = new Date("2026-11-28T00:00:00Z");
  const cases: [string, () => Promise<unknown>, string][] = [
    ["page_size 0", () => tradesSoldGet(client, SESSION, { page_size: 0 }), "page_size"],
    ["page_size 101", () => tradesSoldGet(client, SESSION, { page_size: 101 }), "page_size"],
    ["page_size 1.5", () => tradesSoldGet(client, SESSION, { page_size: 1.5 }), "page_size"],
    ["page_no 0", () => tradesSoldGet(client, SESSION, { page_no: 0 }), "page_no"],
    ["a misspelt parameter", () => tradesSoldGet(client, SESSION, { pageSize: 10 } as never), "pageSize"],
    ["an unknown status", () => tradesSoldGet(client, SESSION, { status: "PAID" as never }), "status"],
    ["start_created after end_created", () => tradesSoldGet(client, SESSION, { start_created: day, end_created: new Date(day.getTime() - 1000) }), "start_created"],
    ["a bad time string", () => tradesSoldGet(client, SESSION, { start_created: "2026/11/28" }), "start_created"],
    [
      "an increment window over one day",
      () => tradesSoldIncrementGet(client, SESSION, { start_modified: day, end_modified: new Date(day.getTime() + 24 * 3600_000 + 1000) }),
      "end_modified",
    ],
    ["an increment window with start = end", () => tradesSoldIncrementGet(client, SESSION, { start_modified: day, end_modified: day }), "start_modified"],
    ["an increment window without end", () => tradesSoldIncrementGet(client, SESSION, { start_modified: day } as never), "end_modified"],
    ["increment page_size 101", () => tradesSoldIncrementGet(client, SESSION, { start_modified: day, end_modified: new Date(day.getTime() + 60_000), page_size: 101 }), "page_size"],
    ["a missing tid", () => tradeFullinfoGet(client, SESSION, {} as never), "tid"],
    ["a tid beyond 2^53 as a number", () => tradeFullinfoGet(client, SESSION, { tid: Number("3796207345637527441") }), "tid"],
    ["a non-numeric tid", () => tradeFullinfoGet(client, SESSION, { tid: "abc" }), "tid"],
    ["a memo over 1000 UTF-8 bytes", () => tradeMemoUpdate(client, SESSION, { tid: "1", memo: "备".repeat(334) }), "memo"],
    ["flag 6", () => tradeMemoUpdate(client, SESSION, { tid: "1", flag: 6 }), "flag"],
    ["flag -1", () => tradeMemoUpdate(client, SESSION, { tid: "1", flag: -1 }), "flag"],
    ["a memo update with nothing to do", () => tradeMemoUpdate(client, SESSION, { tid: "1" }), "memo"],
    [
      "an oaid query_list over 20",
      () => oaidDecrypt(client, SESSION, { query_list: Array.from({ length: 21 }, () => ({ oaid: "o", tid: "1", scene: "1001" as const })) }),
      "query_list",
    ],
    ["an oaid query with an unknown scene", () => oaidDecrypt(client, SESSION, { query_list: [{ oaid: "o", tid: "1", scene: "9999" as never }] }), "query_list[0].scene"],
    ["a sold.query without scene", () => tradesSoldQuery(client, SESSION, { query_list: [{ receiver_mobile: "1" }] } as never), "scene"],
    ["a sold.query item without receiver", () => tradesSoldQuery(client, SESSION, { query_list: [{}], scene: "1001" }), "query_list[0]"],
    ["offline.send without out_sid", () => logisticsOfflineSend(client, SESSION, { tid: "1", company_code: "SF" } as never), "out_sid"],
    ["offline.send with a carrier name", () => logisticsOfflineSend(client, SESSION, { tid: "1", out_sid: "1", company_code: "顺丰速运" }), "company_code"],
    ["a split shipment without sub_tid", () => logisticsOfflineSend(client, SESSION, { tid: "1", out_sid: "1", company_code: "SF", is_split: 1 }), "sub_tid"],
    ["tmc quantity 201", () => tmcMessagesConsume(client, { quantity: 201 }), "quantity"],
    ["tmc confirm without ids", () => tmcMessagesConfirm(client, { s_message_ids: [] }), "s_message_ids"],
  ];
  it.each(cases)("%s", async (_name, run, param) => {
    const e = await run().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TopValidationError);
    expect((e as TopValidationError).param).toBe(param);
    expect((e as Error).message).toContain(`"${param}"`);
    expect(stub.requests).toHaveLength(0);
  });

  it("a memo of exactly 1000 UTF-8 bytes is accepted", async () => {
    stub.enqueue("taobao.trade.memo.update", okReply("taobao.trade.memo.update", F.MEMO_UPDATE));
    await tradeMemoUpdate(client, SESSION, { tid: "1", memo: `${"备".repeat(333)}a` });
    expect(Buffer.byteLength(last().memo!, "utf8")).toBe(1000);
  });

  it("a window of exactly one day is accepted", async () => {
    stub.enqueue("taobao.trades.sold.increment.get", okReply("taobao.trades.sold.increment.get", F.TRADES_EMPTY));
    await tradesSoldIncrementGet(client, SESSION, { start_modified: day, end_modified: new Date(day.getTime() + 24 * 3600_000) });
    expect(stub.accepted).toHaveLength(1);
  });
});
