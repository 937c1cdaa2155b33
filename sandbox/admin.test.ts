/** The admin API: present only with admin, clock control, truth, reset, injected trades. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "./server";
import { ALL_TYPES, startTestSandbox, tradesOf, type TestSandbox } from "./testkit";

const SHOP = encodeURIComponent("小米粒旗舰店");

describe("without admin", () => {
  it("every /_sandbox/ route is absent (404) while the gateway works", async () => {
    const sb = await startSandbox({ port: 0, orders: 200 });
    try {
      for (const path of ["/_sandbox/clock", `/_sandbox/truth?shop=${SHOP}`, "/_sandbox/faults", "/_sandbox/reset", "/_sandbox/shops"]) {
        expect((await fetch(`${sb.url}${path}`)).status).toBe(404);
        expect((await fetch(`${sb.url}${path}`, { method: "POST", body: "{}" })).status).toBe(404);
      }
      expect((await fetch(sb.gatewayUrl)).status).toBe(200);
    } finally {
      await sb.close();
    }
  });
});

describe("determinism over HTTP", () => {
  it("same seed + same clock ⇒ same truth, also after the clocks advance; another seed differs", async () => {
    const start = (seed: number) => startSandbox({ port: 0, orders: 800, seed, admin: true, clockStart: "2026-11-28 12:00:00", frozen: true });
    const [a, b, c] = await Promise.all([start(42), start(42), start(43)]);
    try {
      const truth = async (sb: typeof a) => (await fetch(`${sb.url}/_sandbox/truth?shop=${SHOP}`)).json();
      expect(await truth(a)).toEqual(await truth(b));
      expect((await truth(c)).digest).not.toBe((await truth(a)).digest);
      // a in one jump, b in steps.
      await fetch(`${a.url}/_sandbox/clock`, { method: "POST", body: JSON.stringify({ advance: "3h" }) });
      for (let i = 0; i < 3; i++) await fetch(`${b.url}/_sandbox/clock`, { method: "POST", body: JSON.stringify({ advance: "1h" }) });
      const ta = await truth(a);
      expect(ta).toEqual(await truth(b));
      expect(ta.trades).toBeGreaterThanOrEqual(480);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});

describe("with admin", () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startTestSandbox({ orders: 1000 });
  });
  afterAll(() => t.close());

  it("reads, advances, sets and freezes the clock; never backwards", async () => {
    expect(await t.admin("/_sandbox/clock")).toMatchObject({ now: "2026-11-28 12:00:00", frozen: true, start: "2026-11-28 12:00:00" });
    expect(await t.admin("/_sandbox/clock", { advance: "90s" })).toMatchObject({ now: "2026-11-28 12:01:30" });
    expect(await t.admin("/_sandbox/clock", { advance: 30 })).toMatchObject({ now: "2026-11-28 12:02:00" });
    expect(await t.admin("/_sandbox/clock", { set: "2026-11-28 13:00:00" })).toMatchObject({ now: "2026-11-28 13:00:00" });
    await expect(t.admin("/_sandbox/clock", { set: "2026-11-28 12:00:00" })).rejects.toThrow(/400/);
    await expect(t.admin("/_sandbox/clock", { advance: "soon" })).rejects.toThrow(/400/);
    const running = await t.admin<{ frozen: boolean; epochMs: number }>("/_sandbox/clock", { freeze: false });
    expect(running.frozen).toBe(false);
    const frozen = await t.admin<{ frozen: boolean; epochMs: number }>("/_sandbox/clock", { freeze: true });
    expect(frozen.frozen).toBe(true);
    expect(frozen.epochMs).toBeGreaterThanOrEqual(running.epochMs);
  });

  it("truth is {nick, trades, digest}; 400 without shop, 404 for an unknown shop", async () => {
    const truth = await t.admin<{ nick: string; trades: number; digest: string }>(`/_sandbox/truth?shop=${SHOP}`);
    expect(truth.nick).toBe("小米粒旗舰店");
    expect(truth.trades).toBeGreaterThanOrEqual(600);
    expect(truth.digest).toMatch(/^[0-9a-f]{64}$/);
    await expect(t.admin("/_sandbox/truth")).rejects.toThrow(/400/);
    await expect(t.admin("/_sandbox/truth?shop=nobody")).rejects.toThrow(/404/);
  });

  it("reset restores the freshly started data and clock, and drops API writes", async () => {
    await t.admin("/_sandbox/reset", { tokens: true });
    const fresh = await t.admin<{ digest: string }>(`/_sandbox/truth?shop=${SHOP}`);
    const session = await t.session();
    const tid = tradesOf(await t.ok("taobao.trades.sold.get", { fields: "tid_str", type: ALL_TYPES, page_size: "1" }, { session }))[0]!.tid_str!;
    await t.advance(10);
    await t.ok("taobao.trade.memo.update", { tid, memo: "x" }, { session });
    expect((await t.admin<{ digest: string }>(`/_sandbox/truth?shop=${SHOP}`)).digest).not.toBe(fresh.digest);
    const r = await t.admin<{ ok: boolean; clock: { now: string } }>("/_sandbox/reset", {});
    expect(r).toMatchObject({ ok: true, clock: { now: "2026-11-28 12:00:00" } });
    expect((await t.admin<{ digest: string }>(`/_sandbox/truth?shop=${SHOP}`)).digest).toBe(fresh.digest);
    // Tokens survive a reset unless asked.
    expect((await t.ok("taobao.trades.sold.get", { fields: "tid", page_size: "1" }, { session }))._key).toBe("trades_sold_get_response");
  });

  it("injects a trade (e.g. created at 00:30 Beijing time, with a hostile buyer message) that syncs like any other", async () => {
    const msg = `<script>alert(1)</script><img src=x onerror="alert(2)">`;
    const made = await t.admin<{ tid: string; created: string }>("/_sandbox/trades", { shop: "小米粒旗舰店", created: "2026-11-28 00:30:00", buyerMessage: msg, status: "WAIT_SELLER_SEND_GOODS" });
    expect(made.created).toBe("2026-11-28 00:30:00");
    const session = await t.session();
    const full = (await t.ok("taobao.trade.fullinfo.get", { fields: "tid_str,created,modified,status,buyer_message,has_buyer_message", tid: made.tid }, { session })).trade as Record<string, string>;
    expect(full).toMatchObject({ tid_str: made.tid, created: "2026-11-28 00:30:00", status: "WAIT_SELLER_SEND_GOODS", buyer_message: msg, has_buyer_message: true });
    const now = (await t.admin<{ now: string }>("/_sandbox/clock")).now;
    expect(full.modified).toBe(now);
    const inc = tradesOf(await t.ok("taobao.trades.sold.increment.get", { fields: "tid_str", start_modified: "2026-11-28 11:00:00", end_modified: now, type: ALL_TYPES, page_size: "100" }, { session }));
    expect(inc.map((r) => r.tid_str)).toContain(made.tid);
    const day = tradesOf(await t.ok("taobao.trades.sold.get", { fields: "tid_str", start_created: "2026-11-28 00:00:00", end_created: "2026-11-28 01:00:00", type: ALL_TYPES, page_size: "100" }, { session }));
    expect(day.map((r) => r.tid_str)).toContain(made.tid);
    await expect(t.admin("/_sandbox/trades", { shop: "小米粒旗舰店", created: "2027-01-01 00:00:00" })).rejects.toThrow(/400/);
  });

  it("lists shops and trades by status, and shows one trade with its real receiver", async () => {
    const shops = await t.admin<{ shops: { nick: string; trades: number; sub_accounts: unknown[] }[] }>("/_sandbox/shops");
    expect(shops.shops.map((s) => s.nick)).toEqual(["小米粒旗舰店", "棉语家居旗舰店"]);
    const waiting = await t.admin<{ trades: { tid: string; status: string }[] }>(`/_sandbox/trades?shop=${SHOP}&status=WAIT_SELLER_SEND_GOODS&limit=3`);
    expect(waiting.trades.length).toBeGreaterThan(0);
    expect(waiting.trades.every((x) => x.status === "WAIT_SELLER_SEND_GOODS")).toBe(true);
    const one = await t.admin<{ receiver: { mobile: string }; events: unknown[] }>(`/_sandbox/trade?shop=${SHOP}&tid=${waiting.trades[0]!.tid}`);
    expect(one.receiver.mobile).toMatch(/^1\d{10}$/);
    expect(one.events.length).toBeGreaterThan(1);
    await expect(t.admin("/_sandbox/nothing")).rejects.toThrow(/404/);
  });
});
