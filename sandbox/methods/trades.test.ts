/** trades.sold.get, trades.sold.increment.get and trade.fullinfo.get over raw HTTP. */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addShanghaiDays, formatTopTime, presetRange } from "../../lib/time";
import { ALL_TYPES, LIST_FIELDS, startTestSandbox, topSec, topTime, tradesOf, type TestSandbox, type WireTrade } from "../testkit";

let t: TestSandbox;
let session: string;
const SOLD = "taobao.trades.sold.get";
const INC = "taobao.trades.sold.increment.get";
const FULL = "taobao.trade.fullinfo.get";

beforeAll(async () => {
  t = await startTestSandbox({ orders: 2500 });
  session = await t.session();
});
afterAll(() => t.close());

/** The official backfill: last three months split by Shanghai day, use_has_next, page size 100. */
async function backfill(pageSize = 100): Promise<{ rows: WireTrade[]; pages: number }> {
  const now = t.sb.clock.nowMs();
  let day = presetRange("last3Months", new Date(now)).start;
  const rows: WireTrade[] = [];
  let pages = 0;
  while (day.getTime() <= now) {
    const next = addShanghaiDays(day, 1);
    const end = Math.min(next.getTime() - 1000, now);
    for (let page = 1; ; page++) {
      const body = await t.ok(SOLD, {
        fields: "tid,tid_str,status,modified,payment,created",
        start_created: formatTopTime(day),
        end_created: formatTopTime(new Date(end)),
        type: ALL_TYPES,
        use_has_next: "true",
        page_size: String(pageSize),
        page_no: String(page),
      }, { session });
      pages++;
      expect(body._key).toBe("trades_sold_get_response");
      expect("total_results" in body).toBe(false);
      rows.push(...tradesOf(body));
      if (body.has_next !== true) break;
    }
    day = next;
  }
  return { rows, pages };
}

describe("trades.sold.get", () => {
  it("paging by day with use_has_next returns every trade of the window exactly once, and equals truth", async () => {
    const { rows } = await backfill();
    const tids = rows.map((r) => r.tid_str!);
    expect(new Set(tids).size).toBe(tids.length);
    const truth = await t.admin<{ trades: number; digest: string }>(`/_sandbox/truth?shop=${encodeURIComponent("小米粒旗舰店")}`);
    expect(rows.length).toBe(truth.trades);
    const lines = rows.map((r) => `${r.tid_str}|${r.status}|${r.modified}|${r.payment}`).sort();
    expect(createHash("sha256").update(lines.join("\n")).digest("hex")).toBe(truth.digest);
  });

  it("sorts by created, newest first; created stays inside [start_created, end_created] (both included)", async () => {
    const start = "2026-11-20 00:00:00";
    const end = "2026-11-25 23:59:59";
    const body = await t.ok(SOLD, { fields: "tid,created", start_created: start, end_created: end, type: ALL_TYPES, page_size: "100" }, { session });
    const rows = tradesOf(body);
    expect(rows.length).toBeGreaterThan(10);
    for (let i = 0; i < rows.length; i++) {
      expect(rows[i]!.created! >= start && rows[i]!.created! <= end).toBe(true);
      if (i > 0) expect(rows[i]!.created! <= rows[i - 1]!.created!).toBe(true);
    }
    const one = rows[0]!.created!;
    const exact = await t.ok(SOLD, { fields: "tid,created", start_created: one, end_created: one, type: ALL_TYPES }, { session });
    expect(tradesOf(exact).every((r) => r.created === one)).toBe(true);
    expect(tradesOf(exact).length).toBeGreaterThan(0);
  });

  it("total_results without use_has_next; pages = ceil(total / page_size)", async () => {
    const p = { fields: "tid", start_created: "2026-11-01 00:00:00", end_created: "2026-11-10 23:59:59", type: ALL_TYPES, page_size: "40" };
    const first = await t.ok(SOLD, p, { session });
    const total = first.total_results as number;
    expect(total).toBeGreaterThan(40);
    const pages = Math.ceil(total / 40);
    const last = await t.ok(SOLD, { ...p, page_no: String(pages) }, { session });
    expect(tradesOf(last).length).toBe(total - (pages - 1) * 40);
    expect("trades" in (await t.ok(SOLD, { ...p, page_no: String(pages + 1) }, { session }))).toBe(false);
  });

  it("reproduces the default-type trap: without type, tmall_i18n, fenxiao, eticket… are missing", async () => {
    const p = { fields: "tid,type", start_created: "2026-09-01 00:00:00", end_created: "2026-11-28 12:00:00", page_size: "100" };
    const all = (await t.ok(SOLD, { ...p, type: ALL_TYPES }, { session })).total_results as number;
    const dflt = (await t.ok(SOLD, p, { session })).total_results as number;
    expect(dflt).toBeLessThan(all);
    expect(dflt).toBeGreaterThan(all * 0.8);
    const i18n = (await t.ok(SOLD, { ...p, type: "tmall_i18n" }, { session })).total_results as number;
    expect(i18n).toBeGreaterThan(0);
    const guarantee = await t.ok(SOLD, { ...p, type: "guarantee_trade" }, { session });
    expect(new Set(tradesOf(guarantee).map((r) => r.type))).toEqual(new Set(["fixed", "auction"].filter((x) => tradesOf(guarantee).some((r) => r.type === x))));
    expect(tradesOf(await t.ok(SOLD, p, { session })).every((r) => ["fixed", "auction", "auto_delivery", "ec", "cod", "step"].includes(r.type as string))).toBe(true);
  });

  it("filters by status and status groups", async () => {
    const p = { fields: "tid,status", type: ALL_TYPES, page_size: "100" };
    const wait = tradesOf(await t.ok(SOLD, { ...p, status: "WAIT_SELLER_SEND_GOODS" }, { session }));
    expect(wait.length).toBeGreaterThan(0);
    expect(wait.every((r) => r.status === "WAIT_SELLER_SEND_GOODS")).toBe(true);
    const closed = tradesOf(await t.ok(SOLD, { ...p, status: "ALL_CLOSED" }, { session }));
    expect(new Set(closed.map((r) => r.status))).toEqual(new Set(["TRADE_CLOSED", "TRADE_CLOSED_BY_TAOBAO"]));
  });

  it("filters by buyer_open_id and by the masked buyer_nick", async () => {
    const [one] = tradesOf(await t.ok(SOLD, { fields: "tid,buyer_open_uid,buyer_nick", type: ALL_TYPES, page_size: "1" }, { session }));
    const mine = tradesOf(await t.ok(SOLD, { fields: "tid,buyer_open_uid", buyer_open_id: one!.buyer_open_uid as string, type: ALL_TYPES, page_size: "100" }, { session }));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.buyer_open_uid === one!.buyer_open_uid)).toBe(true);
    const byNick = tradesOf(await t.ok(SOLD, { fields: "tid,buyer_nick", buyer_nick: one!.buyer_nick as string, type: ALL_TYPES, page_size: "100" }, { session }));
    expect(byNick.length).toBeGreaterThanOrEqual(mine.length);
    expect(byNick.every((r) => r.buyer_nick === one!.buyer_nick)).toBe(true);
    expect("trades" in (await t.ok(SOLD, { fields: "tid", buyer_open_id: "AAHnobody", type: ALL_TYPES }, { session }))).toBe(false);
  });

  it("list fields: only requested ones come back, detail-only fields never", async () => {
    const body = await t.ok(SOLD, { fields: `${LIST_FIELDS},buyer_message,seller_memo,promotion_details`, type: ALL_TYPES, page_size: "100" }, { session });
    const rows = tradesOf(body);
    for (const r of rows) {
      expect("buyer_message" in r).toBe(false);
      expect("seller_memo" in r).toBe(false);
      expect("promotion_details" in r).toBe(false);
      expect(typeof r.has_buyer_message).toBe("boolean");
      expect(typeof r.seller_flag).toBe("number");
      const orders = (r.orders as { order: Record<string, unknown>[] }).order;
      expect(orders.length).toBeGreaterThan(0);
      for (const o of orders) expect(o.oid).toBe(o.oid_str ?? o.oid);
    }
    const narrow = tradesOf(await t.ok(SOLD, { fields: "tid,orders.title", type: ALL_TYPES, page_size: "5" }, { session }));
    for (const r of narrow) {
      expect(Object.keys(r).sort()).toEqual(["orders", "tid"]);
      for (const o of (r.orders as { order: Record<string, unknown>[] }).order) expect(Object.keys(o)).toEqual(["title"]);
    }
  });
});

describe("trades.sold.increment.get", () => {
  it("returns trades whose modified is inside the window, newest modification first, paging complete", async () => {
    const start = "2026-11-27 12:00:00";
    const end = "2026-11-28 12:00:00";
    const seen: WireTrade[] = [];
    for (let page = 1; ; page++) {
      const body = await t.ok(INC, { fields: "tid,tid_str,modified,status", start_modified: start, end_modified: end, type: ALL_TYPES, page_size: "10", page_no: String(page), use_has_next: "true" }, { session });
      seen.push(...tradesOf(body));
      if (!body.has_next) break;
    }
    expect(seen.length).toBeGreaterThan(20);
    for (let i = 0; i < seen.length; i++) {
      expect(seen[i]!.modified! >= start && seen[i]!.modified! <= end).toBe(true);
      if (i > 0) expect(seen[i]!.modified! <= seen[i - 1]!.modified!).toBe(true);
    }
    expect(new Set(seen.map((r) => r.tid_str)).size).toBe(seen.length);
    const total = (await t.ok(INC, { fields: "tid", start_modified: start, end_modified: end, type: ALL_TYPES }, { session })).total_results;
    expect(total).toBe(seen.length);
  });

  it("sees a trade move: after a memo write it leaves its old window and enters the new one", async () => {
    const row = tradesOf(await t.ok(INC, { fields: "tid,tid_str,modified", start_modified: "2026-11-27 00:00:00", end_modified: "2026-11-27 12:00:00", type: ALL_TYPES, page_size: "1" }, { session }))[0]!;
    await t.advance(120);
    const write = await t.ok("taobao.trade.memo.update", { tid: row.tid_str!, memo: "已核对地址" }, { session });
    const modified = (write.trade as { modified: string }).modified;
    expect(modified).toBe(topTime(t.sb.clock.nowMs()));
    const inOld = tradesOf(await t.ok(INC, { fields: "tid_str", start_modified: "2026-11-27 00:00:00", end_modified: "2026-11-27 12:00:00", type: ALL_TYPES, page_size: "100" }, { session }));
    expect(inOld.some((r) => r.tid_str === row.tid_str)).toBe(false);
    const newWindow = { fields: "tid_str,modified", start_modified: topTime(topSec(modified) * 1000 - 60_000), end_modified: modified, type: ALL_TYPES, page_size: "100" };
    const inNew = tradesOf(await t.ok(INC, newWindow, { session }));
    expect(inNew.find((r) => r.tid_str === row.tid_str)?.modified).toBe(modified);
  });

  it("trades created after the clock starts appear as the clock advances", async () => {
    const before = t.sb.clock.nowMs();
    await t.advance(6 * 3600);
    const body = await t.ok(INC, { fields: "tid,created,status", start_modified: topTime(before), end_modified: topTime(t.sb.clock.nowMs()), type: ALL_TYPES, page_size: "100" }, { session });
    const created = tradesOf(body).filter((r) => r.created! > topTime(before));
    expect(created.length).toBeGreaterThan(0);
  });
});

describe("trade.fullinfo.get", () => {
  it("returns only the requested fields, detail-only ones included", async () => {
    const withMsg = tradesOf(await t.ok(SOLD, { fields: "tid_str,has_buyer_message", type: ALL_TYPES, page_size: "100" }, { session })).find((r) => r.has_buyer_message)!;
    const full = await t.ok(FULL, { fields: "tid,buyer_message,receiver_name,receiver_mobile,orders.oid_str", tid: withMsg.tid_str! }, { session });
    const trade = full.trade as Record<string, unknown>;
    expect(Object.keys(trade).sort()).toEqual(["buyer_message", "orders", "receiver_mobile", "receiver_name", "tid"]);
    expect(trade.tid).toBe(withMsg.tid_str);
    expect(trade.receiver_name).toMatch(/^.\*\*$/);
    expect(trade.receiver_mobile).toMatch(/^1\d{6}\*{4}$/);
    expect(typeof trade.buyer_message).toBe("string");
    for (const o of (trade.orders as { order: Record<string, unknown>[] }).order) expect(Object.keys(o)).toEqual(["oid_str"]);
  });

  it("amounts on the wire add up exactly", async () => {
    const rows = tradesOf(await t.ok(SOLD, { fields: "tid_str,payment,total_fee,post_fee,discount_fee,adjust_fee,orders.payment,orders.divide_order_fee", type: ALL_TYPES, page_size: "100" }, { session }));
    const fen = (s: unknown) => Math.round(Number(s) * 100);
    for (const r of rows) {
      expect(fen(r.total_fee) - fen(r.discount_fee) + fen(r.adjust_fee) + fen(r.post_fee)).toBe(fen(r.payment));
      const orders = (r.orders as { order: { divide_order_fee: string }[] }).order;
      expect(orders.reduce((s, o) => s + fen(o.divide_order_fee), 0) + fen(r.post_fee)).toBe(fen(r.payment));
    }
  });
});
