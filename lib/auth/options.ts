/**
 * next-auth (v4) configuration: "Sign in with Taobao" as a custom OAuth 2.0 provider with PKCE and
 * state, JWT sessions that carry only our user id, session version and sign-in time (never a
 * Taobao token) and are checked against the database on every use (lib/auth/session.ts), the
 * sign-in hook that connects the shop or joins the member (lib/shops/connect.ts), and one rule
 * for every redirect target (lib/auth/redirect.ts).
 */
import "server-only";
import type { NextAuthOptions, Session } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { oauthOptions } from "@/lib/taobao";
import { exchangeCode, type TopOAuthToken } from "@/lib/top";
import { ShopNotConnectedError, connectAccount } from "@/lib/shops/connect";
import { safeCallbackPath } from "./redirect";
import { checkSession, endSession, startSession, type SessionEndedError } from "./session";
import { sessionPolicy } from "./session-policy";

/** What the provider hands to next-auth as the "profile": the parsed token response. */
interface TaobaoProfile {
  token: Omit<TopOAuthToken, "expiresAt" | "refreshExpiresAt"> & { expiresAt: string; refreshExpiresAt: string | null };
}

function reviveToken(p: TaobaoProfile["token"]): TopOAuthToken {
  return { ...p, expiresAt: new Date(p.expiresAt), refreshExpiresAt: p.refreshExpiresAt ? new Date(p.refreshExpiresAt) : null };
}

function taobaoProvider(): OAuthConfig<TaobaoProfile> {
  const e = env();
  const base = e.TOP_OAUTH_BASE_URL.replace(/\/+$/, "");
  return {
    id: "taobao",
    name: "淘宝",
    type: "oauth",
    clientId: e.TOP_APP_KEY,
    clientSecret: e.TOP_APP_SECRET,
    checks: ["pkce", "state"],
    authorization: { url: `${base}/authorize`, params: { response_type: "code", view: "web", scope: undefined } },
    token: {
      url: `${base}/token`,
      // Taobao's token response carries the account itself (no userinfo endpoint), so the
      // exchange goes through lib/top, which parses every field of top-protocol.md §8.
      async request({ params, checks, provider }) {
        const token = await exchangeCode({
          ...oauthOptions(),
          code: String(params.code ?? ""),
          redirectUri: provider.callbackUrl,
          codeVerifier: checks.code_verifier,
        });
        return { tokens: { access_token: "omitted", token_type: "bearer", taobao: JSON.stringify(token) } };
      },
    },
    userinfo: {
      async request({ tokens }) {
        const token = JSON.parse(String(tokens.taobao)) as TaobaoProfile["token"];
        return { name: token.subTaobaoUserNick ?? token.taobaoUserNick, token };
      },
    },
    profile(profile) {
      const t = profile.token;
      return { id: t.subTaobaoUserId ?? t.taobaoUserId, name: t.subTaobaoUserNick ?? t.taobaoUserNick };
    },
  };
}

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const policy = sessionPolicy(env());
  cached = {
    secret: env().NEXTAUTH_SECRET,
    providers: [taobaoProvider()],
    // maxAge is the idle timeout; the proxy renews the cookie on activity (at most every
    // updateAge) up to the absolute lifetime (lib/auth/session-policy.ts).
    session: { strategy: "jwt", maxAge: policy.idleSeconds, updateAge: policy.updateAgeSeconds },
    pages: { signIn: "/login", error: "/login" },
    callbacks: {
      async signIn({ profile }) {
        const token = reviveToken((profile as unknown as TaobaoProfile).token);
        try {
          const result = await connectAccount(token);
          // No session for an account that is not (or no longer) an active member.
          if (result.status === "PENDING") return "/login?error=MembershipPending";
          if (result.status === "REMOVED") return "/login?error=MembershipRemoved";
          return true;
        } catch (error) {
          if (ShopNotConnectedError.is(error)) return "/login?error=ShopNotConnected";
          log.error({ err: error instanceof Error ? error.message : String(error) }, "sign-in failed");
          return "/login?error=SignInFailed";
        }
      },
      // Every callbackUrl next-auth is given (query, body or its cookie) ends here.
      redirect({ url, baseUrl }) {
        const origin = new URL(baseUrl).origin;
        return `${origin}${safeCallbackPath(url, origin)}`;
      },
      async jwt({ token, user }) {
        // On sign-in `user.id` is the Taobao account id; the token keeps only our claims.
        // Afterwards every use is checked: a revoked or expired token throws, and next-auth
        // answers "no session" (and clears the cookie where it can).
        if (user) return { ...(await startSession(user.id)) };
        return { ...(await checkSession(token)) };
      },
      async session({ session, token }) {
        // Only our user id reaches the session (and /api/auth/session): no name, no Taobao id.
        return { expires: session.expires, user: { id: token.uid as string | undefined } } as Session;
      },
    },
    events: {
      // Sign-out ends the session for good, not just in this browser: a copy of the cookie
      // replayed later is refused.
      async signOut({ token }) {
        await endSession(token as Record<string, unknown> | null);
      },
    },
    logger: {
      // next-auth's own messages go through our redacting logger, never raw to the console. A
      // refused session (revoked, timed out) is routine, not an error.
      error: (code, metadata) => {
        const err = metadata instanceof Error ? metadata : undefined;
        // Recognised by name and code, not class identity (the bundle may hold several copies).
        const ended = err?.name === "SessionEndedError" ? (err as SessionEndedError).reason : (err as { code?: unknown } | undefined)?.code === "ERR_JWT_EXPIRED" ? "expired" : null;
        if (code === "JWT_SESSION_ERROR" && ended) {
          log.info({ reason: ended }, "session refused");
          return;
        }
        log.error({ code, err: err?.message }, "next-auth error");
      },
      warn: (code) => log.warn({ code }, "next-auth warning"),
      debug: () => undefined,
    },
  };
  return cached;
}
