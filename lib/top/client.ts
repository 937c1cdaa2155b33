/**
 * The TOP client: signed POSTs to the REST router with timeouts, bounded retries, ban handling,
 * a rate limiter and metrics. The secret lives only in this closure; neither it nor the session
 * ever reaches a log line or an error message.
 */
import "server-only";
import { z } from "zod";
import { log as rootLog } from "../log";
import { formatTopTime } from "../time";
import { TopClientError, TopError, TopTransportError, TopValidationError, redactSecrets } from "./errors";
import { defaultSleep, unlimitedRateLimiter, type RateLimiter } from "./limiter";
import { createTopMetrics, type TopMetrics } from "./metrics";
import { serializeParams, type TopParams } from "./params";
import { parseLosslessJson, parseTopResponse } from "./parse";
import { createPlatformClock, type PlatformClock } from "./platform-clock";
import { SIGN_METHODS, signTopRequest, type SignMethod } from "./sign";
import { createHttpTransport, fetchTransport, TransportFailure, type TransportResponse } from "./transport";

export interface TopRetryConfig {
  /** Attempts per call, the first included (1 = no retries). */
  maxAttempts: number;
  /** First backoff step; step n is min(maxDelayMs, baseDelayMs·2^(n-1)), fully jittered for transient errors. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest announced ban (code 7) the client waits out; a longer ban fails at once with retryAfterMs. */
  maxBanWaitMs: number;
}

export const DEFAULT_RETRY: Readonly<TopRetryConfig> = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 5_000, maxBanWaitMs: 60_000 };
export const DEFAULT_TIMEOUT_MS = 15_000;

/** The logger methods the client uses (pino's signature); `lib/log` by default. */
export interface TopLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface TopClientConfig {
  /** e.g. `https://eco.taobao.com/router/rest` or the local sandbox `http://127.0.0.1:4100/router/rest`. */
  gatewayUrl: string;
  appKey: string;
  appSecret: string;
  signMethod?: SignMethod;
  /** Per-attempt timeout (request and body). */
  timeoutMs?: number;
  retry?: Partial<TopRetryConfig>;
  /** One limiter per app key; unlimited by default. */
  limiter?: RateLimiter;
  metrics?: TopMetrics;
  /** A fetch implementation to send the calls with (default: node:http(s) with a keep-alive pool, see transport.ts). */
  fetch?: typeof fetch;
  /** Connections kept open to the gateway (default 32). */
  maxSockets?: number;
  /**
   * Ask for gzip responses (default: yes, except from a gateway on this machine's loopback
   * interface, where compressing and inflating cost more CPU on both sides than the bytes save).
   * Compressed answers are decoded either way.
   */
  compression?: boolean;
  /** The local clock: request timestamps, and the base of `platformClock` (tests use the sandbox clock). */
  now?: () => Date;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1); Math.random by default. */
  random?: () => number;
  logger?: TopLogger;
}

export interface TopCallOptions {
  /** The seller's OAuth access token, for authorised APIs. */
  session?: string;
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number;
}

export interface TopClient {
  readonly appKey: string;
  readonly gatewayUrl: string;
  readonly signMethod: SignMethod;
  readonly metrics: TopMetrics;
  /**
   * The platform's clock, measured from the `Date` header of every gateway answer (see
   * platform-clock.ts): null until the first answer; a lower bound, never ahead of the platform.
   * `taobaoTimeGet` (api/time.ts) measures it in one call.
   */
  readonly platformClock: PlatformClock;
  /**
   * Calls a TOP method and returns the object inside `<method>_response` (ids as exact strings).
   * Throws TopValidationError (bad input, no request sent), TopError/TopSessionError (gateway
   * error), TopTransportError, TopParseError or TopBudgetExceededError.
   */
  call(method: string, params?: TopParams, options?: TopCallOptions): Promise<Record<string, unknown>>;
}

const configSchema = z.object({
  gatewayUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
  appKey: z.string({ error: "must be a string" }).trim().min(1, "must not be empty"),
  appSecret: z.string({ error: "must be a string" }).min(1, "must not be empty"),
  signMethod: z.enum(SIGN_METHODS, { error: `must be one of ${SIGN_METHODS.join(", ")}` }).default("hmac-sha256"),
  timeoutMs: z.number().int().positive().max(600_000).default(DEFAULT_TIMEOUT_MS),
  retry: z
    .object({
      maxAttempts: z.number().int().min(1).max(20).optional(),
      baseDelayMs: z.number().min(0).optional(),
      maxDelayMs: z.number().min(0).optional(),
      maxBanWaitMs: z.number().min(0).optional(),
    })
    .optional(),
});

/** Config keys → the names used in error messages. */
const CONFIG_PARAM_NAMES: Record<string, string> = { signMethod: "sign_method", appKey: "app_key", appSecret: "app_secret" };

const METHOD_NAME = /^[a-z][a-z0-9]*(\.[a-z0-9_]+)+$/i;

export function createTopClient(config: TopClientConfig): TopClient {
  const parsed = configSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path.map(String).join(".") || "config";
    const name = CONFIG_PARAM_NAMES[key] ?? key;
    // Never echo the received value: it may be the secret.
    throw new TopValidationError(null, name, issue.message);
  }
  const { gatewayUrl, appKey, signMethod, timeoutMs } = parsed.data;
  const secret = config.appSecret;
  const retry: TopRetryConfig = { ...DEFAULT_RETRY, ...stripUndefined(parsed.data.retry ?? {}) };
  const limiter = config.limiter ?? unlimitedRateLimiter;
  const metrics = config.metrics ?? createTopMetrics();
  const now = config.now ?? (() => new Date());
  const sleep = config.sleep ?? defaultSleep;
  const random = config.random ?? Math.random;
  const logger: TopLogger = config.logger ?? rootLog.child({ module: "top" });
  const platformClock = createPlatformClock(now);
  const gatewayURL = new URL(gatewayUrl);
  const transport = config.fetch ? fetchTransport(config.fetch) : createHttpTransport({ maxSockets: config.maxSockets });
  const requestHeaders: Record<string, string> = {
    "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
    Accept: "application/json",
    "Accept-Encoding": (config.compression ?? !isLoopbackHost(gatewayURL.hostname)) ? "gzip, deflate" : "identity",
  };

  function backoff(attempt: number, full: boolean): number {
    const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
    return full ? Math.floor(random() * cap) : cap;
  }

  async function attemptOnce(
    method: string,
    business: Record<string, string>,
    session: string | undefined,
    signal: AbortSignal | undefined,
    timeout: number,
  ): Promise<Record<string, unknown>> {
    const all: Record<string, string> = {
      ...business,
      method,
      app_key: appKey,
      timestamp: formatTopTime(now()),
      format: "json",
      v: "2.0",
      sign_method: signMethod,
    };
    // The session is part of the signed set (a client that adds it after signing gets code 25).
    if (session !== undefined) all.session = session;
    const sign = signTopRequest(all, secret, signMethod);
    const body = new URLSearchParams({ ...all, sign }).toString();
    const redact = [secret, session];

    const fail = (error: unknown): TopTransportError => {
      if (signal?.aborted) return new TopTransportError(`TOP ${method} aborted by the caller`, { reason: "aborted", method, cause: signal.reason });
      const f = TransportFailure.is(error) ? error : new TransportFailure("request", false, error);
      if (f.timedOut) return new TopTransportError(`TOP ${method} timed out after ${timeout} ms (${f.stage})`, { reason: "timeout", method });
      return new TopTransportError(`TOP ${method} network error (${f.stage}): ${redactSecrets(describeNetworkError(f.cause), redact)}`, {
        reason: "network",
        method,
        cause: f.cause,
      });
    };

    let res: TransportResponse;
    try {
      res = await transport({ url: gatewayURL, headers: requestHeaders, body, signal, timeoutMs: timeout });
    } catch (error) {
      throw fail(error);
    }
    // Any answer, error pages included, carries the gateway's clock.
    if (res.date) platformClock.record(res.date, now().getTime());
    const text = res.text;
    if (res.status < 200 || res.status > 299) {
      // A gateway error_response sent with a non-200 status still counts as a TOP error.
      const topError = tryErrorResponse(method, text, redact);
      if (topError) throw topError;
      const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
      throw new TopTransportError(`TOP ${method} answered HTTP ${res.status}`, { reason: "http", status: res.status, method, retryable });
    }
    return parseTopResponse(method, text, { redact });
  }

  async function call(method: string, params: TopParams = {}, options: TopCallOptions = {}): Promise<Record<string, unknown>> {
    if (typeof method !== "string" || !METHOD_NAME.test(method)) {
      throw new TopValidationError(null, "method", `must be a TOP method name like taobao.trade.fullinfo.get (got ${JSON.stringify(String(method)).slice(0, 80)})`);
    }
    const { session, signal } = options;
    if (session !== undefined && (typeof session !== "string" || session.trim() === "")) {
      throw new TopValidationError(method, "session", "must be a non-empty string when given");
    }
    const timeout = options.timeoutMs ?? timeoutMs;
    if (!(Number.isInteger(timeout) && timeout > 0)) throw new TopValidationError(method, "timeoutMs", "must be a positive integer");
    const business = serializeParams(method, params);

    metrics.recordCall(method);
    for (let attempt = 1; ; attempt++) {
      let error: TopClientError;
      const started = performance.now();
      let sent = false;
      try {
        await limiter.acquire(method, signal);
        sent = true;
        const result = await attemptOnce(method, business, session, signal, timeout);
        metrics.recordAttempt(method, performance.now() - started);
        metrics.recordSuccess(method);
        logger.debug({ method, attempt, ms: Math.round(performance.now() - started) }, "top call ok");
        return result;
      } catch (e) {
        if (sent) metrics.recordAttempt(method, performance.now() - started);
        if (!TopClientError.is(e) && !signal?.aborted) {
          // Not a TOP failure but a bug (e.g. a limiter that threw a plain Error): never retried.
          metrics.recordFailure(method, "invalid-request");
          throw e;
        }
        error = toClientError(method, e, signal);
      }
      if (error.kind === "throttled") metrics.recordThrottle(method);
      const base = errorLogFields(method, attempt, error);
      if (!error.retryable || attempt >= retry.maxAttempts || (error.retryAfterMs !== null && error.retryAfterMs > retry.maxBanWaitMs)) {
        metrics.recordFailure(method, error.kind);
        logger.warn(base, "top call failed");
        throw error;
      }
      const delayMs =
        error.retryAfterMs !== null ? error.retryAfterMs : error.kind === "throttled" ? backoff(attempt, false) : backoff(attempt, true);
      metrics.recordRetry(method, error.kind);
      logger.info({ ...base, delayMs }, "top call retrying");
      try {
        await sleep(delayMs, signal);
      } catch (e) {
        metrics.recordFailure(method, "transient");
        throw new TopTransportError(`TOP ${method} aborted by the caller`, { reason: "aborted", method, cause: e });
      }
    }
  }

  const publicClock: PlatformClock = Object.freeze({ now: platformClock.now, skewMs: platformClock.skewMs, observe: platformClock.observe });
  return Object.freeze({ appKey, gatewayUrl, signMethod, metrics, platformClock: publicClock, call });
}

/** 127.0.0.0/8, ::1 and localhost: a gateway on this machine (the sandbox). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function stripUndefined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = cause && typeof cause === "object" && "code" in cause ? String((cause as { code: unknown }).code) : null;
  const causeMsg = cause instanceof Error ? cause.message : null;
  return [error.message, code, causeMsg].filter(Boolean).join(": ");
}

function tryErrorResponse(method: string, text: string, redact: readonly (string | undefined)[]): TopError | null {
  const t = text.trim();
  if (!t.startsWith("{") || !t.includes("error_response")) return null;
  try {
    const data = parseLosslessJson(t);
    if (data && typeof data === "object" && "error_response" in data) parseTopResponse(method, t, { redact });
  } catch (e) {
    if (TopError.is(e)) return e;
  }
  return null;
}

function toClientError(method: string, e: unknown, signal: AbortSignal | undefined): TopClientError {
  if (TopClientError.is(e)) return e;
  return new TopTransportError(`TOP ${method} aborted by the caller`, { reason: "aborted", method, cause: signal?.reason ?? e });
}

function errorLogFields(method: string, attempt: number, error: TopClientError): Record<string, unknown> {
  const fields: Record<string, unknown> = { method, attempt, kind: error.kind, retryable: error.retryable, err: error.message };
  if (TopError.is(error)) Object.assign(fields, { code: error.code, subCode: error.subCode, requestId: error.requestId });
  if (error.retryAfterMs !== null) fields.retryAfterMs = error.retryAfterMs;
  return fields;
}
