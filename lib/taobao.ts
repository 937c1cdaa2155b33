/**
 * The process's TOP client and OAuth settings, built once from the environment. lib/top itself
 * reads no configuration; this is the one place that wires it to lib/env.
 */
import "server-only";
import { createMemoryRateLimiter, createTopClient, createTopMetrics, type OAuthRequestOptions, type TopClient } from "@/lib/top";
import { env } from "./env";

const globalForTop = globalThis as unknown as { orderdeskTop?: TopClient };

export function topClient(): TopClient {
  if (!globalForTop.orderdeskTop) {
    const e = env();
    globalForTop.orderdeskTop = createTopClient({
      gatewayUrl: e.TOP_GATEWAY_URL,
      appKey: e.TOP_APP_KEY,
      appSecret: e.TOP_APP_SECRET,
      signMethod: e.TOP_SIGN_METHOD,
      timeoutMs: e.TOP_TIMEOUT_MS,
      limiter: createMemoryRateLimiter({ qps: e.TOP_QPS, dailyBudget: e.TOP_DAILY_BUDGET }),
      metrics: createTopMetrics(),
    });
  }
  return globalForTop.orderdeskTop;
}

export function oauthOptions(): OAuthRequestOptions {
  const e = env();
  return { oauthBaseUrl: e.TOP_OAUTH_BASE_URL, appKey: e.TOP_APP_KEY, appSecret: e.TOP_APP_SECRET, timeoutMs: e.TOP_TIMEOUT_MS };
}
