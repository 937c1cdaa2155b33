/**
 * Next 16's proxy (formerly middleware). Two jobs, neither of them authorisation: send signed-out
 * visitors of pages to /login, with a callbackUrl only when it is a path of this origin
 * (lib/auth/redirect.ts; a convenience: every page, action and route handler checks the session
 * and permissions itself in lib/), and give every page and API answer — /login and the
 * 404 page included — the same strict, nonce-based Content-Security-Policy (no 'unsafe-eval' in
 * production) and HSTS over https; the other headers come from next.config.ts for every path,
 * static files included.
 *
 * next-auth's withAuth() is not used: it skips its sign-in page entirely, so /login got no CSP
 * and Next rendered its scripts with `nonce:$undefined`.
 */
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { sameOriginPath } from "@/lib/auth/redirect";
import { env } from "@/lib/env";

const PUBLIC_PATHS = [/^\/login(\/|$)/, /^\/api\//];

export function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV !== "production";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React and Tailwind set inline style attributes; scripts stay nonce-only.
    "style-src 'self' 'unsafe-inline'",
    // Product thumbnails come from Taobao's image CDN over https.
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${new URL(env().TOP_OAUTH_BASE_URL).origin}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

function sessionCookie(): { name: string; secure: boolean } {
  const secure = env().NEXTAUTH_URL.startsWith("https://");
  return { name: secure ? "__Secure-next-auth.session-token" : "next-auth.session-token", secure };
}

function withSecurityHeaders(res: NextResponse, csp: string): NextResponse {
  res.headers.set("Content-Security-Policy", csp);
  if (sessionCookie().secure) res.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return res;
}

export default async function proxy(req: NextRequest): Promise<NextResponse> {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const e = env();
  const cookie = sessionCookie();
  const token = await getToken({ req, secret: e.NEXTAUTH_SECRET, cookieName: cookie.name, secureCookie: cookie.secure });
  const { pathname, search, origin } = req.nextUrl;

  if (!token && !PUBLIC_PATHS.some((p) => p.test(pathname))) {
    const login = new URL("/login", origin);
    const back = sameOriginPath(`${pathname}${search}`, origin);
    if (back && back !== "/") login.searchParams.set("callbackUrl", back);
    return withSecurityHeaders(NextResponse.redirect(login), csp);
  }

  const headers = new Headers(req.headers);
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  return withSecurityHeaders(NextResponse.next({ request: { headers } }), csp);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
