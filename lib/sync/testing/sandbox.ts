/**
 * Test and benchmark helpers for the sync engine: a sandbox with the app pointed at it, a shop
 * connected through the real OAuth flow (sandbox/testing.ts, no browser), a TOP client whose
 * clock is the sandbox's, and checks against the sandbox's truth.
 *
 * The app reads TOP_OAUTH_BASE_URL / TOP_GATEWAY_URL once (lib/env), so `startSyncSandbox` must
 * run before anything in the test process touches env().
 */
import { startSandbox, type Sandbox, type SandboxOptions } from "@/sandbox/server";
import { adminCall, authorizeViaHttp } from "@/sandbox/testing";
import { connectAccount } from "@/lib/shops/connect";
import { createTopClient, parseTokenResponse, unlimitedRateLimiter, type TopClient, type TopClientConfig } from "@/lib/top";
import type { CacheDigest } from "../digest";

export interface DeepTruth extends CacheDigest {
  deep: { digest: string; lines?: string[] };
}

export interface SyncSandbox {
  sb: Sandbox;
  url: string;
  /** The sandbox's clock as the platform's now. */
  clock: () => Date;
  /** A TOP client for the sandbox: its timestamps follow the sandbox clock; quick retries. */
  client(overrides?: Partial<TopClientConfig>): TopClient;
  admin<T = Record<string, unknown>>(path: string, body?: unknown): Promise<T>;
  advance(duration: string | number): Promise<void>;
  truth(nick: string): Promise<CacheDigest>;
  /** `/_sandbox/truth?deep=1` (sandbox/README.md, "The deep truth digest"); `lines` adds the deep lines. */
  deepTruth(nick: string, opts?: { lines?: boolean }): Promise<DeepTruth>;
  /** Signs the shop's main account in through the consent page and connects the shop; returns its id. */
  connect(nick: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts an admin-enabled sandbox and points this process's configuration at it. */
export async function startSyncSandbox(options: SandboxOptions = {}): Promise<SyncSandbox> {
  const sb = await startSandbox({ port: 0, admin: true, ...options });
  process.env.TOP_GATEWAY_URL = sb.gatewayUrl;
  process.env.TOP_OAUTH_BASE_URL = sb.url;
  const clock = () => new Date(sb.clock.nowMs());
  const admin = <T = Record<string, unknown>>(path: string, body?: unknown) => adminCall<T>(sb.url, path, body);
  return {
    sb,
    url: sb.url,
    clock,
    client: (overrides = {}) =>
      createTopClient({
        gatewayUrl: sb.gatewayUrl,
        appKey: sb.options.appKey,
        appSecret: sb.options.appSecret,
        timeoutMs: 10_000,
        retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 200, maxBanWaitMs: 5_000 },
        limiter: unlimitedRateLimiter,
        now: clock,
        logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
        ...overrides,
      }),
    admin,
    advance: async (duration) => {
      await admin("/_sandbox/clock", { advance: duration });
    },
    truth: (nick) => admin<CacheDigest>(`/_sandbox/truth?shop=${encodeURIComponent(nick)}`),
    deepTruth: (nick, opts = {}) => admin<DeepTruth>(`/_sandbox/truth?shop=${encodeURIComponent(nick)}&deep=1${opts.lines ? "&lines=1" : ""}`),
    async connect(nick) {
      const token = await authorizeViaHttp(sb.url, { account: nick, appKey: sb.options.appKey, appSecret: sb.options.appSecret });
      const result = await connectAccount(parseTokenResponse(token));
      return result.shopId;
    },
    close: () => sb.close(),
  };
}

/** A TOP client that runs `hook` before the n-th call of a method (tests: advance the clock mid-window, expire a token). */
export function withCallHook(client: TopClient, hook: (method: string, n: number, params: Readonly<Record<string, unknown>>) => Promise<void> | void): TopClient {
  const counts = new Map<string, number>();
  return {
    appKey: client.appKey,
    gatewayUrl: client.gatewayUrl,
    signMethod: client.signMethod,
    metrics: client.metrics,
    platformClock: client.platformClock,
    async call(method, params, options) {
      const n = (counts.get(method) ?? 0) + 1;
      counts.set(method, n);
      await hook(method, n, params ?? {});
      return client.call(method, params, options);
    },
  };
}
