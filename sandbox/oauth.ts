/**
 * OAuth 2.0 authorisation-code flow (top-protocol.md §8): a server-rendered Chinese consent page
 * at GET /authorize whose form posts back to /authorize, and POST /token.
 *
 * redirect_uri is validated like the platform validates an app's callback domain: http(s), no
 * fragment, and a host among `callbackHosts` (default localhost and 127.0.0.1, any port). A bad
 * client_id or redirect_uri shows an error page and never redirects.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { SandboxStore } from "./store";
import { loginOf, OAuthError, type Account } from "./tokens";

export const OAUTH_VIEWS = ["web", "tmall", "wap"] as const;

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  view: string;
  /** PKCE (RFC 7636), S256 only; empty when the client sent none. */
  codeChallenge: string;
}

export class AuthorizeError extends Error {}

const FORM_SECRET = randomBytes(32);

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Checks a redirect_uri against the registered callback hosts. */
export function redirectAllowed(redirectUri: string, callbackHosts: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(redirectUri);
  } catch {
    return false;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return false;
  if (u.hash || u.username || u.password) return false;
  const host = u.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return callbackHosts.some((h) => h.toLowerCase() === host);
}

export function validateAuthorize(store: SandboxStore, q: URLSearchParams, callbackHosts: readonly string[]): AuthorizeRequest {
  const clientId = q.get("client_id") ?? "";
  const redirectUri = q.get("redirect_uri") ?? "";
  const responseType = q.get("response_type") ?? "";
  const view = q.get("view") ?? "web";
  if (!clientId) throw new AuthorizeError("缺少 client_id 参数");
  if (!store.apps.has(clientId)) throw new AuthorizeError(`应用 ${clientId} 不存在`);
  if (!redirectUri) throw new AuthorizeError("缺少 redirect_uri 参数");
  if (!redirectAllowed(redirectUri, callbackHosts)) {
    throw new AuthorizeError(`redirect_uri 与应用登记的回调地址不匹配（允许的主机：${callbackHosts.join("、")}，端口不限）`);
  }
  if (responseType !== "code") throw new AuthorizeError("response_type 必须为 code");
  if (!(OAUTH_VIEWS as readonly string[]).includes(view)) throw new AuthorizeError("view 只能是 web、tmall 或 wap");
  const codeChallenge = q.get("code_challenge") ?? "";
  const method = q.get("code_challenge_method") ?? (codeChallenge ? "plain" : "");
  // Strictest plausible: a challenge must be S256 (plain would leak the verifier to the browser).
  if (codeChallenge && (method !== "S256" || !/^[A-Za-z0-9_-]{43}$/.test(codeChallenge))) {
    throw new AuthorizeError("code_challenge 必须是 S256 方式生成的 43 位 base64url 字符串");
  }
  if (!codeChallenge && method) throw new AuthorizeError("缺少 code_challenge 参数");
  return { clientId, redirectUri, state: q.get("state") ?? "", view, codeChallenge };
}

function formMac(r: AuthorizeRequest): string {
  return createHmac("sha256", FORM_SECRET).update(JSON.stringify([r.clientId, r.redirectUri, r.state, r.view, r.codeChallenge])).digest("hex");
}

export function checkFormMac(r: AuthorizeRequest, mac: string): boolean {
  const expected = formMac(r);
  return mac.length === expected.length && timingSafeEqual(Buffer.from(mac), Buffer.from(expected));
}

const STYLE = `
  body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;background:#f5f5f5;margin:0;color:#333}
  header{background:#ff5000;color:#fff;padding:14px 24px;font-size:18px;font-weight:600}
  main{max-width:560px;margin:32px auto;background:#fff;border-radius:8px;padding:24px 32px;box-shadow:0 1px 4px rgba(0,0,0,.08)}
  h1{font-size:20px;margin:0 0 8px} p.lead{color:#666;margin:0 0 20px}
  fieldset{border:1px solid #eee;border-radius:6px;margin:0 0 16px;padding:8px 16px}
  legend{color:#999;font-size:13px;padding:0 4px}
  .row{display:flex;align-items:center;padding:8px 0}
  label{display:flex;align-items:center;gap:8px;cursor:pointer}
  .role{color:#999;font-size:12px;margin-left:auto}
  ul{color:#666;font-size:14px;padding-left:20px}
  .actions{display:flex;gap:12px;margin-top:20px}
  button{font-size:16px;padding:10px 28px;border-radius:4px;border:1px solid #ff5000;cursor:pointer}
  button.primary{background:#ff5000;color:#fff} button.secondary{background:#fff;color:#ff5000}
  .error{color:#c00}`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header>淘宝开放平台 · 沙箱</header><main>${body}</main></body>
</html>`;
}

export function errorPage(message: string): string {
  return page("授权失败", `<h1>授权失败</h1><p class="error" role="alert">${escapeHtml(message)}</p>`);
}

export function consentPage(store: SandboxStore, r: AuthorizeRequest, appName: string, error?: string): string {
  const accounts = store.signInAccounts();
  const groups = new Map<number, Account[]>();
  for (const a of accounts) groups.set(a.shopIndex, [...(groups.get(a.shopIndex) ?? []), a]);
  const fieldsets = [...groups.values()]
    .map((list) => {
      const shop = list[0]!.nick;
      const items = list
        .map((a) => {
          const login = loginOf(a);
          return `<div class="row"><label><input type="radio" name="account" value="${escapeHtml(login)}" required> ${escapeHtml(a.subNick ?? a.nick)}</label><span class="role">${a.crossShop ? "跨店授权子账号" : a.subNick ? "子账号" : "主账号"}</span></div>`;
        })
        .join("");
      return `<fieldset><legend>${escapeHtml(shop)}</legend>${items}</fieldset>`;
    })
    .join("");
  const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  return page(
    "淘宝授权登录",
    `<h1>授权 ${escapeHtml(appName)}</h1>
<p class="lead">请选择要登录的淘宝账号。授权后，该应用将可以：</p>
<ul><li>读取店铺的交易与订单信息</li><li>修改订单备注和旗帜</li><li>订单发货、查询物流</li><li>在授权场景下查看收件人信息</li></ul>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/authorize">
${hidden("client_id", r.clientId)}${hidden("redirect_uri", r.redirectUri)}${hidden("state", r.state)}${hidden("view", r.view)}${hidden("response_type", "code")}${r.codeChallenge ? `${hidden("code_challenge", r.codeChallenge)}${hidden("code_challenge_method", "S256")}` : ""}${hidden("txn", formMac(r))}
${fieldsets}
<div class="actions"><button class="primary" type="submit" name="action" value="authorize">授权</button><button class="secondary" type="submit" name="action" value="deny" formnovalidate>取消</button></div>
</form>`,
  );
}

/** Where the browser goes after the consent form: the client's redirect_uri with code/state (or an error). */
export function redirectAfterConsent(r: AuthorizeRequest, result: { code: string } | { error: string; description: string }): string {
  const u = new URL(r.redirectUri);
  if ("code" in result) u.searchParams.set("code", result.code);
  else {
    u.searchParams.set("error", result.error);
    u.searchParams.set("error_description", result.description);
  }
  if (r.state) u.searchParams.set("state", r.state);
  return u.toString();
}

/** POST /token. Returns the JSON body; throws OAuthError for HTTP 400 answers. */
export function tokenEndpoint(store: SandboxStore, form: URLSearchParams, now: number): object {
  const get = (k: string) => {
    const v = form.get(k);
    return v === null || v === "" ? undefined : v;
  };
  const grantType = get("grant_type");
  const clientId = get("client_id");
  const clientSecret = get("client_secret");
  if (!grantType) throw new OAuthError("invalid_request", "grant_type is required");
  if (!clientId || !clientSecret) throw new OAuthError("invalid_request", "client_id and client_secret are required");
  const app = store.apps.get(clientId);
  if (!app) throw new OAuthError("invalid_client", "unknown client_id");
  const a = Buffer.from(clientSecret);
  const b = Buffer.from(app.appSecret);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new OAuthError("invalid_client", "client_secret is wrong");
  if (grantType === "authorization_code") {
    const code = get("code");
    if (!code) throw new OAuthError("invalid_request", "code is required");
    return store.tokens.exchangeCode(clientId, code, get("redirect_uri"), now, get("code_verifier"));
  }
  if (grantType === "refresh_token") {
    const rt = get("refresh_token");
    if (!rt) throw new OAuthError("invalid_request", "refresh_token is required");
    return store.tokens.refreshToken(clientId, rt, now);
  }
  throw new OAuthError("unsupported_grant_type", `grant_type ${grantType} is not supported`);
}
