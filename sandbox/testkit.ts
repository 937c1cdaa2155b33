/**
 * Shared setup for the sandbox's own tests: a small, frozen, admin-enabled sandbox and thin
 * wrappers over the raw-HTTP helpers of testing.ts.
 */
import { isSafeNumber, parse as parseLossless } from "lossless-json";
import { formatTopTime, parseTopTime } from "../lib/time";
import { MAIN_SHOP_NICK } from "./defaults";
import { ACCEPTED_TYPE_VALUES } from "./model";
import { startSandbox, type Sandbox, type SandboxOptions } from "./server";
import { adminCall, authorizeViaHttp, topCall, type TopCallOptions, type TopCallResult } from "./testing";

export const TEST_CLOCK = "2026-11-28 12:00:00";
export const ALL_TYPES = [...ACCEPTED_TYPE_VALUES].join(",");
export const LIST_FIELDS =
  "tid,tid_str,status,type,created,modified,pay_time,consign_time,end_time,payment,total_fee,post_fee,discount_fee,adjust_fee,buyer_open_uid,buyer_nick,seller_flag,has_buyer_message,receiver_state,orders";

export interface TestSandbox {
  sb: Sandbox;
  /** Signed call at the sandbox clock. */
  call(method: string, params?: Record<string, string>, extra?: Partial<TopCallOptions>): Promise<TopCallResult>;
  /** `<method>_response` (or error_response) parsed losslessly: ids as strings. */
  ok(method: string, params?: Record<string, string>, extra?: Partial<TopCallOptions>): Promise<Record<string, unknown>>;
  session(account?: string): Promise<string>;
  admin<T = Record<string, unknown>>(path: string, body?: unknown): Promise<T>;
  advance(seconds: number): Promise<void>;
  close(): Promise<void>;
}

/** Parses a TOP body keeping every integer that does not fit a double as a string. */
export function parseTop(text: string): Record<string, unknown> {
  return parseLossless(text, undefined, (v: string) => (isSafeNumber(v) ? Number(v) : v)) as Record<string, unknown>;
}

export function topTime(ms: number): string {
  return formatTopTime(new Date(ms));
}

export function topSec(s: string): number {
  return Math.floor(parseTopTime(s).getTime() / 1000);
}

export async function startTestSandbox(opts: SandboxOptions = {}): Promise<TestSandbox> {
  const sb = await startSandbox({ port: 0, orders: 1200, admin: true, clockStart: TEST_CLOCK, frozen: true, tokenTtl: 400 * 86_400, refreshTtl: 400 * 86_400, ...opts });
  const sessions = new Map<string, string>();
  const t: TestSandbox = {
    sb,
    call: (method, params = {}, extra = {}) => topCall(sb.gatewayUrl, { method, params, now: sb.clock.nowMs(), appKey: sb.options.appKey, appSecret: sb.options.appSecret, ...extra }),
    async ok(method, params, extra) {
      const r = await t.call(method, params, extra);
      const body = parseTop(r.text);
      const key = Object.keys(body)[0]!;
      return { _key: key, ...(body[key] as Record<string, unknown>) };
    },
    async session(account = MAIN_SHOP_NICK) {
      let s = sessions.get(account);
      if (!s) {
        s = (await authorizeViaHttp(sb.url, { account, appKey: sb.options.appKey, appSecret: sb.options.appSecret })).access_token;
        sessions.set(account, s);
      }
      return s;
    },
    admin: (path, body) => adminCall(sb.url, path, body),
    async advance(seconds) {
      await adminCall(sb.url, "/_sandbox/clock", { advance: seconds });
    },
    close: () => sb.close(),
  };
  return t;
}

export interface WireTrade {
  tid: string;
  tid_str?: string;
  status?: string;
  modified?: string;
  created?: string;
  payment?: string;
  [k: string]: unknown;
}

/** `trades.trade[]` of a list response, or [] when the list is absent. */
export function tradesOf(body: Record<string, unknown>): WireTrade[] {
  const trades = body.trades as { trade?: WireTrade[] } | undefined;
  return trades?.trade ?? [];
}
