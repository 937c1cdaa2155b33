import NextAuth from "next-auth";
import { getTranslations } from "next-intl/server";
import { NextResponse, type NextRequest } from "next/server";
import { oauthCallbackError } from "@/lib/auth/oauth-cancel";
import { authOptions } from "@/lib/auth/options";
import { env } from "@/lib/env";

/** next-auth's own test (core/lib/assert.js): an http(s) URL, or a path on this origin. */
function isHttpUrl(value: string, base: string): boolean {
  try {
    return /^https?:/.test(new URL(value, value.startsWith("/") ? base : undefined).protocol);
  } catch {
    return false;
  }
}

/**
 * next-auth answers 500 ("a problem with the server configuration") when the callbackUrl query
 * parameter or cookie is no URL; that is bad input, so it is a translated 400 here (issue 18,
 * item 7). Which targets are allowed after sign-in is the redirect policy's business.
 */
function badCallbackUrl(req: NextRequest): boolean {
  const base = req.nextUrl.origin;
  const values = [...req.nextUrl.searchParams.getAll("callbackUrl"), ...req.cookies.getAll().filter((c) => c.name.endsWith("next-auth.callback-url")).map((c) => c.value)];
  return values.some((v) => v !== "" && !isHttpUrl(v, base));
}

const handler = async (req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }) => {
  if (badCallbackUrl(req)) {
    const t = await getTranslations("requestErrors");
    return NextResponse.json({ error: { code: "invalidInput", message: t("callbackUrl") } }, { status: 400, headers: { "Cache-Control": "no-store" } });
  }
  // Cancelled on the consent page (or refused by the provider): say so, not "sign-in failed".
  const cancelled = oauthCallbackError(req.nextUrl.pathname, req.nextUrl.searchParams);
  if (cancelled) return NextResponse.redirect(new URL(`/login?error=${cancelled}`, env().NEXTAUTH_URL), { status: 302, headers: { "Cache-Control": "no-store" } });
  return NextAuth(authOptions())(req, ctx);
};

export { handler as GET, handler as POST };
