/** trade.memo.update, top.oaid.decrypt and trades.sold.query over raw HTTP. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_TYPES, startTestSandbox, tradesOf, type TestSandbox } from "../testkit";

let t: TestSandbox;
let owner: string;
let cs: string;
const MEMO = "taobao.trade.memo.update";
const OAID = "taobao.top.oaid.decrypt";
const QUERY = "taobao.trades.sold.query";
const SHOP = encodeURIComponent("小米粒旗舰店");

beforeAll(async () => {
  t = await startTestSandbox({ orders: 2500 });
  owner = await t.session();
  cs = await t.session("小米粒旗舰店:客服小王");
});
afterAll(() => t.close());

const err = (b: Record<string, unknown>) => b as unknown as { code: number; msg: string; sub_code: string };
interface AdminTrade {
  tid: string;
  receiver: { name: string; mobile: string; phone: string; address: string; state: string; city: string; district: string; town: string; oaid: string };
}

async function someTrades(n: number) {
  return tradesOf(await t.ok("taobao.trades.sold.get", { fields: "tid_str,oaid,created,status", type: ALL_TYPES, page_size: String(n) }, { session: owner }));
}

describe("taobao.trade.memo.update", () => {
  it("sets memo and flag (sub-accounts too), returns tid and the new modified, fullinfo shows them", async () => {
    const [tr] = await someTrades(1);
    await t.advance(5);
    const body = await t.ok(MEMO, { tid: tr!.tid_str!, memo: "已联系买家，改发顺丰", flag: "1" }, { session: cs });
    expect(body._key).toBe("trade_memo_update_response");
    expect(body.trade).toEqual({ tid: tr!.tid_str, modified: (await t.admin<{ now: string }>("/_sandbox/clock")).now });
    const full = (await t.ok("taobao.trade.fullinfo.get", { fields: "seller_memo,seller_flag,modified", tid: tr!.tid_str! }, { session: owner })).trade as Record<string, unknown>;
    expect(full).toMatchObject({ seller_memo: "已联系买家，改发顺丰", seller_flag: 1, modified: (body.trade as { modified: string }).modified });
    // The flag alone keeps the memo; reset clears the memo and keeps the flag.
    await t.ok(MEMO, { tid: tr!.tid_str!, flag: "4" }, { session: owner });
    let now = (await t.ok("taobao.trade.fullinfo.get", { fields: "seller_memo,seller_flag", tid: tr!.tid_str! }, { session: owner })).trade;
    expect(now).toEqual({ seller_memo: "已联系买家，改发顺丰", seller_flag: 4 });
    await t.ok(MEMO, { tid: tr!.tid_str!, reset: "true" }, { session: owner });
    now = (await t.ok("taobao.trade.fullinfo.get", { fields: "seller_memo,seller_flag", tid: tr!.tid_str! }, { session: owner })).trade;
    expect(now).toEqual({ seller_flag: 4 });
  });

  it("enforces ≤ 1000 UTF-8 bytes, flag 0–5 and at least one of memo/flag/reset", async () => {
    const [tr] = await someTrades(1);
    const tid = tr!.tid_str!;
    expect(err(await t.ok(MEMO, { tid }, { session: owner })).msg).toBe("Missing required arguments:memo");
    expect(err(await t.ok(MEMO, { tid, memo: "中".repeat(334) }, { session: owner })).msg).toBe("Invalid arguments:memo"); // 1002 bytes
    expect((await t.ok(MEMO, { tid, memo: "中".repeat(333) + "a" }, { session: owner }))._key).toBe("trade_memo_update_response"); // 1000 bytes
    expect((await t.ok(MEMO, { tid, memo: "a".repeat(1000) }, { session: owner }))._key).toBe("trade_memo_update_response");
    expect(err(await t.ok(MEMO, { tid, memo: "a".repeat(1001) }, { session: owner })).code).toBe(41);
    expect(err(await t.ok(MEMO, { tid, flag: "6" }, { session: owner })).msg).toBe("Invalid arguments:flag");
    expect(err(await t.ok(MEMO, { tid, flag: "-1" }, { session: owner })).msg).toBe("Invalid arguments:flag");
    expect(err(await t.ok(MEMO, { tid, reset: "yes" }, { session: owner })).msg).toBe("Invalid arguments:reset");
    expect(err(await t.ok(MEMO, { memo: "x" }, { session: owner })).msg).toBe("Missing required arguments:tid");
  });
});

describe("taobao.top.oaid.decrypt", () => {
  it("reveals only what the scene allows", async () => {
    const [tr] = await someTrades(1);
    const real = await t.admin<AdminTrade>(`/_sandbox/trade?shop=${SHOP}&tid=${tr!.tid_str}`);
    const decrypt = async (scene: string) => {
      const body = await t.ok(OAID, { query_list: JSON.stringify([{ oaid: tr!.oaid, tid: tr!.tid_str, scene }]) }, { session: cs });
      return (body.receiver_list as { receiver: Record<string, unknown>[] }).receiver[0]!;
    };
    const full = await decrypt("1002");
    expect(full).toMatchObject({ oaid: tr!.oaid, tid: tr!.tid_str, matched: true, name: real.receiver.name, mobile: real.receiver.mobile, address_detail: real.receiver.address, state: real.receiver.state });
    const addr = await decrypt("1008");
    expect(Object.keys(addr).sort()).toEqual(["address_detail", "city", "district", "matched", "oaid", "state", "tid", "town"]);
    const name = await decrypt("1009");
    expect(Object.keys(name).sort()).toEqual(["matched", "name", "oaid", "tid"]);
    for (const scene of ["2001", "2002"]) {
      const m = await decrypt(scene);
      expect(m.mobile).toBe(real.receiver.mobile);
      expect("name" in m || "address_detail" in m).toBe(false);
    }
  });

  it("flags a stale oaid as unmatched and rejects bad requests", async () => {
    const [a, b] = await someTrades(2);
    const body = await t.ok(OAID, { query_list: JSON.stringify([{ oaid: b!.oaid === a!.oaid ? "1x" : b!.oaid, tid: a!.tid_str, scene: "1001" }]) }, { session: owner });
    const r = (body.receiver_list as { receiver: Record<string, unknown>[] }).receiver[0]!;
    expect(r.matched).toBe(false);
    expect("name" in r).toBe(false);
    expect(err(await t.ok(OAID, { query_list: JSON.stringify([{ oaid: a!.oaid, tid: a!.tid_str, scene: "9999" }]) }, { session: owner })).msg).toBe("Invalid arguments:query_list");
    expect(err(await t.ok(OAID, { query_list: JSON.stringify(Array.from({ length: 21 }, () => ({ oaid: a!.oaid, tid: a!.tid_str, scene: "1001" }))) }, { session: owner })).code).toBe(41);
    expect(err(await t.ok(OAID, { query_list: "not json" }, { session: owner })).code).toBe(41);
    // A tid as a JSON number beyond 2^53 has already lost digits: refused.
    expect(err(await t.ok(OAID, { query_list: `[{"oaid":"${a!.oaid}","tid":${a!.tid_str},"scene":"1001"}]` }, { session: owner })).code).toBe(41);
    expect(err(await t.ok(OAID, {}, { session: owner })).msg).toBe("Missing required arguments:query_list");
  });
});

describe("taobao.trades.sold.query", () => {
  it("finds tids by the full mobile: 1001 looks back 7 days, 1002 three months", async () => {
    // A buyer with an old and a recent trade: inject a recent one for a buyer of an old trade.
    const old = tradesOf(await t.ok("taobao.trades.sold.get", { fields: "tid_str,created", type: ALL_TYPES, start_created: "2026-10-01 00:00:00", end_created: "2026-10-10 00:00:00", page_size: "1" }, { session: owner }))[0]!;
    const real = await t.admin<AdminTrade>(`/_sandbox/trade?shop=${SHOP}&tid=${old.tid_str}`);
    const q = (scene: string, entry: Record<string, string> = { receiver_mobile: real.receiver.mobile }) =>
      t.ok(QUERY, { query_list: JSON.stringify([entry]), scene }, { session: cs });
    const b1002 = await q("1002");
    const tids1002 = (b1002.tid_list as { string: string[] }).string;
    expect(tids1002).toContain(old.tid_str);
    expect(tids1002.length).toBeLessThanOrEqual(100);
    const b1001 = await q("1001");
    const tids1001 = ((b1001.tid_list as { string: string[] } | undefined)?.string ?? []);
    expect(tids1001).not.toContain(old.tid_str);
    // Name and mobile together must both match.
    expect(((await q("1002", { receiver_mobile: real.receiver.mobile, receiver_name: real.receiver.name })).tid_list as { string: string[] }).string).toContain(old.tid_str);
    expect("tid_list" in (await q("1002", { receiver_mobile: real.receiver.mobile, receiver_name: "不存在的人" }))).toBe(false);
  });

  it("returns tids newest first, and validates the query", async () => {
    const recent = tradesOf(await t.ok("taobao.trades.sold.get", { fields: "tid_str", type: ALL_TYPES, page_size: "1" }, { session: owner }))[0]!;
    const real = await t.admin<AdminTrade>(`/_sandbox/trade?shop=${SHOP}&tid=${recent.tid_str}`);
    const body = await t.ok(QUERY, { query_list: JSON.stringify([{ receiver_mobile: real.receiver.mobile }]), scene: "1001" }, { session: owner });
    expect((body.tid_list as { string: string[] }).string).toContain(recent.tid_str);
    const bad = async (p: Record<string, string>) => err(await t.ok(QUERY, p, { session: owner }));
    expect((await bad({ query_list: JSON.stringify([{ receiver_mobile: real.receiver.mobile }]) })).msg).toBe("Missing required arguments:scene");
    expect((await bad({ query_list: JSON.stringify([{ receiver_mobile: real.receiver.mobile }]), scene: "2001" })).msg).toBe("Invalid arguments:scene");
    expect((await bad({ query_list: JSON.stringify([{ receiver_mobile: "1573672****" }]), scene: "1001" })).msg).toBe("Invalid arguments:query_list");
    expect((await bad({ query_list: JSON.stringify([{}]), scene: "1001" })).msg).toBe("Invalid arguments:query_list");
    expect((await bad({ query_list: "[]", scene: "1001" })).msg).toBe("Invalid arguments:query_list");
  });
});
