/**
 * The TOP call limits of an app key, shared by every process on the database (the `TopQuota`
 * row): lib/taobao.ts builds the process's client with it. lib/top stays free of the database;
 * the protocol-level limiter interface is lib/top's `RateLimiter`.
 */
import "server-only";
import { syncSql } from "@/lib/sync/sql";
import { createQuotaLimiter, type QuotaLimiter, type QuotaLimiterOptions } from "./limiter";
import { sqlQuotaStore } from "./sql-store";

export { createQuotaLimiter, msToShanghaiMidnight, quotaBlocks, TopQuotaUnavailableError } from "./limiter";
export type { QuotaBlocks, QuotaLimiter, QuotaLimiterOptions, QuotaRow, QuotaStore } from "./limiter";
export { sqlQuotaStore } from "./sql-store";

export interface DatabaseRateLimiterOptions extends Omit<QuotaLimiterOptions, "store"> {
  appKey: string;
}

/** A limiter over the process's cache connection (`syncSql()`, on DATABASE_URL): the limits hold across processes. */
export function createDatabaseRateLimiter(options: DatabaseRateLimiterOptions): QuotaLimiter {
  const { appKey, ...rest } = options;
  return createQuotaLimiter({ ...rest, store: sqlQuotaStore(syncSql, appKey) });
}
