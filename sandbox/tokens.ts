/**
 * OAuth grants, codes and tokens (top-protocol.md §8). Lifetimes count in sandbox-clock
 * seconds, so a test can expire a token by advancing the clock.
 *
 * Choices where the real platform is not documented (strictest plausible):
 * - a code is single-use, bound to client_id and the exact redirect_uri, valid `codeTtl` s;
 *   presenting it a second time fails and revokes every token issued from it;
 * - PKCE: a code issued with an S256 code_challenge is exchanged only with the matching
 *   code_verifier; a code issued without one accepts none;
 * - refreshing rotates the refresh token (the old one stops working at once) and issues a new
 *   access token; the old access token stays valid until its own expiry;
 * - the refresh deadline is fixed at authorisation: `re_expires_in` counts down, refreshing
 *   never extends it; after it the seller must authorise again.
 */
import { createHash, randomBytes } from "node:crypto";

export interface Account {
  shopIndex: number;
  /** Main account nick (the shop). */
  nick: string;
  userId: string;
  /** Set for a sub-account (`店铺:子账号`). */
  subNick?: string;
  subUserId?: string;
  /** A sub-account of another shop that this shop authorises (跨店授权): the token acts for this shop. */
  crossShop?: boolean;
}

/** What the consent page submits for an account: its nick, or `<sub-account>@<shop>` for a cross-shop grant. */
export const loginOf = (a: Account): string => (a.crossShop ? `${a.subNick}@${a.nick}` : (a.subNick ?? a.nick));

export interface Grant {
  id: number;
  appKey: string;
  account: Account;
  /** Refresh deadline (sandbox seconds). */
  refreshUntil: number;
  revoked: boolean;
  code: string | null;
}

interface AccessToken {
  token: string;
  grant: Grant;
  expiresAt: number;
}

interface AuthCode {
  code: string;
  appKey: string;
  redirectUri: string;
  account: Account;
  expiresAt: number;
  used: boolean;
  grant: Grant | null;
  codeChallenge: string;
}

export interface TokenLifetimes {
  tokenTtl: number;
  refreshTtl: number;
  codeTtl: number;
}

export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  refresh_token: string;
  re_expires_in: number;
  r1_expires_in: number;
  r2_expires_in: number;
  w1_expires_in: number;
  w2_expires_in: number;
  taobao_user_id: string;
  taobao_user_nick: string;
  sub_taobao_user_id?: string;
  sub_taobao_user_nick?: string;
  /** Epoch ms of the access token's expiry (sandbox clock). */
  expire_time: number;
  /** Epoch ms of the refresh token's expiry (sandbox clock). */
  refresh_token_valid_time: number;
}

export type SessionCheck =
  | { ok: true; account: Account; grant: Grant }
  | { ok: false; why: string };

export class OAuthError extends Error {
  constructor(
    readonly error: "invalid_request" | "invalid_client" | "invalid_grant" | "unsupported_grant_type" | "unauthorized_client",
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
  }
}

function token(prefix: string, userId: string): string {
  return `${prefix}${randomBytes(20).toString("hex")}${userId}`;
}

export class TokenStore {
  private readonly codes = new Map<string, AuthCode>();
  private readonly access = new Map<string, AccessToken>();
  private readonly refresh = new Map<string, Grant>();
  private nextGrant = 1;

  constructor(public lifetimes: TokenLifetimes) {}

  issueCode(appKey: string, redirectUri: string, account: Account, now: number, codeChallenge = ""): string {
    const code = randomBytes(16).toString("hex");
    this.codes.set(code, { code, appKey, redirectUri, account, expiresAt: now + this.lifetimes.codeTtl, used: false, grant: null, codeChallenge });
    return code;
  }

  exchangeCode(appKey: string, code: string, redirectUri: string | undefined, now: number, codeVerifier?: string): TokenResponse {
    const c = this.codes.get(code);
    if (!c) throw new OAuthError("invalid_grant", "authorization code is invalid");
    if (c.used) {
      if (c.grant) this.revokeGrant(c.grant);
      throw new OAuthError("invalid_grant", "authorization code has already been used");
    }
    if (c.appKey !== appKey) throw new OAuthError("invalid_grant", "authorization code was issued to another client");
    if (now > c.expiresAt) throw new OAuthError("invalid_grant", "authorization code has expired");
    if (redirectUri === undefined) throw new OAuthError("invalid_request", "redirect_uri is required");
    if (redirectUri !== c.redirectUri) throw new OAuthError("invalid_grant", "redirect_uri does not match the authorization request");
    if (c.codeChallenge) {
      if (!codeVerifier) throw new OAuthError("invalid_request", "code_verifier is required");
      if (createHash("sha256").update(codeVerifier).digest("base64url") !== c.codeChallenge) throw new OAuthError("invalid_grant", "code_verifier does not match the code_challenge");
    } else if (codeVerifier) throw new OAuthError("invalid_request", "code_verifier given, but the authorization request had no code_challenge");
    c.used = true;
    const grant: Grant = { id: this.nextGrant++, appKey, account: c.account, refreshUntil: now + this.lifetimes.refreshTtl, revoked: false, code };
    c.grant = grant;
    return this.issue(grant, now);
  }

  refreshToken(appKey: string, refreshToken: string, now: number): TokenResponse {
    const grant = this.refresh.get(refreshToken);
    if (!grant || grant.revoked) throw new OAuthError("invalid_grant", "refresh_token is invalid or has been revoked");
    if (grant.appKey !== appKey) throw new OAuthError("invalid_grant", "refresh_token was issued to another client");
    if (now > grant.refreshUntil) throw new OAuthError("invalid_grant", "refresh_token has expired");
    this.refresh.delete(refreshToken);
    return this.issue(grant, now);
  }

  private issue(grant: Grant, now: number): TokenResponse {
    const a = grant.account;
    const userId = a.subUserId ?? a.userId;
    const at: AccessToken = { token: token("61", userId), grant, expiresAt: now + this.lifetimes.tokenTtl };
    this.access.set(at.token, at);
    const rt = token("62", userId);
    this.refresh.set(rt, grant);
    const expires = this.lifetimes.tokenTtl;
    const reExpires = Math.max(0, grant.refreshUntil - now);
    const out: TokenResponse = {
      access_token: at.token,
      token_type: "Bearer",
      expires_in: expires,
      refresh_token: rt,
      re_expires_in: reExpires,
      r1_expires_in: expires,
      r2_expires_in: Math.min(expires, 86_400),
      w1_expires_in: expires,
      w2_expires_in: Math.min(expires, 1_800),
      taobao_user_id: a.userId,
      taobao_user_nick: encodeURIComponent(a.nick),
      expire_time: at.expiresAt * 1000,
      refresh_token_valid_time: grant.refreshUntil * 1000,
    };
    if (a.subNick && a.subUserId) {
      out.sub_taobao_user_id = a.subUserId;
      out.sub_taobao_user_nick = encodeURIComponent(a.subNick);
    }
    return out;
  }

  /** Validates a `session` for an app at sandbox time `now`. */
  checkSession(session: string, appKey: string, now: number): SessionCheck {
    const at = this.access.get(session);
    if (!at) return { ok: false, why: "SessionKey非法" };
    if (at.grant.revoked) return { ok: false, why: "SessionKey已失效（授权已被撤销）" };
    if (at.grant.appKey !== appKey) return { ok: false, why: "SessionKey不属于该应用" };
    if (now > at.expiresAt) return { ok: false, why: "SessionKey已过期" };
    return { ok: true, account: at.grant.account, grant: at.grant };
  }

  private revokeGrant(g: Grant): void {
    g.revoked = true;
    for (const [k, v] of this.refresh) if (v === g) this.refresh.delete(k);
  }

  /** Revokes grants (admin): by access or refresh token, by nick (main or sub), or all. Returns how many. */
  revoke(filter: { token?: string; nick?: string; all?: boolean }): number {
    const grants = new Set<Grant>();
    for (const at of this.access.values()) grants.add(at.grant);
    for (const g of this.refresh.values()) grants.add(g);
    let n = 0;
    for (const g of grants) {
      if (g.revoked) continue;
      const hit =
        filter.all === true ||
        (filter.nick !== undefined && (g.account.nick === filter.nick || g.account.subNick === filter.nick)) ||
        (filter.token !== undefined && (this.access.get(filter.token)?.grant === g || this.refresh.get(filter.token) === g));
      if (hit) {
        this.revokeGrant(g);
        n++;
      }
    }
    return n;
  }

  clear(): void {
    this.codes.clear();
    this.access.clear();
    this.refresh.clear();
  }
}
