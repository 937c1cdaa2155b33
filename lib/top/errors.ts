/**
 * Every failure the TOP client raises, classified so callers and the retry loop know what to do
 * (top-protocol.md §5). All carry `kind`, `retryable` and `retryAfterMs`; none ever carries the
 * app secret, the session or the request parameters.
 *
 *   TopClientError (abstract base)
 *   ├─ TopError              gateway `error_response` (code, msg, sub_code, sub_msg, request_id)
 *   │   └─ TopSessionError   codes 26/27 and token-invalid sub codes: refresh the token once
 *   ├─ TopTransportError     network, timeout, HTTP 5xx/4xx, caller abort
 *   ├─ TopParseError         HTML proxy page, truncated or unparseable body, missing envelope
 *   ├─ TopSchemaError        a well-formed response whose shape is wrong (precise path)
 *   ├─ TopValidationError    bad input, raised before any network call
 *   ├─ TopBudgetExceededError the local daily call budget is spent
 *   └─ TopOAuthError         the OAuth token endpoint's HTTP 400 JSON error
 *
 * Tell them apart with each class's static `is()` (e.g. `TopSessionError.is(e)`), never with
 * `instanceof`: the production build holds several copies of this module (lib/errors/brand.ts).
 */
import { errorBrand } from "../errors/brand";

export const TOP_ERROR_KINDS = [
  "throttled",
  "transient",
  "session",
  "permission",
  "invalid-request",
  "signature",
  "invalid-response",
] as const;
export type TopErrorKind = (typeof TOP_ERROR_KINDS)[number];

export interface TopClientErrorOptions {
  kind: TopErrorKind;
  retryable: boolean;
  retryAfterMs?: number | null;
  method?: string | null;
  cause?: unknown;
}

export abstract class TopClientError extends Error {
  static is = errorBrand(TopClientError, "TopClientError");
  readonly kind: TopErrorKind;
  readonly retryable: boolean;
  /** How long to wait before trying again (a ban, a budget reset), when known. */
  readonly retryAfterMs: number | null;
  /** The TOP method (e.g. `taobao.trade.fullinfo.get`), when the error belongs to a call. */
  readonly method: string | null;

  constructor(message: string, options: TopClientErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = options.kind;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.method = options.method ?? null;
  }
}

export interface TopErrorResponse {
  code: number;
  msg: string;
  subCode: string | null;
  subMsg: string | null;
  requestId: string | null;
}

export interface TopErrorClassification {
  kind: TopErrorKind;
  retryable: boolean;
  retryAfterMs: number | null;
}

const BAN = /ban will last for\s+(\d+)\s+more seconds?/i;

/** "This ban will last for 17 more seconds" → 17000; null when the text names no ban. */
export function parseBanMs(subMsg: string | null | undefined): number | null {
  if (!subMsg) return null;
  const m = BAN.exec(subMsg);
  return m ? Number(m[1]) * 1000 : null;
}

/** Sub codes that mean the access token (session) is invalid or expired. */
const SESSION_SUB_CODES = new Set([
  "invalid-sessionkey",
  "sessionkey-not-generated-by-server",
  "session-expired",
  "session-not-exist",
  "isv.invalid-session",
  "isv.invalid-sessionkey",
  "isv.session-expired",
  "isv.sessionkey-expired",
  "isv.access-token-expired",
  "isv.invalid-access-token",
]);

export function isSessionSubCode(subCode: string | null | undefined): boolean {
  return !!subCode && SESSION_SUB_CODES.has(subCode.toLowerCase());
}

/** The whole table of top-protocol.md §5. */
export function classifyTopError(e: Pick<TopErrorResponse, "code" | "subCode" | "subMsg">): TopErrorClassification {
  const { code, subCode } = e;
  const sub = subCode ?? "";
  const banMs = parseBanMs(e.subMsg);
  const no = (kind: TopErrorKind): TopErrorClassification => ({ kind, retryable: false, retryAfterMs: null });

  if (code === 26 || code === 27 || isSessionSubCode(subCode)) return no("session");
  switch (code) {
    case 7:
      return { kind: "throttled", retryable: true, retryAfterMs: banMs };
    case 4:
    case 5:
    case 6:
    case 8:
      return { kind: "throttled", retryable: !sub.startsWith("isv."), retryAfterMs: banMs };
    case 1:
    case 10:
    case 44:
      return sub.startsWith("isv.") ? no("invalid-request") : { kind: "transient", retryable: true, retryAfterMs: null };
    case 11:
    case 12:
    case 53:
      return no("permission");
    case 24:
    case 25:
      return no("signature");
    case 21:
    case 22:
    case 23:
    case 28:
    case 29:
    case 30:
    case 31:
    case 32:
    case 33:
    case 34:
    case 40:
    case 41:
      return no("invalid-request");
    default:
      // 15 (remote service error) and business codes: `isp.*` is the platform's side (try later),
      // `isv.*` and anything unmarked is the request's fault.
      if (sub.startsWith("isp.")) return { kind: "transient", retryable: true, retryAfterMs: null };
      if (sub.startsWith("isv.permission") || sub.startsWith("isv.insufficient")) return no("permission");
      return no("invalid-request");
  }
}

function describe(e: TopErrorResponse): string {
  let s = `${e.code} ${e.msg}`;
  if (e.subCode) s += ` (${e.subCode}${e.subMsg ? `: ${e.subMsg}` : ""})`;
  else if (e.subMsg) s += ` (${e.subMsg})`;
  return s;
}

/** An `error_response` from the gateway. */
export class TopError extends TopClientError {
  override readonly name: string = "TopError";
  static override is = errorBrand(TopError, "TopError");
  readonly code: number;
  readonly msg: string;
  readonly subCode: string | null;
  readonly subMsg: string | null;
  readonly requestId: string | null;

  constructor(method: string | null, response: TopErrorResponse, classification: TopErrorClassification = classifyTopError(response)) {
    super(`TOP ${method ?? "call"} failed: ${describe(response)}`, { ...classification, method });
    this.code = response.code;
    this.msg = response.msg;
    this.subCode = response.subCode;
    this.subMsg = response.subMsg;
    this.requestId = response.requestId;
  }

  /** Builds the right class (TopSessionError for session errors) from an error_response. */
  static from(method: string | null, response: TopErrorResponse): TopError {
    const c = classifyTopError(response);
    return c.kind === "session" ? new TopSessionError(method, response) : new TopError(method, response, c);
  }
}

/** The session (access token) is missing, invalid or expired: refresh it once, else re-authorise. */
export class TopSessionError extends TopError {
  override readonly name: string = "TopSessionError";
  static override is = errorBrand(TopSessionError, "TopSessionError");
  constructor(method: string | null, response: TopErrorResponse) {
    super(method, response, { kind: "session", retryable: false, retryAfterMs: null });
  }
}

export type TopTransportReason = "network" | "timeout" | "http" | "aborted";

export class TopTransportError extends TopClientError {
  override readonly name: string = "TopTransportError";
  static override is = errorBrand(TopTransportError, "TopTransportError");
  readonly reason: TopTransportReason;
  readonly status: number | null;

  constructor(
    message: string,
    options: { reason: TopTransportReason; status?: number | null; method?: string | null; retryable?: boolean; cause?: unknown },
  ) {
    const retryable = options.retryable ?? options.reason !== "aborted";
    super(message, {
      kind: options.status === 429 ? "throttled" : retryable ? "transient" : "invalid-request",
      retryable,
      method: options.method ?? null,
      cause: options.cause,
    });
    this.reason = options.reason;
    this.status = options.status ?? null;
  }
}

export type TopParseReason = "empty" | "html" | "truncated" | "invalid-json" | "missing-envelope";

/** A body that is not a TOP JSON response (retryable: proxies and cut connections produce them). */
export class TopParseError extends TopClientError {
  override readonly name: string = "TopParseError";
  static override is = errorBrand(TopParseError, "TopParseError");
  readonly reason: TopParseReason;
  /** The first characters of the body (redacted), for diagnosis. */
  readonly snippet: string;

  constructor(message: string, options: { reason: TopParseReason; snippet: string; method?: string | null; cause?: unknown }) {
    super(message, { kind: "transient", retryable: true, method: options.method ?? null, cause: options.cause });
    this.reason = options.reason;
    this.snippet = options.snippet;
  }
}

export interface TopSchemaIssue {
  path: string;
  message: string;
}

/** A parseable response whose shape is wrong: `path` says where (e.g. `trades.trade[3].orders.order[0].oid`). */
export class TopSchemaError extends TopClientError {
  override readonly name: string = "TopSchemaError";
  static override is = errorBrand(TopSchemaError, "TopSchemaError");
  readonly issues: TopSchemaIssue[];
  readonly path: string;

  constructor(method: string | null, issues: TopSchemaIssue[]) {
    const first = issues[0] ?? { path: "", message: "invalid" };
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super(`Unexpected TOP response${method ? ` from ${method}` : ""} at ${first.path || "(root)"}: ${first.message}${more}`, {
      kind: "invalid-response",
      retryable: false,
      method,
    });
    this.issues = issues;
    this.path = first.path;
  }
}

/** Bad input, rejected before any network call. `param` names the offending parameter. */
export class TopValidationError extends TopClientError {
  override readonly name: string = "TopValidationError";
  static override is = errorBrand(TopValidationError, "TopValidationError");
  readonly param: string;
  constructor(method: string | null, param: string, message: string) {
    super(`${method ? `${method}: ` : ""}invalid parameter "${param}": ${message}`, { kind: "invalid-request", retryable: false, method });
    this.param = param;
  }
}

/** The local daily budget for the app key is spent; `retryAfterMs` is the time to its reset. */
export class TopBudgetExceededError extends TopClientError {
  override readonly name: string = "TopBudgetExceededError";
  static override is = errorBrand(TopBudgetExceededError, "TopBudgetExceededError");
  constructor(method: string | null, budget: number, retryAfterMs: number) {
    super(`The daily TOP call budget (${budget}) is spent${method ? ` (calling ${method})` : ""}; it resets in ${Math.ceil(retryAfterMs / 1000)} s`, {
      kind: "throttled",
      retryable: false,
      retryAfterMs,
      method,
    });
  }
}

/** The OAuth token endpoint's error (HTTP 400 JSON `{error, error_description}`). */
export class TopOAuthError extends TopClientError {
  override readonly name: string = "TopOAuthError";
  static override is = errorBrand(TopOAuthError, "TopOAuthError");
  readonly error: string;
  readonly errorDescription: string | null;
  readonly status: number;
  constructor(status: number, error: string, errorDescription: string | null) {
    super(`TOP OAuth token request failed (HTTP ${status}): ${error}${errorDescription ? `: ${errorDescription}` : ""}`, {
      kind: error === "invalid_client" ? "permission" : "invalid-request",
      retryable: false,
    });
    this.status = status;
    this.error = error;
    this.errorDescription = errorDescription;
  }
}

/** Replaces every occurrence of the given secrets in a text (a server may echo what it received). */
export function redactSecrets(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join("[redacted]");
    if (s && s.length >= 4) {
      const enc = encodeURIComponent(s);
      if (enc !== s) out = out.split(enc).join("[redacted]");
    }
  }
  return out;
}

export function isTopClientError(e: unknown): e is TopClientError {
  return TopClientError.is(e);
}
