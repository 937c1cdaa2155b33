/**
 * The deep truth digest (README "The deep truth digest"): its lines follow the documented rule,
 * equal what the app's mapping makes of the real wire (fullinfo.get over HTTP → lib/top's
 * normalizeTrade → lib/sync's rows → lib/sync's deep line), hold the detail-only fields exactly
 * where the sync must hold them, follow the shop as it changes, and cost little.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLosslessJson, normalizeTrade, TRADE_FULLINFO_FIELDS } from "../lib/top";
import { deepLineOfRows } from "../lib/sync/digest";
import { ORDER_COLS, orderValues, TRADE_DETAIL_COLS, TRADE_LIST_COLS, tradeDetailValues, tradeListValues } from "../lib/sync/rows";
import { parseTopTime } from "../lib/time";
import { carrierByCode } from "./carriers";
import { MAIN_SHOP_NICK, shopAccounts } from "./defaults";
import { STATUSES } from "./model";
import { ShopStore } from "./shop";
import { ALL_TYPES, startTestSandbox, tradesOf, type TestSandbox } from "./testkit";
import { DEEP_ORDER_FIELDS, DEEP_TRADE_FIELDS } from "./truth";

const ANCHOR = Math.floor(parseTopTime("2026-11-28 12:00:00").getTime() / 1000);
const DAY = 86_400;
const account = shopAccounts(42, 1)[0]!;
const make = (seed = 42, trades = 600) => new ShopStore({ seed, account, trades, anchor: ANCHOR, historyStart: ANCHOR - 89 * DAY, arrivalPerHour: 2 });
const SHOP = encodeURIComponent(MAIN_SHOP_NICK);
const sha = (lines: string[]) => createHash("sha256").update(lines.join("\n"), "utf8").digest("hex");
const ORDERS_AT = DEEP_TRADE_FIELDS.length;
const field = (line: unknown[], name: (typeof DEEP_TRADE_FIELDS)[number]) => line[DEEP_TRADE_FIELDS.indexOf(name)];

interface Truth {
  nick: string;
  trades: number;
  digest: string;
  deep: { digest: string; lines?: string[] };
}

/** The cache's rows of a normalized wire trade (as lib/sync/store.ts writes them; instants as epoch ms, as the drivers return them). */
function cacheRows(raw: unknown) {
  const t = normalizeTrade(raw);
  const at = (v: unknown) => (v instanceof Date ? v.getTime() : v);
  const row = (cols: readonly { name: string }[], values: unknown[]) => Object.fromEntries(cols.map((c, i) => [c.name, at(values[i])]));
  const now = new Date();
  const trade = {
    ...row(TRADE_LIST_COLS, tradeListValues({ shopId: "s", fetched: { trade: t, rawJson: "{}", source: "detail" }, detailPending: false, detailAttempts: 0, now })),
    ...row(TRADE_DETAIL_COLS, tradeDetailValues(t, now)),
  };
  type Rows = Parameters<typeof deepLineOfRows>;
  return { trade: trade as Rows[0], orders: orderValues("s", t).map((o) => row(ORDER_COLS, o)) as unknown as Rows[1] };
}

describe("the deep truth over HTTP", () => {
  let t: TestSandbox;
  let session: string;
  let injected: string;
  let shipped: string;
  let memoed: string;

  beforeAll(async () => {
    t = await startTestSandbox({ orders: 400 });
    session = await t.session();
    // API writes are part of the state: a shipment, a memo with a flag, a trade with a tricky message.
    const waiting = tradesOf(await t.ok("taobao.trades.sold.get", { fields: "tid_str", status: "WAIT_SELLER_SEND_GOODS", type: ALL_TYPES, page_size: "10" }, { session }));
    shipped = waiting[0]!.tid_str!;
    memoed = waiting[1]!.tid_str!;
    const sent = await t.ok("taobao.logistics.offline.send", { tid: shipped, out_sid: "778123456789", company_code: "ZTO" }, { session });
    expect(sent._key).toBe("logistics_offline_send_response");
    await t.ok("taobao.trade.memo.update", { tid: memoed, memo: "第一行\n第二行 | \"引号\" \\", flag: "4" }, { session });
    const added = await t.admin<{ tid: string }>("/_sandbox/trades", { shop: MAIN_SHOP_NICK, buyerMessage: 'a|b "c" \\d\n<b>&😀' });
    injected = added.tid;
    await t.advance(2 * 3600);
  });
  afterAll(() => t.close());

  it("returns the deep digest with deep=1, and its lines with lines=1, per the rule", async () => {
    const shallow = await t.admin<Truth>(`/_sandbox/truth?shop=${SHOP}`);
    expect(Object.keys(shallow).sort()).toEqual(["digest", "nick", "trades"]);
    const deep = await t.admin<Truth>(`/_sandbox/truth?shop=${SHOP}&deep=1`);
    expect(deep).toEqual({ ...shallow, deep: { digest: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const withLines = await t.admin<Truth>(`/_sandbox/truth?shop=${SHOP}&deep=1&lines=1`);
    const lines = withLines.deep.lines!;
    expect(withLines.deep.digest).toBe(deep.deep.digest);
    expect(lines).toHaveLength(shallow.trades);
    expect([...lines].sort()).toEqual(lines);
    expect(sha(lines)).toBe(deep.deep.digest);
    for (const l of lines) {
      const v = JSON.parse(l) as unknown[];
      expect(v).toHaveLength(ORDERS_AT + 1);
      expect(v.slice(0, ORDERS_AT).every((x) => typeof x === "string" || x === null)).toBe(true);
      for (const o of v[ORDERS_AT] as unknown[][]) {
        expect(o).toHaveLength(DEEP_ORDER_FIELDS.length);
        expect(o.every((x) => typeof x === "string")).toBe(true);
      }
    }
  });

  it("equals, trade by trade, what the app's mapping makes of the fullinfo.get wire", async () => {
    const lines = (await t.admin<Truth>(`/_sandbox/truth?shop=${SHOP}&deep=1&lines=1`)).deep.lines!;
    let checked = 0;
    for (const line of lines) {
      const tid = (JSON.parse(line) as string[])[0]!;
      const r = await t.call("taobao.trade.fullinfo.get", { tid, fields: TRADE_FULLINFO_FIELDS.join(",") }, { session });
      const body = parseLosslessJson(r.text) as { trade_fullinfo_get_response: { trade: unknown } };
      const { trade, orders } = cacheRows(body.trade_fullinfo_get_response.trade);
      expect(deepLineOfRows(trade, orders), tid).toBe(line);
      checked++;
    }
    expect(checked).toBe(lines.length);
  });

  it("holds the detail-only fields only where the sync must hold them; API writes show up", async () => {
    const lines = (await t.admin<Truth>(`/_sandbox/truth?shop=${SHOP}&deep=1&lines=1`)).deep.lines!.map((l) => JSON.parse(l) as unknown[]);
    const detail = lines.filter((v) => field(v, "has_buyer_message") === "true" || field(v, "seller_flag") !== "0");
    const plain = lines.filter((v) => !detail.includes(v));
    expect(detail.length).toBeGreaterThan(10);
    expect(plain.length).toBeGreaterThan(100);
    for (const v of plain) for (const f of ["buyer_message", "buyer_memo", "seller_memo"] as const) expect(field(v, f)).toBeNull();
    for (const v of detail) for (const f of ["buyer_message", "buyer_memo", "seller_memo"] as const) expect(typeof field(v, f)).toBe("string");
    // A message is there whenever has_buyer_message says so; a flagged trade usually has a memo.
    for (const v of detail) expect(field(v, "buyer_message") !== "").toBe(field(v, "has_buyer_message") === "true");
    expect(detail.some((v) => field(v, "seller_memo") !== "")).toBe(true);

    const byTid = new Map(lines.map((v) => [v[0] as string, v]));
    expect(field(byTid.get(injected)!, "buyer_message")).toBe('a|b "c" \\d\n<b>&😀');
    expect(field(byTid.get(memoed)!, "seller_memo")).toBe('第一行\n第二行 | "引号" \\');
    expect(field(byTid.get(memoed)!, "seller_flag")).toBe("4");
    const ship = byTid.get(shipped)!;
    expect(field(ship, "status")).toBe("WAIT_BUYER_CONFIRM_GOODS");
    for (const o of ship[ORDERS_AT] as string[][]) {
      expect(o[DEEP_ORDER_FIELDS.indexOf("logistics_company")]).toBe(carrierByCode("ZTO")!.name);
      expect(o[DEEP_ORDER_FIELDS.indexOf("invoice_no")]).toBe("778123456789");
      expect(o[DEEP_ORDER_FIELDS.indexOf("consign_time")]).toBe(field(ship, "consign_time"));
    }
  });
});

describe("ShopStore.deepTruth", () => {
  it("same seed + same clock ⇒ same deep digest; it follows the clock and every kind of line", () => {
    const a = make();
    const b = make();
    const d0 = a.deepTruth(ANCHOR, true);
    expect(d0.trades).toBe(600);
    expect(b.deepTruth(ANCHOR)).toEqual({ trades: 600, digest: d0.digest });
    const d1 = a.deepTruth(ANCHOR + 3 * DAY);
    expect(d1.digest).not.toBe(d0.digest);
    expect(b.deepTruth(ANCHOR + 3 * DAY)).toEqual(d1);
    expect(make(43).deepTruth(ANCHOR).digest).not.toBe(d0.digest);
    // Every status, refunds with 18-digit refund ids, waybills, step trades, empty cities: all in the lines.
    const v = d0.lines!.map((l) => JSON.parse(l) as unknown[]);
    const orders = v.flatMap((x) => x[ORDERS_AT] as string[][]);
    const at = (name: (typeof DEEP_ORDER_FIELDS)[number]) => DEEP_ORDER_FIELDS.indexOf(name);
    expect(new Set(v.map((x) => field(x, "status"))).size).toBeGreaterThanOrEqual(6);
    expect(orders.some((o) => o[at("refund_status")] !== "NO_REFUND" && /^[1-9]\d{17}$/.test(o[at("refund_id")]!))).toBe(true);
    expect(orders.some((o) => o[at("invoice_no")] !== "" && o[at("logistics_company")] !== "")).toBe(true);
    expect(v.some((x) => field(x, "step_trade_status") !== "" && field(x, "step_paid_fee") !== "")).toBe(true);
    expect(v.some((x) => field(x, "receiver_city") === "")).toBe(true);
    expect(v.every((x) => STATUSES.includes(field(x, "status") as (typeof STATUSES)[number]))).toBe(true);
  });

  it("a memo written through the API changes that trade's line only", () => {
    const s = make(7, 300);
    const T = ANCHOR + 60;
    const before = s.deepTruth(T, true).lines!;
    const idx = 5;
    s.writeMemo(idx, T, "加急", 2);
    const after = s.deepTruth(T, true).lines!;
    const changed = after.filter((l) => !before.includes(l)).map((l) => JSON.parse(l) as unknown[]);
    expect(changed).toHaveLength(1);
    expect(changed[0]![0]).toBe(s.tids[idx]);
    expect(field(changed[0]!, "seller_memo")).toBe("加急");
    expect(field(changed[0]!, "seller_flag")).toBe("2");
  });

  it("takes well under a second for 5,000 trades", () => {
    const s = make(42, 5000);
    s.deepTruth(ANCHOR); // warm-up (JIT, format caches)
    const t0 = performance.now();
    const d = s.deepTruth(ANCHOR + 3600);
    const ms = performance.now() - t0;
    expect(d.trades).toBeGreaterThanOrEqual(5000);
    // ≈ 0.3 s here; generous, the machine is shared.
    expect(ms).toBeLessThan(2_500);
  });
});
