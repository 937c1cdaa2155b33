/**
 * Conformance through lib/top, the client OrderDesk uses: the same sandbox driven by the real
 * signer, transport, lossless parser and typed wrappers. (The sandbox's own verifier never
 * imports lib/top; only this test does.)
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTopClient,
  exchangeCode,
  logisticsCompaniesGet,
  logisticsOfflineSend,
  logisticsTraceSearch,
  oaidDecrypt,
  refreshToken,
  tmcMessagesConfirm,
  tmcMessagesConsume,
  TopError,
  TopSessionError,
  tradeFullinfoGet,
  tradeMemoUpdate,
  tradesSoldGet,
  tradesSoldIncrementGet,
  tradesSoldQuery,
  type TopClient,
} from "../lib/top";
import { fenToYuan } from "../lib/money";
import { addShanghaiDays, formatTopTime, presetRange } from "../lib/time";
import { DEFAULT_APP_KEY, DEFAULT_APP_SECRET } from "./defaults";
import { parseConsentForm } from "./testing";
import { startTestSandbox, type TestSandbox } from "./testkit";

let t: TestSandbox;
let client: TopClient;
let session: string;
const CB = "http://localhost:3000/api/auth/callback/taobao";
const SHOP = "小米粒旗舰店";

function clientFor(overrides: Partial<Parameters<typeof createTopClient>[0]> = {}): TopClient {
  return createTopClient({
    gatewayUrl: t.sb.gatewayUrl,
    appKey: DEFAULT_APP_KEY,
    appSecret: DEFAULT_APP_SECRET,
    now: () => new Date(t.sb.clock.nowMs()),
    retry: { maxAttempts: 1 },
    ...overrides,
  });
}

/** The browser half of the flow: consent form → code. */
async function consentCode(account: string): Promise<string> {
  const q = new URLSearchParams({ response_type: "code", client_id: DEFAULT_APP_KEY, redirect_uri: CB, state: "x", view: "web" });
  const form = parseConsentForm(await (await fetch(`${t.sb.url}/authorize?${q}`)).text());
  const res = await fetch(`${t.sb.url}/authorize`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...form.hidden, account, action: "authorize" }).toString(),
    redirect: "manual",
  });
  return new URL(res.headers.get("location")!).searchParams.get("code")!;
}

const oauth = () => ({ oauthBaseUrl: t.sb.url, appKey: DEFAULT_APP_KEY, appSecret: DEFAULT_APP_SECRET, now: () => new Date(t.sb.clock.nowMs()) });

beforeAll(async () => {
  t = await startTestSandbox({ orders: 2000, tokenTtl: 3600 });
  client = clientFor();
  const token = await exchangeCode({ ...oauth(), code: await consentCode(SHOP), redirectUri: CB });
  session = token.accessToken;
});
afterAll(() => t.close());

describe("lib/top against the sandbox", () => {
  it("OAuth: exchangeCode parses every field; a sub-account is recognised", async () => {
    const sub = await exchangeCode({ ...oauth(), code: await consentCode("小米粒旗舰店:客服小王"), redirectUri: CB });
    expect(sub).toMatchObject({ taobaoUserNick: SHOP, subTaobaoUserNick: "小米粒旗舰店:客服小王", isSubAccount: true, refreshable: true, expiresIn: 3600 });
    expect(sub.subTaobaoUserId).toMatch(/^\d+$/);
  });

  it("backfill through tradesSoldGet (by day, use_has_next) returns every trade once and equals truth", async () => {
    const now = t.sb.clock.nowMs();
    let day = presetRange("last3Months", new Date(now)).start;
    const lines = new Map<string, string>();
    while (day.getTime() <= now) {
      const next = addShanghaiDays(day, 1);
      for (let page = 1; ; page++) {
        const res = await tradesSoldGet(client, session, { start_created: day, end_created: new Date(Math.min(next.getTime() - 1000, now)), use_has_next: true, page_size: 100, page_no: page });
        for (const tr of res.trades) {
          expect(lines.has(tr.tid)).toBe(false);
          lines.set(tr.tid, `${tr.tid}|${tr.status}|${formatTopTime(tr.modified)}|${fenToYuan(tr.paymentFen)}`);
        }
        if (!res.hasNext) break;
      }
      day = next;
    }
    const truth = await t.admin<{ trades: number; digest: string }>(`/_sandbox/truth?shop=${encodeURIComponent(SHOP)}`);
    expect(lines.size).toBe(truth.trades);
    expect(createHash("sha256").update([...lines.values()].sort().join("\n")).digest("hex")).toBe(truth.digest);
  });

  it("increment, fullinfo, memo, offline.send, trace, companies, oaid and sold.query round-trip", async () => {
    const inc = await tradesSoldIncrementGet(client, session, { start_modified: new Date(t.sb.clock.nowMs() - 86_400_000), end_modified: new Date(t.sb.clock.nowMs()), page_size: 100 });
    expect(inc.trades.length).toBeGreaterThan(0);
    const waiting = await tradesSoldGet(client, session, { status: "WAIT_SELLER_SEND_GOODS", page_size: 5 });
    const tid = waiting.trades[0]!.tid;
    const full = await tradeFullinfoGet(client, session, { tid });
    expect(full.tid).toBe(tid);
    expect(full.orders.length).toBeGreaterThan(0);
    await t.advance(10);
    const memo = await tradeMemoUpdate(client, session, { tid, memo: "lib/top 写入", flag: 3 });
    expect(JSON.stringify(memo)).toContain(tid);
    expect((await tradeFullinfoGet(client, session, { tid })).sellerMemo).toBe("lib/top 写入");
    // The real list, including 其他 (OTHER) whose id is -1.
    const companies = await logisticsCompaniesGet(client);
    expect(companies.length).toBe(57);
    expect(companies.find((c) => c.code === "OTHER")?.id).toBe("-1");
    const sent = await logisticsOfflineSend(client, session, { tid, out_sid: "YT1234567890", company_code: "YTO" });
    expect(sent.isSuccess).toBe(true);
    const trace = await logisticsTraceSearch(client, session, { tid });
    expect(trace.outSid).toBe("YT1234567890");
    expect(trace.steps.length).toBeGreaterThan(0);
    const receivers = await oaidDecrypt(client, session, { query_list: [{ oaid: full.oaid!, tid, scene: "1009" }] });
    expect(receivers[0]!.name).toBeTruthy();
    expect(receivers[0]!.mobile ?? null).toBeNull();
    const real = await t.admin<{ receiver: { mobile: string } }>(`/_sandbox/trade?shop=${encodeURIComponent(SHOP)}&tid=${tid}`);
    const found = await tradesSoldQuery(client, session, { query_list: [{ receiver_mobile: real.receiver.mobile }], scene: "1002" });
    expect(found.tids).toContain(tid);
  });

  it("TMC: permit via call(), consume and confirm through the wrappers", async () => {
    await client.call("taobao.tmc.user.permit", {}, { session });
    const [tr] = (await tradesSoldGet(client, session, { page_size: 1 })).trades;
    await tradeMemoUpdate(client, session, { tid: tr!.tid, flag: 2 });
    const msgs = await tmcMessagesConsume(client, { quantity: 100 });
    expect(msgs.length).toBeGreaterThan(0);
    expect(JSON.stringify(msgs)).toContain(tr!.tid);
    const ok = await tmcMessagesConfirm(client, { s_message_ids: msgs.map((m) => (m as { id: string }).id) });
    expect(ok.isSuccess).toBe(true);
  });

  it("errors arrive classified: wrong secret 25, 11 minutes of skew 31, page_size 101 41", async () => {
    await expect(tradesSoldGet(clientFor({ appSecret: "wrong" }), session, { page_size: 1 })).rejects.toMatchObject({ code: 25 });
    const skewed = clientFor({ now: () => new Date(t.sb.clock.nowMs() - 11 * 60_000) });
    await expect(tradesSoldGet(skewed, session, { page_size: 1 })).rejects.toMatchObject({ code: 31 });
    const e = await client.call("taobao.trades.sold.get", { fields: "tid", page_size: 101 }, { session }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TopError);
    expect(e).toMatchObject({ code: 41 });
  });

  it("an expired token gives a TopSessionError (27); refreshToken gets a working one", async () => {
    const token = await exchangeCode({ ...oauth(), code: await consentCode(SHOP), redirectUri: CB });
    await t.advance(3601);
    const e = await tradesSoldGet(client, token.accessToken, { page_size: 1 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TopSessionError);
    expect(e).toMatchObject({ code: 27 });
    const fresh = await refreshToken({ ...oauth(), refreshToken: token.refreshToken! });
    expect((await tradesSoldGet(client, fresh.accessToken, { page_size: 1 })).trades.length).toBe(1);
  });

  it("with heavy faults and retries, calls still succeed", async () => {
    await t.admin("/_sandbox/faults", { profile: "heavy", seed: 21, hangMs: 300, slowMs: [1, 20], banSeconds: [0, 1] });
    try {
      const token = await exchangeCode({ ...oauth(), code: await consentCode(SHOP), redirectUri: CB });
      const resilient = clientFor({ timeoutMs: 2_000, retry: { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 20, maxBanWaitMs: 5_000 } });
      for (let i = 0; i < 30; i++) {
        const page = await tradesSoldGet(resilient, token.accessToken, { page_size: 10, page_no: 1 + (i % 5) });
        expect(page.trades.length).toBe(10);
      }
    } finally {
      await t.admin("/_sandbox/faults", { profile: "off" });
    }
  });
});
