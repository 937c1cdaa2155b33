/**
 * The process's TOP client and OAuth settings, built once from the environment. lib/top itself
 * reads no configuration; this is the one place that wires it to lib/env.
 *
 * TOP_QPS and TOP_DAILY_BUDGET are the app key's limits across every process sharing the
 * database (the app, `npm run sync`, `npm run worker`): the limiter reserves calls in the
 * `TopQuota` row (lib/top-quota), since the platform counts per app key.
 */
import "server-only";
import { createTopClient, createTopMetrics, type OAuthRequestOptions, type TopClient } from "@/lib/top";
import { createDatabaseRateLimiter, type QuotaLimiter } from "@/lib/top-quota";
import { env } from "./env";

const globalForTop = globalThis as unknown as { orderdeskTop?: TopClient; orderdeskTopQuota?: QuotaLimiter };

export function topClient(): TopClient {
  if (!globalForTop.orderdeskTop) {
    const e = env();
    const limiter = createDatabaseRateLimiter({ appKey: e.TOP_APP_KEY, qps: e.TOP_QPS, dailyBudget: e.TOP_DAILY_BUDGET });
    globalForTop.orderdeskTopQuota = limiter;
    globalForTop.orderdeskTop = createTopClient({
      gatewayUrl: e.TOP_GATEWAY_URL,
      appKey: e.TOP_APP_KEY,
      appSecret: e.TOP_APP_SECRET,
      signMethod: e.TOP_SIGN_METHOD,
      timeoutMs: e.TOP_TIMEOUT_MS,
      limiter,
      metrics: createTopMetrics(),
    });
  }
  return globalForTop.orderdeskTop;
}

/**
 * Gives this process's unused reserved calls of the day back to the app key's budget (CLIs,
 * before closing the database connection). The client keeps working afterwards.
 */
export async function releaseTopQuota(): Promise<void> {
  await globalForTop.orderdeskTopQuota?.close();
}

export function oauthOptions(): OAuthRequestOptions {
  const e = env();
  return { oauthBaseUrl: e.TOP_OAUTH_BASE_URL, appKey: e.TOP_APP_KEY, appSecret: e.TOP_APP_SECRET, timeoutMs: e.TOP_TIMEOUT_MS };
}
