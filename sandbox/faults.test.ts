/** Quotas (code 7) and fault injection, reproducible through the fault seed. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FaultInjector, faultConfig, FAULT_KINDS } from "./faults";
import { buildTopParams } from "./testing";
import { parseTop, startTestSandbox, type TestSandbox } from "./testkit";

const COMPANIES = "taobao.logistics.companies.get";

describe("fault draws", () => {
  it("heavy fails at least 20 % of calls, light a few, off none; the draw sequence follows the seed", () => {
    const count = (profile: "off" | "light" | "heavy", seed: number) => {
      const f = new FaultInjector(faultConfig(profile, seed));
      const kinds: string[] = [];
      for (let i = 0; i < 20_000; i++) kinds.push(f.draw()?.kind ?? "none");
      return kinds;
    };
    const heavy = count("heavy", 1);
    const failing = heavy.filter((k) => k !== "none" && k !== "slow").length / heavy.length;
    expect(failing).toBeGreaterThanOrEqual(0.2);
    for (const k of FAULT_KINDS) expect(heavy).toContain(k);
    const light = count("light", 1).filter((k) => k !== "none" && k !== "slow").length / 20_000;
    expect(light).toBeGreaterThan(0.01);
    expect(light).toBeLessThan(0.08);
    expect(count("off", 1).every((k) => k === "none")).toBe(true);
    expect(count("heavy", 1)).toEqual(heavy);
    expect(count("heavy", 2)).not.toEqual(heavy);
  });
});

describe("faults over HTTP", () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startTestSandbox({ faults: "heavy", faultSeed: 99 });
  });
  afterAll(() => t.close());

  /** One raw call that reports what the client saw. */
  async function probe(): Promise<string> {
    const p = buildTopParams({ method: COMPANIES, params: { fields: "code" }, now: t.sb.clock.nowMs() });
    try {
      const res = await fetch(t.sb.gatewayUrl, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(p).toString(), signal: AbortSignal.timeout(5_000) });
      const text = await res.text();
      if (res.status !== 200) return `http${res.status}${text.includes("<html") ? "-html" : ""}`;
      let body: Record<string, unknown>;
      try {
        body = parseTop(text);
      } catch {
        return "unparseable";
      }
      const e = body.error_response as { code: number; sub_code?: string; sub_msg?: string } | undefined;
      if (!e) return "ok";
      if (e.code === 7) {
        expect(e.sub_msg).toMatch(/^This ban will last for \d+ more seconds$/);
        return "code7";
      }
      if (e.code === 15) {
        expect(e.sub_code).toMatch(/^isp\./);
        return "isp15";
      }
      return `code${e.code}`;
    } catch (e) {
      return e instanceof Error && e.name === "TimeoutError" ? "timeout" : "network";
    }
  }

  it("produces isp 15, code 10, code 7, HTTP 502/503 HTML, resets and truncated bodies, and ≥ 20 % failures", async () => {
    await t.admin("/_sandbox/faults", { profile: "heavy", seed: 5, hangMs: 50, slowMs: [1, 5], banSeconds: [0, 0] });
    const seen = new Map<string, number>();
    const N = 400;
    for (let i = 0; i < N; i++) {
      const k = await probe();
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    for (const k of ["ok", "isp15", "code10", "code7", "http502-html", "http503-html", "network"]) expect(seen.get(k) ?? 0, k).toBeGreaterThan(0);
    expect((seen.get("unparseable") ?? 0) + (seen.get("network") ?? 0)).toBeGreaterThan(0);
    expect(1 - (seen.get("ok") ?? 0) / N).toBeGreaterThanOrEqual(0.2);
  });

  it("the same fault seed gives the same sequence of outcomes", async () => {
    const run = async () => {
      await t.admin("/_sandbox/faults", { profile: "heavy", seed: 11, hangMs: 20, slowMs: [1, 2], banSeconds: [0, 0] });
      const out: string[] = [];
      for (let i = 0; i < 60; i++) out.push(await probe());
      return out;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(new Set(a).size).toBeGreaterThan(2);
  });

  it("never applies to the admin API or OAuth, and can be switched off at runtime", async () => {
    await t.admin("/_sandbox/faults", { rates: { http502: 1, isp: 0, code10: 0, ban: 0, http503: 0, reset: 0, truncate: 0, slow: 0, hang: 0 } });
    expect(await probe()).toBe("http502-html");
    for (let i = 0; i < 20; i++) expect((await t.admin<{ now: string }>("/_sandbox/clock")).now).toBeTruthy();
    expect((await fetch(`${t.sb.url}/authorize?response_type=code&client_id=34567890&redirect_uri=http://localhost/cb`)).status).toBe(200);
    expect((await t.session("小米粒旗舰店:运营老李")).length).toBeGreaterThan(10);
    const state = await t.admin<{ profile: string; failureRate: number }>("/_sandbox/faults", { profile: "off" });
    expect(state).toMatchObject({ profile: "off", failureRate: 0 });
    expect(await probe()).toBe("ok");
    await expect(t.admin("/_sandbox/faults", { profile: "extreme" })).rejects.toThrow(/400/);
    await expect(t.admin("/_sandbox/faults", { rates: { http502: 0.7, isp: 0.7 } })).rejects.toThrow(/400/);
  });

  it("a truncated body cuts the JSON; a write whose response is lost is still stored", async () => {
    const session = await t.session();
    await t.admin("/_sandbox/faults", { rates: { truncate: 1, http502: 0 }, seed: 3 });
    const r = await t.call("taobao.trades.sold.get", { fields: "tid,tid_str", page_size: "1" }, { session }).catch(() => null);
    if (r) expect(() => parseTop(r.text)).toThrow();
    await t.admin("/_sandbox/faults", { profile: "off" });
    const tid = ((await t.ok("taobao.trades.sold.get", { fields: "tid_str", page_size: "1" }, { session })).trades as { trade: { tid_str: string }[] }).trade[0]!.tid_str;
    await t.admin("/_sandbox/faults", { rates: { truncate: 1 }, seed: 4 });
    await t.call("taobao.trade.memo.update", { tid, memo: "响应丢了也已保存" }, { session }).catch(() => null);
    await t.admin("/_sandbox/faults", { profile: "off" });
    const full = await t.ok("taobao.trade.fullinfo.get", { fields: "seller_memo", tid }, { session });
    expect(full.trade).toEqual({ seller_memo: "响应丢了也已保存" });
  });
});

describe("quotas", () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startTestSandbox({ dailyQuota: 5 });
  });
  afterAll(() => t.close());

  it("the daily quota answers code 7 limited-by-app-access-count until Shanghai midnight, then resets", async () => {
    for (let i = 0; i < 5; i++) expect((await t.ok(COMPANIES, { fields: "code" }))._key).toBe("logistics_companies_get_response");
    const e = (await t.ok(COMPANIES, { fields: "code" })) as { code?: number; sub_code?: string; sub_msg?: string };
    // The clock is 2026-11-28 12:00:00 (GMT+8): 12 hours to midnight.
    expect(e).toEqual({ _key: "error_response", code: 7, msg: "App Call Limited", sub_code: "accesscontrol.limited-by-app-access-count", sub_msg: "This ban will last for 43200 more seconds", request_id: expect.any(String) });
    await t.advance(12 * 3600);
    expect((await t.ok(COMPANIES, { fields: "code" }))._key).toBe("logistics_companies_get_response");
  });

  it("the per-second limit answers code 7 limited-by-api-access-count with the ban's remaining seconds", async () => {
    await t.admin("/_sandbox/quota", { qps: 2, dailyQuota: 0, reset: true });
    const results: string[] = [];
    for (let i = 0; i < 20; i++) {
      const b = (await t.ok(COMPANIES, { fields: "code" })) as { _key: string; code?: number; sub_code?: string; sub_msg?: string };
      if (b.code === 7) {
        expect(b.sub_code).toBe("accesscontrol.limited-by-api-access-count");
        expect(b.sub_msg).toBe("This ban will last for 1 more seconds");
      }
      results.push(b.code === 7 ? "7" : "ok");
    }
    expect(results.filter((r) => r === "7").length).toBeGreaterThan(0);
    await t.admin("/_sandbox/quota", { qps: 0, reset: true });
    expect((await t.ok(COMPANIES, { fields: "code" }))._key).toBe("logistics_companies_get_response");
  });

  it("a bad signature is not counted against the quota", async () => {
    await t.admin("/_sandbox/quota", { qps: 0, dailyQuota: 1, reset: true });
    for (let i = 0; i < 3; i++) expect(((await t.ok(COMPANIES, { fields: "code" }, { appSecret: "x" })) as { code?: number }).code).toBe(25);
    expect((await t.ok(COMPANIES, { fields: "code" }))._key).toBe("logistics_companies_get_response");
    expect(((await t.ok(COMPANIES, { fields: "code" })) as { code?: number }).code).toBe(7);
  });
});
