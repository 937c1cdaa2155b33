/**
 * Helpers for tests and tools that talk to a sandbox without a browser or lib/top:
 *
 * - `authorizeViaHttp()` walks the consent form over plain HTTP exactly as a browser would
 *   (GET /authorize, read the form, POST it with the chosen account, follow nothing: read the
 *   302's Location) and exchanges the code at /token;
 * - `refreshViaHttp()` uses a refresh token;
 * - `topCall()` makes a signed gateway call with its own small signer (independent of both
 *   lib/top and the sandbox's verifier), with knobs to break it on purpose;
 * - `adminCall()` calls the admin API.
 */
import { createHash, createHmac } from "node:crypto";
import { formatTopTime } from "../lib/time";
import { DEFAULT_APP_KEY, DEFAULT_APP_SECRET } from "./defaults";
import type { TokenResponse } from "./tokens";

export type { TokenResponse } from "./tokens";

export interface AuthorizeViaHttpOptions {
  appKey?: string;
  appSecret?: string;
  /** The login to choose on the consent page: `小米粒旗舰店` or `小米粒旗舰店:客服小王`. */
  account: string;
  /** Default http://127.0.0.1/callback (nothing needs to listen: the redirect is read, not followed). */
  redirectUri?: string;
  state?: string;
}

function unescapeHtml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e]!);
}

/** The consent form's hidden fields and the accounts it offers. */
export function parseConsentForm(html: string): { action: string; hidden: Record<string, string>; accounts: string[] } {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error("no form on the consent page");
  const hidden: Record<string, string> = {};
  for (const m of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) hidden[m[1]!] = unescapeHtml(m[2]!);
  const accounts = [...form[2]!.matchAll(/<input type="radio" name="account" value="([^"]*)"/g)].map((m) => unescapeHtml(m[1]!));
  return { action: unescapeHtml(form[1]!), hidden, accounts };
}

/** Signs in through the consent page over HTTP and returns the /token response. */
export async function authorizeViaHttp(sandboxUrl: string, opts: AuthorizeViaHttpOptions): Promise<TokenResponse> {
  const appKey = opts.appKey ?? DEFAULT_APP_KEY;
  const appSecret = opts.appSecret ?? DEFAULT_APP_SECRET;
  const redirectUri = opts.redirectUri ?? "http://127.0.0.1/callback";
  const state = opts.state ?? Math.random().toString(36).slice(2);
  const q = new URLSearchParams({ response_type: "code", client_id: appKey, redirect_uri: redirectUri, state, view: "web" });
  const page = await fetch(`${sandboxUrl}/authorize?${q}`);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`GET /authorize: HTTP ${page.status}: ${html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim()}`);
  const form = parseConsentForm(html);
  if (!form.accounts.includes(opts.account)) throw new Error(`the consent page offers no account ${opts.account} (it offers ${form.accounts.join(", ")})`);
  const body = new URLSearchParams({ ...form.hidden, account: opts.account, action: "authorize" });
  const post = await fetch(new URL(form.action, sandboxUrl), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: body.toString(),
    redirect: "manual",
  });
  const location = post.headers.get("location");
  if (post.status !== 302 || !location) throw new Error(`POST /authorize: expected a redirect, got HTTP ${post.status}`);
  const back = new URL(location);
  if (back.searchParams.get("state") !== state) throw new Error("state did not round-trip");
  const code = back.searchParams.get("code");
  if (!code) throw new Error(`no code in the redirect: ${location}`);
  return tokenRequest(sandboxUrl, { grant_type: "authorization_code", code, client_id: appKey, client_secret: appSecret, redirect_uri: redirectUri });
}

export class TokenHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: string; error_description?: string },
  ) {
    super(`/token: HTTP ${status} ${body.error ?? ""} ${body.error_description ?? ""}`);
  }
}

/** POST /token with a form; throws TokenHttpError on HTTP 400. */
export async function tokenRequest(sandboxUrl: string, form: Record<string, string>): Promise<TokenResponse> {
  const res = await fetch(`${sandboxUrl}/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8" },
    body: new URLSearchParams(form).toString(),
  });
  const json = (await res.json()) as TokenResponse & { error?: string; error_description?: string };
  if (res.status !== 200) throw new TokenHttpError(res.status, json);
  return json;
}

export function refreshViaHttp(sandboxUrl: string, opts: { refreshToken: string; appKey?: string; appSecret?: string }): Promise<TokenResponse> {
  return tokenRequest(sandboxUrl, {
    grant_type: "refresh_token",
    refresh_token: opts.refreshToken,
    client_id: opts.appKey ?? DEFAULT_APP_KEY,
    client_secret: opts.appSecret ?? DEFAULT_APP_SECRET,
  });
}

/* ------------------------------------------------------------------ signed gateway calls */

export type TestSignMethod = "md5" | "hmac" | "hmac-sha256";

/** A second, independent implementation of top-protocol.md §3 for tests. */
export function signForTest(params: Record<string, string>, secret: string, method: TestSignMethod): string {
  const keys = Object.keys(params)
    .filter((k) => k !== "sign")
    .sort((a, b) => (a === b ? 0 : a < b ? -1 : 1));
  const joined = keys.map((k) => `${k}${params[k]}`).join("");
  const hex =
    method === "md5"
      ? createHash("md5").update(`${secret}${joined}${secret}`, "utf8").digest("hex")
      : createHmac(method === "hmac" ? "md5" : "sha256", secret).update(joined, "utf8").digest("hex");
  return hex.toUpperCase();
}

export interface TopCallOptions {
  appKey?: string;
  appSecret?: string;
  method: string;
  session?: string;
  params?: Record<string, string>;
  signMethod?: TestSignMethod;
  /** Overrides the timestamp (default: now on the given clock, GMT+8). */
  timestamp?: string;
  /** Epoch ms to build the timestamp from (e.g. the sandbox clock). */
  now?: number;
  format?: string;
  v?: string;
  /** System parameters to leave out (e.g. ["sign"] or ["timestamp"]). */
  omit?: string[];
  /** Replaces the computed sign. */
  sign?: string;
  /** Sends everything in the query string with GET instead of a POST form. */
  get?: boolean;
  headers?: Record<string, string>;
}

export interface TopCallResult {
  status: number;
  headers: Headers;
  text: string;
  /** JSON.parse of the body (ids beyond 2^53 lose digits here: read them from `text`). */
  json: Record<string, unknown> | null;
}

export function buildTopParams(o: TopCallOptions): Record<string, string> {
  const p: Record<string, string> = {
    method: o.method,
    app_key: o.appKey ?? DEFAULT_APP_KEY,
    timestamp: o.timestamp ?? formatTopTime(new Date(o.now ?? Date.now())),
    format: o.format ?? "json",
    v: o.v ?? "2.0",
    sign_method: o.signMethod ?? "md5",
    ...(o.session !== undefined ? { session: o.session } : {}),
    ...o.params,
  };
  for (const k of o.omit ?? []) delete p[k];
  if (!(o.omit ?? []).includes("sign")) p.sign = o.sign ?? signForTest(p, o.appSecret ?? DEFAULT_APP_SECRET, (o.signMethod ?? "md5") as TestSignMethod);
  return p;
}

/** One signed call to the gateway over raw HTTP. */
export async function topCall(gatewayUrl: string, o: TopCallOptions): Promise<TopCallResult> {
  const p = buildTopParams(o);
  const body = new URLSearchParams(p).toString();
  const res = o.get
    ? await fetch(`${gatewayUrl}?${body}`, { headers: o.headers })
    : await fetch(gatewayUrl, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8", ...o.headers }, body });
  const text = await res.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Calls the admin API (the sandbox must run with admin enabled). */
export async function adminCall<T = Record<string, unknown>>(sandboxUrl: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandboxUrl}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? undefined : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${json.error ?? ""}`);
  return json;
}
