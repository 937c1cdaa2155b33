import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTopTime } from "../time";
import { fastRawTrade, isTopTime } from "./fast-trade";
import { parseLosslessJson } from "./parse";
import { rawTradeSchema } from "./schemas/trade";
import { TRADE_LIST_ITEM } from "./testing/fixtures";

/** Values a field may take: valid ones of every kind and the usual mistakes. */
const anyValue = fc.constantFrom<unknown>(
  "",
  "x",
  "abc",
  "123",
  "3796207345637527441",
  "012",
  "-5",
  "199.99",
  "1.234",
  "-0.50",
  "2026-11-28 09:30:00",
  "2026-02-30 09:30:00",
  "2026-11-28T09:30:00",
  "2024-02-29 23:59:59",
  "2023-02-29 00:00:00",
  "2026-04-31 00:00:00",
  "2026-12-31 24:00:00",
  "2026-12-31 23:60:00",
  "0050-01-01 00:00:00",
  "0100-01-01 00:00:00",
  "2026-1-28 09:30:00",
  "２026-11-28 09:30:00",
  "true",
  "false",
  "TRADE_FINISHED",
  "WAIT_SELLER_SEND_GOODS",
  "NO_REFUND",
  "SUCCESS",
  "BOGUS",
  0,
  1,
  5,
  -1,
  2.5,
  2 ** 53 + 2,
  true,
  false,
  null,
  [],
  {},
  { order: [] },
);

const valid = {
  id: fc.oneof(fc.constantFrom("3796207345637527441", "1", "518073718172548"), fc.nat()),
  str: fc.constantFrom("", "闫**", "fixed", "a \"quoted\" <b>"),
  time: fc.constantFrom("2026-11-28 09:30:00", "2014-01-15 21:40:01"),
  money: fc.constantFrom("", "0.00", "199.99", "-5.5", "76"),
  bool: fc.constantFrom(true, false, "true", "false"),
  int: fc.oneof(fc.integer({ min: -3, max: 9 }), fc.constantFrom("2", "-1")),
  status: fc.constantFrom("TRADE_FINISHED", "WAIT_BUYER_PAY"),
  refund: fc.constantFrom("NO_REFUND", "SUCCESS"),
};
const field = (v: fc.Arbitrary<unknown>) => fc.oneof({ weight: 12, arbitrary: v }, { weight: 1, arbitrary: anyValue });

const order = fc.record(
  {
    oid: field(valid.id),
    oid_str: field(valid.id),
    num_iid: field(valid.id),
    sku_id: field(valid.id),
    title: field(valid.str),
    price: field(valid.money),
    num: field(valid.int),
    status: field(valid.status),
    refund_status: field(valid.refund),
    refund_id: field(valid.str),
    end_time: field(valid.time),
    x_unknown: anyValue,
  },
  { requiredKeys: [] },
);
const orders = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.array(order, { maxLength: 3 }) },
  { weight: 6, arbitrary: fc.array(order, { maxLength: 3 }).map((order) => ({ order })) },
  { weight: 1, arbitrary: order.map((o) => ({ order: o })) },
  { weight: 1, arbitrary: fc.constant({ order: [], extra: 1 }) },
  { weight: 1, arbitrary: anyValue },
);
const trade = fc
  .tuple(
    fc.record(
      {
        tid: field(valid.id),
        tid_str: field(valid.id),
        status: field(valid.status),
        type: field(valid.str),
        created: field(valid.time),
        modified: field(valid.time),
        pay_time: field(valid.time),
        payment: field(valid.money),
        post_fee: field(valid.money),
        has_buyer_message: field(valid.bool),
        seller_flag: field(valid.int),
        buyer_message: field(valid.str),
        is_part_consign: field(valid.bool),
        receiver_city: field(valid.str),
        x_unknown: anyValue,
      },
      { requiredKeys: [] },
    ),
    orders,
  )
  .map(([t, o]) => (o === undefined ? t : { ...t, orders: o }));

describe("fastRawTrade (normalizeTrade's hot path) agrees with rawTradeSchema", () => {
  it("accepts only what the schema accepts, with the same output", () => {
    let fastOnes = 0;
    let schemaOnes = 0;
    fc.assert(
      fc.property(trade, (t) => {
        const fast = fastRawTrade(t);
        const ref = rawTradeSchema.safeParse(t);
        if (ref.success) schemaOnes++;
        if (fast !== null) {
          fastOnes++;
          expect(ref.success).toBe(true);
          expect(fast).toEqual(ref.data);
        }
      }),
      { numRuns: 5_000 },
    );
    // Not vacuous: many generated trades are valid, and the fast path takes most of those.
    expect(schemaOnes).toBeGreaterThan(200);
    expect(fastOnes).toBeGreaterThan(schemaOnes * 0.8);
  });

  it("isTopTime accepts exactly the strings parseTopTime accepts", () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, "0"));
    const str = fc
      .tuple(fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, "0")), two(13), two(32), two(25), two(61), two(61))
      .map(([y, mo, d, h, mi, s]) => `${y}-${mo}-${d} ${h}:${mi}:${s}`);
    const parses = (s: string) => {
      try {
        parseTopTime(s);
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(fc.property(fc.oneof(str, fc.string({ maxLength: 20 })), (s) => isTopTime(s) === parses(s)), { numRuns: 20_000 });
  });

  it("takes the fast path for the trades TOP sends", () => {
    const raw = parseLosslessJson(TRADE_LIST_ITEM);
    const fast = fastRawTrade(raw);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(rawTradeSchema.parse(raw));
  });

  it("leaves a malformed trade to the schema (so its error names the field)", () => {
    const raw = parseLosslessJson(TRADE_LIST_ITEM) as Record<string, unknown>;
    expect(fastRawTrade({ ...raw, payment: "1.234" })).toBeNull();
    expect(fastRawTrade({ ...raw, created: "2026-02-30 00:00:00" })).toBeNull();
    expect(fastRawTrade({ ...raw, orders: { order: [{ oid: "1", status: "NOPE" }] } })).toBeNull();
    expect(fastRawTrade({ ...raw, seller_flag: -1 })).toBeNull();
    expect(fastRawTrade({ ...raw, buyer_nick: null })).toBeNull();
  });
});
