/**
 * The TOP client's public surface. Server-only: the client holds the app secret.
 * See README "How the TOP client works".
 */
import "server-only";

export { createTopClient, DEFAULT_RETRY, DEFAULT_TIMEOUT_MS } from "./client";
export type { TopCallOptions, TopClient, TopClientConfig, TopLogger, TopRetryConfig } from "./client";
export { SIGN_METHODS, isSignMethod, signTopRequest, topSignString } from "./sign";
export type { SignMethod } from "./sign";
export { parseLosslessJson, parseTopResponse, topResponseKey, TOP_ID_KEYS } from "./parse";
export { serializeParams, TOP_SYSTEM_PARAMS } from "./params";
export type { TopParams, TopParamValue } from "./params";
export {
  classifyTopError,
  isSessionSubCode,
  isTopClientError,
  parseBanMs,
  TOP_ERROR_KINDS,
  TopBudgetExceededError,
  TopClientError,
  TopError,
  TopOAuthError,
  TopParseError,
  TopSchemaError,
  TopSessionError,
  TopTransportError,
  TopValidationError,
} from "./errors";
export type { TopErrorKind, TopErrorResponse, TopParseReason, TopSchemaIssue, TopTransportReason } from "./errors";
export { createMemoryRateLimiter, unlimitedRateLimiter } from "./limiter";
export type { MemoryRateLimiter, MemoryRateLimiterOptions, RateLimiter } from "./limiter";
export { createPlatformClock } from "./platform-clock";
export type { MeasuredPlatformClock, PlatformClock } from "./platform-clock";
export { createTopMetrics } from "./metrics";
export type { TopMethodStats, TopMetrics, TopMetricsSnapshot } from "./metrics";
export { buildAuthorizeUrl, decodeNick, exchangeCode, OAUTH_VIEWS, parseTokenResponse, refreshToken } from "./oauth";
export type { BuildAuthorizeUrlOptions, ExchangeCodeOptions, OAuthRequestOptions, OAuthView, RefreshTokenOptions, TopOAuthToken } from "./oauth";
export { normalizeCompany, normalizeOaidReceiver, normalizeTmcMessage, normalizeTrace, normalizeTrade } from "./normalize";
export { LOGISTICS_COMPANY_FIELDS, TRADE_FULLINFO_FIELDS, TRADE_LIST_FIELDS } from "./fields";
export * from "./types";
export * from "./api/trades";
export * from "./api/logistics";
export * from "./api/memo";
export * from "./api/oaid";
export * from "./api/tmc";
export * from "./api/time";
export type { TopWrapperOptions } from "./api/shared";
export * from "./schemas/trade";
export * from "./schemas/logistics";
export * from "./schemas/memo";
export * from "./schemas/oaid";
export * from "./schemas/tmc";
export * from "./schemas/time";
export { formatIssuePath, parseWith, topBool, topId, topInt, topList, topMoney, topTime } from "./schemas/common";
