/** TMC over HTTP: permit, a message per change, confirm, redelivery of unconfirmed messages. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_TYPES, parseTop, startTestSandbox, tradesOf, type TestSandbox } from "./testkit";

let t: TestSandbox;
let session: string;
const CONSUME = "taobao.tmc.messages.consume";
const CONFIRM = "taobao.tmc.messages.confirm";

interface Msg {
  id: string;
  topic: string;
  content: string;
  time: string;
  user_id: number;
  nick: string;
}
const messagesOf = (b: Record<string, unknown>) => ((b.messages as { tmc_message: Msg[] } | undefined)?.tmc_message ?? []);

beforeAll(async () => {
  t = await startTestSandbox({ orders: 3000, tmcAckTimeout: 60, arrivalRate: 20 });
  session = await t.session();
});
afterAll(() => t.close());

describe("TMC", () => {
  it("queues nothing before taobao.tmc.user.permit", async () => {
    await t.advance(3600);
    expect(messagesOf(await t.ok(CONSUME, {}))).toEqual([]);
  });

  it("after permit, every trade change produces its taobao_trade_* message, with ids exact and content JSON", async () => {
    expect((await t.ok("taobao.tmc.user.permit", {}, { session }))._key).toBe("tmc_user_permit_response");
    const [tr] = tradesOf(await t.ok("taobao.trades.sold.get", { fields: "tid_str", type: ALL_TYPES, page_size: "1" }, { session }));
    await t.ok("taobao.trade.memo.update", { tid: tr!.tid_str!, memo: "TMC 测试" }, { session });
    await t.advance(2 * 3600);
    const r = await t.call(CONSUME, { quantity: "200" });
    const msgs = messagesOf(parseTop(r.text).tmc_messages_consume_response as Record<string, unknown>);
    expect(msgs.length).toBeGreaterThan(5);
    const memo = msgs.find((m) => m.topic === "taobao_trade_TradeMemoModified" && JSON.parse(m.content.replace(/"tid":(\d+)/, '"tid":"$1"')).tid === tr!.tid_str);
    expect(memo).toBeDefined();
    expect(r.text).toContain(`\\"tid\\":${tr!.tid_str}`); // the tid inside content is an exact JSON number
    expect(memo!.nick).toBe("小米粒旗舰店");
    expect(msgs.every((m) => /^\d{19}$/.test(m.id) && r.text.includes(`"id":${m.id}`))).toBe(true);
    const topics = new Set(msgs.map((m) => m.topic));
    expect([...topics].every((x) => x.startsWith("taobao_trade_") || x.startsWith("taobao_refund_"))).toBe(true);
    expect(topics.has("taobao_trade_TradeCreate") || topics.has("taobao_trade_TradeBuyerPay") || topics.has("taobao_trade_TradeSuccess")).toBe(true);
    // Every trade modified in the last two hours has at least one trade message.
    const changed = tradesOf(
      await t.ok("taobao.trades.sold.increment.get", { fields: "tid_str,status", start_modified: "2026-11-28 13:00:01", end_modified: "2026-11-28 15:00:00", type: ALL_TYPES, page_size: "100" }, { session }),
    );
    const tidsWithTradeMsg = new Set(msgs.filter((m) => m.topic.startsWith("taobao_trade_")).map((m) => /"tid":(\d+)/.exec(m.content)![1]));
    for (const c of changed) expect(tidsWithTradeMsg.has(c.tid_str!)).toBe(true);
    // Confirm them all.
    for (let i = 0; i < msgs.length; i += 200) {
      const ids = msgs.slice(i, i + 200).map((m) => m.id).join(",");
      expect((await t.ok(CONFIRM, { s_message_ids: ids }))._key).toBe("tmc_messages_confirm_response");
    }
  });

  it("redelivers consumed but unconfirmed messages after the ack timeout, and f_message_ids at once", async () => {
    // Drain whatever is left.
    for (;;) {
      const left = messagesOf(await t.ok(CONSUME, { quantity: "200" }));
      if (left.length === 0) break;
      await t.ok(CONFIRM, { s_message_ids: left.map((m) => m.id).join(",") });
    }
    const [tr] = tradesOf(await t.ok("taobao.trades.sold.get", { fields: "tid_str", type: ALL_TYPES, page_size: "1" }, { session }));
    await t.ok("taobao.trade.memo.update", { tid: tr!.tid_str!, flag: "2" }, { session });
    const first = messagesOf(await t.ok(CONSUME, {}));
    expect(first.map((m) => m.topic)).toEqual(["taobao_trade_TradeMemoModified"]);
    expect(messagesOf(await t.ok(CONSUME, {}))).toEqual([]); // in flight
    await t.advance(61);
    const again = messagesOf(await t.ok(CONSUME, {}));
    expect(again.map((m) => m.id)).toContain(first[0]!.id);
    await t.ok(CONFIRM, { f_message_ids: first[0]!.id });
    expect(messagesOf(await t.ok(CONSUME, {})).map((m) => m.id)).toContain(first[0]!.id);
    await t.ok(CONFIRM, { s_message_ids: first[0]!.id });
    await t.advance(61);
    expect(messagesOf(await t.ok(CONSUME, {})).map((m) => m.id)).not.toContain(first[0]!.id);
  });

  it("validates its arguments", async () => {
    const e = (b: Record<string, unknown>) => (b as { msg: string }).msg;
    expect(e(await t.ok(CONFIRM, {}))).toBe("Missing required arguments:s_message_ids");
    expect(e(await t.ok(CONFIRM, { s_message_ids: "12,abc" }))).toBe("Invalid arguments:s_message_ids");
    expect(e(await t.ok(CONSUME, { quantity: "201" }))).toBe("Invalid arguments:quantity");
    expect(e(await t.ok(CONSUME, { group_name: "bad group!" }))).toBe("Invalid arguments:group_name");
    expect(e(await t.ok("taobao.tmc.user.permit", {}))).toBe("Missing session");
  });
});
