/**
 * next-auth (v4) configuration: "Sign in with Taobao" as a custom OAuth 2.0 provider with PKCE and
 * state, JWT sessions that carry only our user id (never a Taobao token), and the sign-in hook
 * that connects the shop or joins the member (lib/shops/connect.ts).
 */
import "server-only";
import type { NextAuthOptions } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { oauthOptions } from "@/lib/taobao";
import { exchangeCode, type TopOAuthToken } from "@/lib/top";
import { ShopNotConnectedError, connectAccount } from "@/lib/shops/connect";

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
  cached ??= {
    secret: env().NEXTAUTH_SECRET,
    providers: [taobaoProvider()],
    session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    callbacks: {
      async signIn({ profile }) {
        const token = reviveToken((profile as unknown as TaobaoProfile).token);
        try {
          await connectAccount(token);
          return true;
        } catch (error) {
          if (ShopNotConnectedError.is(error)) return "/login?error=ShopNotConnected";
          log.error({ err: error instanceof Error ? error.message : String(error) }, "sign-in failed");
          return "/login?error=SignInFailed";
        }
      },
      async jwt({ token, user }) {
        // On sign-in `user.id` is the Taobao account id; afterwards the token keeps our id only.
        if (user) {
          const row = await db().user.findUnique({ where: { taobaoUserId: user.id } });
          token.uid = row?.id;
          token.taobao = undefined;
        }
        return token;
      },
      // next-auth's default without its crash: `new URL(url)` threw on a callbackUrl that is no URL
      // (500 on /api/auth/*, issue 18, item 7). Which targets are allowed is item 1's policy.
      async redirect({ url, baseUrl }) {
        if (url.startsWith("/")) return `${baseUrl}${url}`;
        try {
          return new URL(url).origin === baseUrl ? url : baseUrl;
        } catch {
          return baseUrl;
        }
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.uid as string | undefined } };
      },
    },
    logger: {
      // next-auth's own messages go through our redacting logger, never raw to the console.
      error: (code, metadata) => log.error({ code, err: metadata instanceof Error ? metadata.message : undefined }, "next-auth error"),
      warn: (code) => log.warn({ code }, "next-auth warning"),
      debug: () => undefined,
    },
  };
  return cached;
}
