/**
 * Test helpers for sign-ins without the OAuth flow: the token Taobao's OAuth would hand over for a
 * main account (or one of its sub-accounts), with ids and token values unique to the test run.
 * The real flow is covered by shops.db.test.ts and the e2e setup.
 */
import type { TopOAuthToken } from "@/lib/top";

let seq = 0;

/** A value no other call of this process (or another test run) returns. */
export const uniqueId = (): string => `${Date.now().toString(36)}${(seq++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export function oauthTokenFor(main: { id: string; nick: string }, sub?: { id: string; nick: string }): TopOAuthToken {
  return {
    accessToken: `access-${uniqueId()}-0123456789abcdef`,
    tokenType: "Bearer",
    expiresIn: 86_400,
    expiresAt: new Date(Date.now() + 86_400_000),
    refreshToken: `refresh-${uniqueId()}-0123456789abcdef`,
    reExpiresIn: 2_592_000,
    refreshExpiresAt: new Date(Date.now() + 2_592_000_000),
    refreshable: true,
    r1ExpiresIn: null,
    r2ExpiresIn: null,
    w1ExpiresIn: null,
    w2ExpiresIn: null,
    taobaoUserId: main.id,
    taobaoUserNick: main.nick,
    subTaobaoUserId: sub?.id ?? null,
    subTaobaoUserNick: sub?.nick ?? null,
    isSubAccount: !!sub,
  };
}
