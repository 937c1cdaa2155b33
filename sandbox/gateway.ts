/**
 * /router/rest: parameter collection (query string and form body combined), the system checks
 * in the order the gateway applies them, quotas, injected faults, dispatch to the method
 * handlers, and the TOP envelopes (top-protocol.md §2–5).
 *
 * Check order: duplicate parameters (41) → method (21/22) → format (23) → app_key (28/29) →
 * timestamp (30/31) → v (32/33/34) → sign_method (40/41) → sign (24/25) → simplify (41) →
 * session (26/27) → quota (7) → injected isp/10/7 faults → business arguments (40/41) and
 * business errors (15).
 */
import { randomBytes } from "node:crypto";
import { parseTopTime } from "../lib/time";
import { err, TopError } from "./errors";
import type { FaultDraw } from "./faults";
import { ISP_SUB_CODES } from "./faults";
import { toJson, type JsonObject } from "./json";
import { METHODS } from "./methods/index";
import type { MethodContext } from "./methods/context";
import { isSignMethod, verifySign } from "./sign";
import type { SandboxStore } from "./store";

const SKEW_MS = 10 * 60 * 1000;
const TOP_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

export interface ParsedParams {
  params: Map<string, string>;
  duplicates: string[];
}

/** Query string plus an `application/x-www-form-urlencoded` body (other bodies are ignored). */
export function collectParams(search: string, body: string, contentType: string | undefined): ParsedParams {
  const params = new Map<string, string>();
  const duplicates: string[] = [];
  const add = (sp: URLSearchParams) => {
    for (const [k, v] of sp) {
      if (params.has(k)) duplicates.push(k);
      params.set(k, v);
    }
  };
  add(new URLSearchParams(search));
  if (body && (contentType ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) add(new URLSearchParams(body));
  return { params, duplicates };
}

/** `taobao.trades.sold.get` → `trades_sold_get_response`; other namespaces keep their prefix. */
export function responseKey(method: string): string {
  return `${method.replace(/^taobao\./, "").replaceAll(".", "_")}_response`;
}

let requestCounter = 0;
export function newRequestId(): string {
  requestCounter = (requestCounter + 1) % 1_000_000;
  return `${randomBytes(5).toString("hex")}${requestCounter.toString(36)}`.slice(0, 13);
}

export function errorBody(e: TopError, requestId: string): string {
  const inner: JsonObject = { code: e.code, msg: e.msg };
  if (e.subCode) inner.sub_code = e.subCode;
  if (e.subMsg) inner.sub_msg = e.subMsg;
  inner.request_id = requestId;
  return toJson({ error_response: inner });
}

export interface CallResult {
  body: string;
  method: string | null;
  error: TopError | null;
}

/**
 * Runs one gateway call to completion (synchronously) and returns the JSON body. `fault` is the
 * request's fault draw; only its isp/code10/ban kinds act here.
 */
export function processCall(store: SandboxStore, parsed: ParsedParams, requestId: string, fault: FaultDraw | null, log?: (line: string) => void): CallResult {
  const { params } = parsed;
  const method = params.get("method") ?? null;
  try {
    if (parsed.duplicates.length > 0) {
      const name = parsed.duplicates[0]!;
      throw err.invalidArg(name, `参数 ${name} 重复出现（query 与 body 合并后同名参数只能有一个）`);
    }
    if (!method) throw err.missingMethod();
    const def = METHODS.get(method);
    if (!def) throw err.invalidMethod(method);
    const format = params.get("format");
    if (format === undefined || format === "") throw err.invalidFormat("(缺省，即 xml)");
    if (format !== "json") throw err.invalidFormat(format);

    const appKey = params.get("app_key");
    if (!appKey) throw err.missingAppKey();
    const app = store.apps.get(appKey);
    if (!app) throw err.invalidAppKey();

    const nowMs = store.clock.nowMs();
    const ts = params.get("timestamp");
    if (!ts) throw err.missingTimestamp();
    let tsMs: number;
    try {
      if (!TOP_TIME.test(ts)) throw new Error("format");
      tsMs = parseTopTime(ts).getTime();
    } catch {
      throw err.invalidTimestamp(`timestamp 格式必须为 yyyy-MM-dd HH:mm:ss（GMT+8）：${ts.slice(0, 40)}`);
    }
    if (Math.abs(tsMs - nowMs) > SKEW_MS) {
      throw err.invalidTimestamp(`timestamp 与服务器时间相差超过 10 分钟（服务器时间 ${store.clock.state().now}，GMT+8）`);
    }

    const v = params.get("v");
    if (!v) throw err.missingVersion();
    if (!/^\d+\.\d+$/.test(v)) throw err.invalidVersion(v);
    if (v !== "2.0") throw err.unsupportedVersion(v);

    const signMethod = params.get("sign_method");
    if (!signMethod) throw err.missingArg("sign_method", "缺少 sign_method（md5、hmac 或 hmac-sha256）");
    if (!isSignMethod(signMethod)) throw err.invalidArg("sign_method", `不支持的签名方法：${signMethod}`);
    const sign = params.get("sign");
    if (!sign) throw err.missingSignature();
    if (!verifySign(params, app.appSecret, signMethod, sign)) throw err.invalidSignature();

    if (params.has("simplify") && params.get("simplify") !== "false") {
      throw err.invalidArg("simplify", "沙箱不支持 simplify，返回值总是带 <method>_response 信封和列表包装");
    }

    const T = Math.floor(nowMs / 1000);
    const session = params.get("session");
    let account: MethodContext["account"] = null;
    if (session !== undefined && session !== "") {
      const check = store.tokens.checkSession(session, appKey, T);
      if (!check.ok) throw err.invalidSession(check.why);
      account = check.account;
    } else if (def.session) {
      throw err.missingSession();
    }

    const limited = store.quota.admit(appKey, method, nowMs);
    if (limited) throw limited;
    if (fault?.kind === "isp") {
      const [sub, msg] = ISP_SUB_CODES[fault.variant]!;
      throw err.remote(sub, msg);
    }
    if (fault?.kind === "code10") throw err.serviceUnavailable();
    if (fault?.kind === "ban") throw store.quota.banMethod(appKey, method, fault.amount);

    const shop = account ? (store.shops[account.shopIndex] ?? null) : null;
    shop?.ensure(T);
    const body = def.handle({ params, store, app, account, shop, T });
    return { body: toJson({ [responseKey(method)]: { ...body, request_id: requestId } }), method, error: null };
  } catch (e) {
    if (e instanceof TopError) return { body: errorBody(e, requestId), method, error: e };
    log?.(`sandbox: ${method ?? "(no method)"} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    const internal = err.remote("isp.top-remote-unknown-error", "沙箱内部错误");
    return { body: errorBody(internal, requestId), method, error: internal };
  }
}
