/**
 * The sandbox HTTP server (node:http). `startSandbox()` starts it in-process for tests, the demo
 * launcher and benchmarks; `sandbox/cli.ts` wraps it for `npm run sandbox`.
 *
 *   /router/rest        the TOP gateway (GET or POST)
 *   /authorize          OAuth consent page (GET) and its form (POST)
 *   /token              OAuth token endpoint (POST)
 *   /_sandbox/...       admin API, only with `admin: true`
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { constants as zlibConstants, gzip } from "node:zlib";
import { formatTopTime, parseTopTime } from "../lib/time";
import { AdminError, handleAdmin } from "./admin";
import { SandboxClock } from "./clock";
import {
  DEFAULT_APP_KEY,
  DEFAULT_APP_NAME,
  DEFAULT_APP_SECRET,
  DEFAULT_CALLBACK_HOSTS,
  DEFAULT_CODE_TTL,
  DEFAULT_HOST,
  DEFAULT_ORDERS,
  DEFAULT_PORT,
  DEFAULT_REFRESH_TTL,
  DEFAULT_SEED,
  DEFAULT_SHOPS,
  DEFAULT_TMC_ACK_TIMEOUT,
  DEFAULT_TOKEN_TTL,
} from "./defaults";
import { faultConfig, proxyErrorPage, type FaultConfig, type FaultProfileName } from "./faults";
import { collectParams, newRequestId, processCall } from "./gateway";
import { AuthorizeError, checkFormMac, consentPage, errorPage, redirectAfterConsent, tokenEndpoint, validateAuthorize } from "./oauth";
import { SandboxStore, type AppConfig } from "./store";
import { OAuthError } from "./tokens";

export interface SandboxOptions {
  /** Default 4100; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  seed?: number;
  /** Trades in the generated history, all shops together (default 20,000). */
  orders?: number;
  /** Number of shops (default 2; the first is always 小米粒旗舰店). */
  shops?: number;
  appKey?: string;
  appSecret?: string;
  /** More apps (e.g. a second app to prove sessions are per app). */
  extraApps?: AppConfig[];
  appName?: string;
  /** Enables /_sandbox/*. */
  admin?: boolean;
  faults?: FaultProfileName | FaultConfig;
  /** Seed of the fault draws (default: derived from `seed`). */
  faultSeed?: number;
  /** Calls per second per app, 0 = unlimited (default 0). */
  qps?: number;
  /** Calls per Shanghai day per app, 0 = unlimited (default 0). */
  dailyQuota?: number;
  /** access_token lifetime, seconds of sandbox time (default 86400). */
  tokenTtl?: number;
  /** refresh_token lifetime from the authorisation, seconds (default 30 days). */
  refreshTtl?: number;
  /** Authorisation code lifetime, seconds (default 600). */
  codeTtl?: number;
  /** New trades per hour after the clock's start, all shops (default: the history's average rate). */
  arrivalRate?: number;
  /** Where the clock starts (and the data is anchored): Date, epoch ms or a TOP time string. Default: now. */
  clockStart?: Date | number | string;
  /** Start with the clock frozen. */
  frozen?: boolean;
  /** Hosts a redirect_uri may use (any port). Default localhost and 127.0.0.1. */
  callbackHosts?: string[];
  /** Seconds before an unconfirmed TMC message is delivered again (default 60). */
  tmcAckTimeout?: number;
  /** Receives one line per internal error (and per request with `verbose`). */
  log?: (line: string) => void;
  verbose?: boolean;
}

export interface ResolvedSandboxOptions {
  port: number;
  host: string;
  seed: number;
  orders: number;
  shops: number;
  appKey: string;
  appSecret: string;
  admin: boolean;
  faults: FaultConfig;
  qps: number;
  dailyQuota: number;
  tokenTtl: number;
  refreshTtl: number;
  codeTtl: number;
  arrivalRate: number | null;
  clockStartMs: number;
  frozen: boolean;
  callbackHosts: string[];
  tmcAckTimeout: number;
}

export interface Sandbox {
  /** Base URL, e.g. http://127.0.0.1:4100 */
  url: string;
  port: number;
  gatewayUrl: string;
  authorizeUrl: string;
  tokenUrl: string;
  clock: SandboxClock;
  store: SandboxStore;
  options: ResolvedSandboxOptions;
  close(): Promise<void>;
}

const MAX_BODY = 2 * 1024 * 1024;

function toMs(v: Date | number | string | undefined): number {
  if (v === undefined) return Date.now();
  if (v instanceof Date) return v.getTime();
  if (typeof v === "number") return v;
  if (/^\d{10,}$/.test(v)) return Number(v);
  try {
    return parseTopTime(v).getTime();
  } catch {
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) throw new Error(`clockStart: cannot parse ${v}`);
    return ms;
  }
}

export function resolveOptions(o: SandboxOptions): ResolvedSandboxOptions {
  const seed = o.seed ?? DEFAULT_SEED;
  const faults: FaultConfig =
    typeof o.faults === "object" ? { ...o.faults, rates: { ...o.faults.rates } } : faultConfig(o.faults ?? "off", seed * 7919 + 1);
  if (o.faultSeed !== undefined) faults.seed = o.faultSeed;
  const positive = (v: number | undefined, def: number, name: string) => {
    const n = v ?? def;
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number`);
    return n;
  };
  return {
    port: o.port ?? DEFAULT_PORT,
    host: o.host ?? DEFAULT_HOST,
    seed,
    orders: Math.floor(positive(o.orders, DEFAULT_ORDERS, "orders")),
    shops: Math.max(1, Math.floor(positive(o.shops, DEFAULT_SHOPS, "shops"))),
    appKey: o.appKey ?? DEFAULT_APP_KEY,
    appSecret: o.appSecret ?? DEFAULT_APP_SECRET,
    admin: o.admin ?? false,
    faults,
    qps: Math.floor(positive(o.qps, 0, "qps")),
    dailyQuota: Math.floor(positive(o.dailyQuota, 0, "dailyQuota")),
    tokenTtl: positive(o.tokenTtl, DEFAULT_TOKEN_TTL, "tokenTtl"),
    refreshTtl: positive(o.refreshTtl, DEFAULT_REFRESH_TTL, "refreshTtl"),
    codeTtl: positive(o.codeTtl, DEFAULT_CODE_TTL, "codeTtl"),
    arrivalRate: o.arrivalRate === undefined ? null : positive(o.arrivalRate, 0, "arrivalRate"),
    clockStartMs: Math.floor(toMs(o.clockStart) / 1000) * 1000,
    frozen: o.frozen ?? false,
    callbackHosts: o.callbackHosts ?? [...DEFAULT_CALLBACK_HOSTS],
    tmcAckTimeout: positive(o.tmcAckTimeout, DEFAULT_TMC_ACK_TIMEOUT, "tmcAckTimeout"),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  const buf = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  res.writeHead(status, { "Content-Type": type, "Content-Length": String(buf.length), ...headers });
  res.end(buf);
}

const sendJson = (res: ServerResponse, status: number, value: unknown) => send(res, status, "application/json;charset=UTF-8", JSON.stringify(value));
const sendHtml = (res: ServerResponse, status: number, html: string) => send(res, status, "text/html;charset=UTF-8", html);

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const opts = resolveOptions(options);
  const clock = new SandboxClock(opts.clockStartMs, opts.frozen);
  const apps: AppConfig[] = [{ appKey: opts.appKey, appSecret: opts.appSecret, name: options.appName ?? DEFAULT_APP_NAME }, ...(options.extraApps ?? [])];
  const store = new SandboxStore(
    {
      seed: opts.seed,
      orders: opts.orders,
      shops: opts.shops,
      arrivalRate: opts.arrivalRate,
      apps,
      lifetimes: { tokenTtl: opts.tokenTtl, refreshTtl: opts.refreshTtl, codeTtl: opts.codeTtl },
      tmcAckTimeout: opts.tmcAckTimeout,
      quota: { qps: opts.qps, dailyQuota: opts.dailyQuota },
      faults: opts.faults,
    },
    clock,
  );
  const log = options.log;
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let closing = false;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  /** The gateway's `Date` header: the sandbox clock (node:http would send real time), read when the answer is written. */
  const dateHeader = () => ({ Date: new Date(clock.nowMs()).toUTCString() });

  async function router(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== "GET" && req.method !== "POST") {
      send(res, 405, "text/plain;charset=UTF-8", "Method Not Allowed", { Allow: "GET, POST", ...dateHeader() });
      return;
    }
    const body = await readBody(req);
    if (body === null) {
      send(res, 413, "text/plain;charset=UTF-8", "Request Entity Too Large", dateHeader());
      return;
    }
    const fault = store.faults.draw();
    if (fault?.kind === "http502" || fault?.kind === "http503") {
      const status = fault.kind === "http502" ? 502 : 503;
      send(res, status, "text/html;charset=UTF-8", proxyErrorPage(status), dateHeader());
      return;
    }
    if (fault?.kind === "hang") {
      later(fault.amount, () => req.socket.destroy());
      return;
    }
    if (fault?.kind === "reset" && fault.early) {
      req.socket.destroy();
      return;
    }
    const requestId = newRequestId();
    const parsed = collectParams(url.search, body.toString("utf8"), req.headers["content-type"]);
    const result = processCall(store, parsed, requestId, fault, log);
    if (options.verbose) log?.(`${formatTopTime(new Date(clock.nowMs()))} ${result.method ?? "-"} ${result.error ? `${result.error.code} ${result.error.subCode ?? ""}` : "ok"}`);
    let payload: Buffer = Buffer.from(result.body, "utf8");
    const headers: Record<string, string> = { "Content-Type": "application/json;charset=UTF-8" };
    if (/\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")) && payload.length > 1024) {
      // Compressed off the event loop, at the fastest level.
      payload = await new Promise<Buffer>((resolve, reject) =>
        gzip(payload, { level: zlibConstants.Z_BEST_SPEED }, (e, out) => (e ? reject(e) : resolve(out))),
      );
      headers["Content-Encoding"] = "gzip";
    }
    const write = () => {
      if (fault?.kind === "reset") {
        req.socket.destroy();
        return;
      }
      Object.assign(headers, dateHeader());
      if (fault?.kind === "truncate") {
        const cut = payload.subarray(0, Math.max(1, Math.floor(payload.length / 2)));
        if (fault.early) {
          res.writeHead(200, { ...headers, "Content-Length": String(payload.length) });
          res.write(cut, () => res.destroy());
        } else {
          res.writeHead(200, { ...headers, "Content-Length": String(cut.length) });
          res.end(cut);
        }
        return;
      }
      res.writeHead(200, { ...headers, "Content-Length": String(payload.length) });
      res.end(payload);
    };
    if (fault?.kind === "slow") later(fault.amount, write);
    else write();
  }

  async function authorize(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const appName = (id: string) => store.apps.get(id)?.name ?? id;
    if (req.method === "GET") {
      try {
        const r = validateAuthorize(store, url.searchParams, opts.callbackHosts);
        sendHtml(res, 200, consentPage(store, r, appName(r.clientId)));
      } catch (e) {
        if (e instanceof AuthorizeError) sendHtml(res, 400, errorPage(e.message));
        else throw e;
      }
      return;
    }
    if (req.method !== "POST") {
      send(res, 405, "text/plain;charset=UTF-8", "Method Not Allowed", { Allow: "GET, POST" });
      return;
    }
    const body = await readBody(req);
    const form = new URLSearchParams(body?.toString("utf8") ?? "");
    let r;
    try {
      r = validateAuthorize(store, form, opts.callbackHosts);
    } catch (e) {
      if (e instanceof AuthorizeError) {
        sendHtml(res, 400, errorPage(e.message));
        return;
      }
      throw e;
    }
    if (!checkFormMac(r, form.get("txn") ?? "")) {
      sendHtml(res, 400, errorPage("授权请求已失效，请从应用重新发起登录"));
      return;
    }
    if (form.get("action") === "deny") {
      res.writeHead(302, { Location: redirectAfterConsent(r, { error: "access_denied", description: "用户取消了授权" }) });
      res.end();
      return;
    }
    const login = form.get("account") ?? "";
    const account = store.accountByLogin(login);
    if (!account) {
      sendHtml(res, 400, consentPage(store, r, appName(r.clientId), "请选择要登录的账号"));
      return;
    }
    const code = store.tokens.issueCode(r.clientId, r.redirectUri, account, clock.nowSec(), r.codeChallenge);
    res.writeHead(302, { Location: redirectAfterConsent(r, { code }) });
    res.end();
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST") {
      send(res, 405, "application/json;charset=UTF-8", JSON.stringify({ error: "invalid_request", error_description: "use POST" }), { Allow: "POST" });
      return;
    }
    const body = await readBody(req);
    const type = String(req.headers["content-type"] ?? "").toLowerCase();
    if (!type.startsWith("application/x-www-form-urlencoded")) {
      sendJson(res, 400, { error: "invalid_request", error_description: "send application/x-www-form-urlencoded" });
      return;
    }
    try {
      sendJson(res, 200, tokenEndpoint(store, new URLSearchParams(body?.toString("utf8") ?? ""), clock.nowSec()));
    } catch (e) {
      if (e instanceof OAuthError) sendJson(res, 400, { error: e.error, error_description: e.description });
      else throw e;
    }
  }

  async function admin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const raw = await readBody(req);
    let body: unknown;
    const text = raw?.toString("utf8") ?? "";
    if (text.trim()) {
      try {
        body = JSON.parse(text);
      } catch {
        sendJson(res, 400, { error: "body must be JSON" });
        return;
      }
    }
    try {
      sendJson(res, 200, handleAdmin(store, { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, body }, { frozen: opts.frozen }));
    } catch (e) {
      if (e instanceof AdminError) sendJson(res, e.status, { error: e.message });
      else throw e;
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox.local");
    const path = url.pathname;
    const run = async () => {
      if (path === "/router/rest") return router(req, res, url);
      if (path === "/authorize") return authorize(req, res, url);
      if (path === "/token") return token(req, res);
      if (opts.admin && path.startsWith("/_sandbox/")) return admin(req, res, url);
      if (path === "/" && req.method === "GET") {
        sendJson(res, 200, { sandbox: "TOP sandbox", gateway: "/router/rest", authorize: "/authorize", token: "/token", admin: opts.admin, clock: clock.state().now });
        return;
      }
      sendJson(res, 404, { error: "not found" });
    };
    run().catch((e: unknown) => {
      log?.(`sandbox: ${req.method} ${path} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      if (!res.headersSent) sendJson(res, 500, { error: "internal error" });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  const url = `http://${host}:${port}`;
  return {
    url,
    port,
    gatewayUrl: `${url}/router/rest`,
    authorizeUrl: `${url}/authorize`,
    tokenUrl: `${url}/token`,
    clock,
    store,
    options: { ...opts, port },
    close: () => {
      if (closing) return Promise.resolve();
      closing = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      });
    },
  };
}
