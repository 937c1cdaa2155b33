/**
 * Next 16's proxy (formerly middleware). None of its jobs is authorisation: every page, action
 * and route handler checks the session (against the database: revocation) and the permission
 * itself in lib/. It
 * - gives every page and API answer — /login and the 404 page included — the same strict,
 *   nonce-based Content-Security-Policy (no 'unsafe-eval' in production) and HSTS over https;
 *   the other headers come from next.config.ts for every path, static files included;
 * - sends signed-out visitors of pages to /login, with a callbackUrl only when it is a path of
 *   this origin (lib/auth/redirect.ts);
 * - renews the session cookie on the user's own activity (sliding idle timeout, never past the
 *   absolute lifetime: lib/auth/session-policy.ts) and drops a cookie whose time is over;
 * - refuses malformed server-action requests with a translated 4xx before Next decodes them
 *   (lib/http/action-guard.ts), on every path, /login included.
 */
import { encode, getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { sameOriginPath } from "@/lib/auth/redirect";
import { isUserActivity, renewalMaxAge, sessionClaims, sessionPolicy, sessionTimeValid } from "@/lib/auth/session-policy";
import { env } from "@/lib/env";
import { checkPagePost, isPagePost, refusalResponse } from "@/lib/http/action-guard";

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

/** Removes the session cookie (same name, path and flags as next-auth's, or the browser keeps it). */
function dropSession(res: NextResponse): void {
  const cookie = sessionCookie();
  res.cookies.set(cookie.name, "", { httpOnly: true, sameSite: "lax", path: "/", secure: cookie.secure, maxAge: 0 });
}

function withSecurityHeaders(res: NextResponse, csp: string): NextResponse {
  res.headers.set("Content-Security-Policy", csp);
  if (sessionCookie().secure) res.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return res;
}

export default async function proxy(req: NextRequest): Promise<Response> {
  // Server-action requests Next would answer with a 500 get a translated 4xx first.
  const refusal = isPagePost(req.method, req.nextUrl.pathname) ? await checkPagePost(req) : null;
  if (refusal) return refusalResponse(refusal, req);
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const e = env();
  const policy = sessionPolicy(e);
  const cookie = sessionCookie();
  const token = (await getToken({ req, secret: e.NEXTAUTH_SECRET, cookieName: cookie.name, secureCookie: cookie.secure })) as Record<string, unknown> | null;
  const signedIn = !!token && sessionTimeValid(token, policy);
  const { pathname, search, origin } = req.nextUrl;
  // next-auth's own routes set and clear the cookie themselves.
  const ownCookie = !pathname.startsWith("/api/auth/");

  if (!signedIn && !PUBLIC_PATHS.some((p) => p.test(pathname))) {
    const login = new URL("/login", origin);
    const back = sameOriginPath(`${pathname}${search}`, origin);
    if (back && back !== "/") login.searchParams.set("callbackUrl", back);
    const res = withSecurityHeaders(NextResponse.redirect(login), csp);
    if (req.cookies.has(cookie.name)) dropSession(res);
    return res;
  }

  const headers = new Headers(req.headers);
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const res = withSecurityHeaders(NextResponse.next({ request: { headers } }), csp);

  if (!ownCookie) return res;
  if (token && !signedIn) {
    // Timed out or not one of ours: the browser may as well forget it.
    dropSession(res);
  } else if (token && isUserActivity(req.method, req.headers)) {
    const maxAge = renewalMaxAge(token, policy);
    const claims = sessionClaims(token);
    if (maxAge !== null && claims) {
      // Sliding renewal: the same claims (user, session version, sign-in time), a fresh expiry.
      const value = await encode({ token: { ...claims }, secret: e.NEXTAUTH_SECRET, maxAge });
      res.cookies.set(cookie.name, value, { httpOnly: true, sameSite: "lax", path: "/", secure: cookie.secure, maxAge });
    }
  }
  return res;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
