/**
 * The admin API under /_sandbox/ (only with --admin). JSON in, JSON out; faults never apply.
 * See sandbox/README.md for every route.
 */
import { formatTopTime, parseTopTime } from "../lib/time";
import { FAULT_KINDS, FAULT_PROFILES, faultConfig, type FaultConfig, type FaultProfileName, type FaultRates } from "./faults";
import { maskMobile, type InjectSpec } from "./generator";
import { STATUSES, TRADE_TYPES } from "./model";
import type { SandboxStore } from "./store";

export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface AdminRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90`, `"90s"`, `"15m"`, `"2h"`, `"1d"`, `"500ms"` → milliseconds (bare numbers are seconds). */
export function parseDuration(v: unknown): number {
  if (typeof v === "number" && Number.isFinite(v) && v >= 0) return v * 1000;
  if (typeof v === "string") {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(v.trim());
    if (m) return Number(m[1]) * UNITS[m[2] ?? "s"]!;
  }
  throw new AdminError(400, `invalid duration ${JSON.stringify(v)}: use seconds or "90s", "15m", "2h", "1d"`);
}

function instant(v: unknown): number {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string") {
    try {
      return parseTopTime(v).getTime();
    } catch {
      const ms = Date.parse(v);
      if (!Number.isNaN(ms)) return ms;
    }
  }
  throw new AdminError(400, `invalid time ${JSON.stringify(v)}: use "yyyy-MM-dd HH:mm:ss" (GMT+8), ISO 8601 or epoch ms`);
}

function obj(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== "object" || Array.isArray(body)) throw new AdminError(400, "expected a JSON object body");
  return body as Record<string, unknown>;
}

function shopParam(store: SandboxStore, nick: string | null | undefined) {
  if (!nick) throw new AdminError(400, "shop is required (the shop's nick)");
  const shop = store.shopByNick(nick);
  if (!shop) throw new AdminError(404, `no shop ${nick}; shops: ${store.shops.map((s) => s.account.nick).join(", ")}`);
  return shop;
}

/** A query flag: `1` or `true`. */
function flag(v: string | null): boolean {
  return v === "1" || v === "true";
}

export function faultState(store: SandboxStore): object {
  const c = store.faults.config;
  return { ...c, failureRate: Number(store.faults.failureRate().toFixed(4)), draws: store.faults.draws() };
}

export function handleAdmin(store: SandboxStore, req: AdminRequest, initial: { frozen: boolean }): unknown {
  const T = store.nowSec();
  const route = `${req.method} ${req.path}`;
  switch (route) {
    case "GET /_sandbox/clock":
      return store.clock.state();
    case "POST /_sandbox/clock": {
      const b = obj(req.body);
      try {
        if (b.set !== undefined) store.clock.set(instant(b.set));
        if (b.advance !== undefined) store.clock.advance(parseDuration(b.advance));
      } catch (e) {
        if (e instanceof AdminError) throw e;
        throw new AdminError(400, e instanceof Error ? e.message : String(e));
      }
      if (b.freeze === true) store.clock.freeze();
      if (b.freeze === false) store.clock.unfreeze();
      return store.clock.state();
    }
    case "GET /_sandbox/faults":
      return faultState(store);
    case "POST /_sandbox/faults": {
      const b = obj(req.body);
      const cur = store.faults.config;
      let next: FaultConfig = { ...cur, rates: { ...cur.rates } };
      if (b.profile !== undefined) {
        if (typeof b.profile !== "string" || !(b.profile in FAULT_PROFILES)) throw new AdminError(400, "profile must be off, light or heavy");
        next = { ...faultConfig(b.profile as FaultProfileName, cur.seed), hangMs: cur.hangMs };
      }
      if (b.rates !== undefined) {
        const rates = obj(b.rates);
        for (const [k, v] of Object.entries(rates)) {
          if (!(FAULT_KINDS as readonly string[]).includes(k) || typeof v !== "number" || v < 0 || v > 1) {
            throw new AdminError(400, `rates.${k} must be a probability 0..1; kinds: ${FAULT_KINDS.join(", ")}`);
          }
          next.rates[k as keyof FaultRates] = v;
        }
        next.profile = "custom";
      }
      const sum = FAULT_KINDS.reduce((s, k) => s + next.rates[k], 0);
      if (sum > 1) throw new AdminError(400, "fault probabilities add up to more than 1");
      const range = (v: unknown, name: string): [number, number] => {
        if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === "number" && x >= 0) || v[0] > v[1]) {
          throw new AdminError(400, `${name} must be [min, max]`);
        }
        return [v[0] as number, v[1] as number];
      };
      if (b.slowMs !== undefined) next.slowMs = range(b.slowMs, "slowMs");
      if (b.banSeconds !== undefined) next.banSeconds = range(b.banSeconds, "banSeconds");
      if (b.hangMs !== undefined) {
        if (typeof b.hangMs !== "number" || b.hangMs < 0) throw new AdminError(400, "hangMs must be a number of ms");
        next.hangMs = b.hangMs;
      }
      if (b.seed !== undefined) {
        if (typeof b.seed !== "number" || !Number.isInteger(b.seed)) throw new AdminError(400, "seed must be an integer");
        next.seed = b.seed;
      }
      store.faults.set(next);
      return faultState(store);
    }
    case "GET /_sandbox/quota":
      return { ...store.quota.config, usedToday: Object.fromEntries([...store.apps.keys()].map((k) => [k, store.quota.usedToday(k)])) };
    case "POST /_sandbox/quota": {
      const b = obj(req.body);
      for (const k of ["qps", "dailyQuota"] as const) {
        if (b[k] === undefined) continue;
        const v = b[k];
        if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new AdminError(400, `${k} must be a non-negative integer (0 = unlimited)`);
        store.quota.config[k] = v;
      }
      if (b.reset === true) store.quota.reset();
      return store.quota.config;
    }
    case "GET /_sandbox/truth": {
      const shop = shopParam(store, req.query.get("shop"));
      const out: Record<string, unknown> = { nick: shop.account.nick, ...shop.truth(T) };
      if (flag(req.query.get("deep"))) {
        // The deep digest (sandbox/README.md, "The deep truth digest"); lines=1 adds its lines.
        const deep = shop.deepTruth(T, flag(req.query.get("lines")));
        out.deep = deep.lines ? { digest: deep.digest, lines: deep.lines } : { digest: deep.digest };
      }
      return out;
    }
    case "POST /_sandbox/reset": {
      const b = obj(req.body);
      store.reset({ tokens: b.tokens === true, frozen: initial.frozen });
      store.faults.set(store.config.faults);
      return { ok: true, clock: store.clock.state() };
    }
    case "POST /_sandbox/revoke": {
      const b = obj(req.body);
      const filter = { token: typeof b.token === "string" ? b.token : undefined, nick: typeof b.nick === "string" ? b.nick : undefined, all: b.all === true };
      if (!filter.token && !filter.nick && !filter.all) throw new AdminError(400, "give token, nick or all: true");
      return { revoked: store.tokens.revoke(filter) };
    }
    case "GET /_sandbox/shops":
      return {
        shops: store.shops.map((s) => ({
          nick: s.account.nick,
          taobao_user_id: s.account.userId,
          sub_accounts: s.account.subAccounts.map((x) => ({ nick: x.nick, sub_taobao_user_id: x.userId })),
          authorised_sub_accounts: s.account.authorisedSubAccounts.map((x) => ({ nick: x.nick, sub_taobao_user_id: x.userId, login: `${x.nick}@${s.account.nick}` })),
          trades: s.countAt(T),
        })),
      };
    case "GET /_sandbox/trades": {
      const shop = shopParam(store, req.query.get("shop"));
      const status = req.query.get("status");
      if (status && !(STATUSES as readonly string[]).includes(status)) throw new AdminError(400, `unknown status ${status}`);
      const limit = Math.min(500, Math.max(1, Number(req.query.get("limit") ?? "20") || 20));
      const out: object[] = [];
      const total = shop.countAt(T);
      for (let idx = shop.n - 1; idx >= 0 && out.length < limit; idx--) {
        if (!shop.existsAt(idx, T)) continue;
        const st = STATUSES[shop.statusAt(idx, T)]!;
        if (status && st !== status) continue;
        out.push({ tid: shop.tids[idx], status: st, type: TRADE_TYPES[shop.type[idx]!], modified: formatTopTime(new Date(shop.modifiedAt(idx, T) * 1000)) });
      }
      return { nick: shop.account.nick, total, trades: out };
    }
    case "GET /_sandbox/trade": {
      const shop = shopParam(store, req.query.get("shop"));
      const tid = req.query.get("tid") ?? "";
      const idx = shop.indexOf(tid);
      if (idx === undefined || !shop.existsAt(idx, T)) throw new AdminError(404, `no trade ${tid} in ${shop.account.nick}`);
      const v = shop.view(idx, T);
      return {
        tid,
        status: STATUSES[v.state.status],
        type: TRADE_TYPES[v.doc.type],
        modified: formatTopTime(new Date(v.state.modified * 1000)),
        buyer: { nick: v.buyer.nick, masked_nick: v.buyer.maskedNick, open_uid: v.buyer.openUid },
        receiver: { ...v.receiver, masked_mobile: maskMobile(v.receiver.mobile) },
        buyer_message: v.doc.buyerMessage,
        seller_memo: v.state.memo,
        seller_flag: v.state.flag,
        orders: v.doc.orders.map((o, k) => ({ oid: o.oid, title: o.product.def.title, status: STATUSES[v.state.orders[k]!.status] })),
        events: shop.events(idx).map((e) => ({ time: formatTopTime(new Date(e.t * 1000)), kind: e.kind, status: STATUSES[e.status] })),
      };
    }
    case "POST /_sandbox/trades": {
      const b = obj(req.body);
      const shop = shopParam(store, typeof b.shop === "string" ? b.shop : null);
      const created = b.created === undefined ? T : Math.floor(instant(b.created) / 1000);
      if (created > T) throw new AdminError(400, "created must not be after the sandbox clock");
      if (created < store.historyStart - 86_400) throw new AdminError(400, "created is older than the shop's history");
      const status = (b.status ?? "WAIT_SELLER_SEND_GOODS") as InjectSpec["status"];
      if (!["WAIT_BUYER_PAY", "WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS", "TRADE_FINISHED"].includes(status)) {
        throw new AdminError(400, "status must be WAIT_BUYER_PAY, WAIT_SELLER_SEND_GOODS, WAIT_BUYER_CONFIRM_GOODS or TRADE_FINISHED");
      }
      const text = (k: string, max: number): string | undefined => {
        const v = b[k];
        if (v === undefined) return undefined;
        if (typeof v !== "string" || v.length > max) throw new AdminError(400, `${k} must be a string of at most ${max} characters`);
        return v;
      };
      const flag = b.sellerFlag;
      if (flag !== undefined && (typeof flag !== "number" || !Number.isInteger(flag) || flag < 0 || flag > 5)) throw new AdminError(400, "sellerFlag must be 0..5");
      const spec: InjectSpec = { created, at: T, status, buyerMessage: text("buyerMessage", 500), sellerMemo: text("sellerMemo", 1000), sellerFlag: flag as number | undefined };
      const idx = shop.inject(spec);
      return { nick: shop.account.nick, tid: shop.tids[idx], status, created: formatTopTime(new Date(created * 1000)) };
    }
    default:
      throw new AdminError(404, `no admin route ${route}`);
  }
}
