/**
 * TOP OAuth 2.0 (authorisation-code flow, top-protocol.md §8): the authorize URL, the code
 * exchange and the token refresh against the configured OAuth base URL (production
 * `https://oauth.taobao.com`, or the local sandbox).
 */
import "server-only";
import { z } from "zod";
import { TopOAuthError, TopParseError, TopTransportError, TopValidationError, redactSecrets } from "./errors";
import { parseLosslessJson } from "./parse";

export const OAUTH_VIEWS = ["web", "tmall", "wap"] as const;
export type OAuthView = (typeof OAUTH_VIEWS)[number];

export interface BuildAuthorizeUrlOptions {
  oauthBaseUrl: string;
  appKey: string;
  redirectUri: string;
  /** Opaque anti-CSRF value, echoed back on the redirect. */
  state: string;
  view?: OAuthView;
}

function trimBase(url: string, param: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TopValidationError(null, param, "must be an absolute http(s) URL");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new TopValidationError(null, param, "must be an absolute http(s) URL");
  return url.replace(/\/+$/, "");
}

function requireText(value: unknown, param: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new TopValidationError(null, param, "must be a non-empty string");
  return value;
}

/** `${oauthBaseUrl}/authorize?response_type=code&client_id=…&redirect_uri=…&state=…&view=web`. */
export function buildAuthorizeUrl(options: BuildAuthorizeUrlOptions): string {
  const base = trimBase(options.oauthBaseUrl, "oauthBaseUrl");
  trimBase(options.redirectUri, "redirectUri");
  const view = options.view ?? "web";
  if (!(OAUTH_VIEWS as readonly string[]).includes(view)) throw new TopValidationError(null, "view", `must be one of ${OAUTH_VIEWS.join(", ")}`);
  const q = new URLSearchParams({
    response_type: "code",
    client_id: requireText(options.appKey, "appKey"),
    redirect_uri: options.redirectUri,
    state: requireText(options.state, "state"),
    view,
  });
  return `${base}/authorize?${q.toString()}`;
}

export interface OAuthRequestOptions {
  oauthBaseUrl: string;
  appKey: string;
  appSecret: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The clock used for `expiresAt` (default: now). */
  now?: () => Date;
}

export interface ExchangeCodeOptions extends OAuthRequestOptions {
  code: string;
  redirectUri: string;
  /** PKCE (RFC 7636): the verifier whose S256 challenge went with the authorize request. */
  codeVerifier?: string;
}

export interface RefreshTokenOptions extends OAuthRequestOptions {
  refreshToken: string;
}

/** A parsed token response. Seconds fields are numbers; times are computed from `now()`. */
export interface TopOAuthToken {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  expiresAt: Date;
  /** Null when the response carries none. */
  refreshToken: string | null;
  /** Seconds the refresh token stays valid; 0 = the token cannot be refreshed. */
  reExpiresIn: number;
  refreshExpiresAt: Date | null;
  refreshable: boolean;
  r1ExpiresIn: number | null;
  r2ExpiresIn: number | null;
  w1ExpiresIn: number | null;
  w2ExpiresIn: number | null;
  taobaoUserId: string;
  /** URL-decoded (e.g. 梳美人精品木梳). */
  taobaoUserNick: string;
  /** Present for a sub-account (子账号): its own id and nick (e.g. 店铺名:客服1). */
  subTaobaoUserId: string | null;
  subTaobaoUserNick: string | null;
  isSubAccount: boolean;
}

const seconds = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)], { error: "expected a number of seconds" });
const idText = z.union([z.string().min(1), z.number().int().nonnegative().transform(String)], { error: "expected an id" });

const tokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: seconds,
  refresh_token: z.string().optional(),
  re_expires_in: seconds.optional(),
  r1_expires_in: seconds.optional(),
  r2_expires_in: seconds.optional(),
  w1_expires_in: seconds.optional(),
  w2_expires_in: seconds.optional(),
  taobao_user_id: idText,
  taobao_user_nick: z.string(),
  sub_taobao_user_id: idText.optional(),
  sub_taobao_user_nick: z.string().optional(),
});

/** Nicks arrive URL-encoded UTF-8 (Java's URLEncoder: "+" for space); a raw nick is kept as is. */
export function decodeNick(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, "%20"));
  } catch {
    return s;
  }
}

/** Turns a token endpoint JSON body into a TopOAuthToken (exported for the sandbox and tests). */
export function parseTokenResponse(data: unknown, now: Date = new Date()): TopOAuthToken {
  const r = tokenSchema.safeParse(data);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new TopParseError(`Unexpected OAuth token response at ${i.path.map(String).join(".") || "(root)"}: ${i.message}`, {
      reason: "missing-envelope",
      snippet: "",
    });
  }
  const t = r.data;
  const at = now.getTime();
  const reExpiresIn = t.re_expires_in ?? 0;
  const refreshable = reExpiresIn > 0 && !!t.refresh_token;
  const sub = t.sub_taobao_user_id ?? null;
  return {
    accessToken: t.access_token,
    tokenType: t.token_type ?? "Bearer",
    expiresIn: t.expires_in,
    expiresAt: new Date(at + t.expires_in * 1000),
    refreshToken: t.refresh_token ?? null,
    reExpiresIn,
    refreshExpiresAt: refreshable ? new Date(at + reExpiresIn * 1000) : null,
    refreshable,
    r1ExpiresIn: t.r1_expires_in ?? null,
    r2ExpiresIn: t.r2_expires_in ?? null,
    w1ExpiresIn: t.w1_expires_in ?? null,
    w2ExpiresIn: t.w2_expires_in ?? null,
    taobaoUserId: t.taobao_user_id,
    taobaoUserNick: decodeNick(t.taobao_user_nick),
    subTaobaoUserId: sub,
    subTaobaoUserNick: t.sub_taobao_user_nick === undefined ? null : decodeNick(t.sub_taobao_user_nick),
    isSubAccount: sub !== null,
  };
}

async function postToken(options: OAuthRequestOptions, form: Record<string, string>, secrets: string[]): Promise<TopOAuthToken> {
  const base = trimBase(options.oauthBaseUrl, "oauthBaseUrl");
  requireText(options.appKey, "appKey");
  requireText(options.appSecret, "appSecret");
  const timeout = options.timeoutMs ?? 15_000;
  const timeoutSignal = AbortSignal.timeout(timeout);
  const signal = options.signal ? AbortSignal.any([options.signal, timeoutSignal]) : timeoutSignal;
  const doFetch = options.fetch ?? globalThis.fetch;
  const fail = (error: unknown) =>
    options.signal?.aborted
      ? new TopTransportError("OAuth token request aborted by the caller", { reason: "aborted" })
      : timeoutSignal.aborted
        ? new TopTransportError(`OAuth token request timed out after ${timeout} ms`, { reason: "timeout" })
        : new TopTransportError(`OAuth token request network error: ${redactSecrets(error instanceof Error ? error.message : String(error), secrets)}`, {
            reason: "network",
            cause: error,
          });
  let res: Response;
  let text: string;
  try {
    res = await doFetch(`${base}/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8", Accept: "application/json", "Accept-Encoding": "gzip, deflate" },
      body: new URLSearchParams(form).toString(),
      signal,
    });
    text = await res.text();
  } catch (error) {
    throw fail(error);
  }
  let data: unknown;
  try {
    data = parseLosslessJson(text);
  } catch (error) {
    if (res.status >= 500) throw new TopTransportError(`OAuth token endpoint answered HTTP ${res.status}`, { reason: "http", status: res.status });
    throw new TopParseError(`OAuth token endpoint answered HTTP ${res.status} with a body that is not JSON`, {
      reason: text.trim().startsWith("<") ? "html" : "invalid-json",
      snippet: redactSecrets(text.slice(0, 200), secrets),
      cause: error,
    });
  }
  const obj = data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  if (res.status !== 200 || typeof obj.error === "string") {
    if (res.status >= 500) throw new TopTransportError(`OAuth token endpoint answered HTTP ${res.status}`, { reason: "http", status: res.status });
    const error = typeof obj.error === "string" ? obj.error : `http_${res.status}`;
    const desc = typeof obj.error_description === "string" ? redactSecrets(obj.error_description, secrets) : null;
    throw new TopOAuthError(res.status, redactSecrets(error, secrets), desc);
  }
  return parseTokenResponse(obj, (options.now ?? (() => new Date()))());
}

/** Exchanges the authorisation code from the redirect for a token (POST `${oauthBaseUrl}/token`). */
export function exchangeCode(options: ExchangeCodeOptions): Promise<TopOAuthToken> {
  const code = requireText(options.code, "code");
  const redirectUri = requireText(options.redirectUri, "redirectUri");
  const form: Record<string, string> = { grant_type: "authorization_code", code, client_id: options.appKey, client_secret: options.appSecret, redirect_uri: redirectUri };
  if (options.codeVerifier !== undefined) form.code_verifier = requireText(options.codeVerifier, "codeVerifier");
  return postToken(options, form, [options.appSecret, code, options.codeVerifier ?? ""]);
}

/** Refreshes a token (only when `refreshable`; `re_expires_in = 0` tokens cannot be). */
export function refreshToken(options: RefreshTokenOptions): Promise<TopOAuthToken> {
  const token = requireText(options.refreshToken, "refreshToken");
  return postToken(
    options,
    { grant_type: "refresh_token", refresh_token: token, client_id: options.appKey, client_secret: options.appSecret },
    [options.appSecret, token],
  );
}
