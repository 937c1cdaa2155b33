/**
 * Next 16's proxy (formerly middleware). Two jobs, neither of them authorisation: send signed-out
 * visitors of pages to /login (a convenience: every page, action and route handler checks the
 * session and permissions itself in lib/), and give every response a strict, nonce-based
 * Content-Security-Policy (no 'unsafe-eval' in production). It also refuses malformed server-action
 * requests with a translated 4xx before Next decodes them (lib/http/action-guard.ts).
 */
import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { checkPagePost, isPagePost, refusalResponse } from "@/lib/http/action-guard";

const PUBLIC_PATHS = [/^\/login(\/|$)/, /^\/api\//];

function contentSecurityPolicy(nonce: string): string {
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

function withSecurityHeaders(req: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(req.headers);
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("Content-Security-Policy", csp);
  return res;
}

const authProxy = withAuth(withSecurityHeaders, {
  secret: env().NEXTAUTH_SECRET,
  pages: { signIn: "/login" },
  callbacks: {
    authorized: ({ token, req }) => !!token || PUBLIC_PATHS.some((p) => p.test(req.nextUrl.pathname)),
  },
});

/**
 * Server-action requests that Next would answer with a 500 get a translated 4xx first, on every
 * path: withAuth never calls the middleware for its sign-in page (/login), where actions run too.
 */
export default async function proxy(req: NextRequestWithAuth, event: NextFetchEvent) {
  const refusal = isPagePost(req.method, req.nextUrl.pathname) ? await checkPagePost(req) : null;
  if (refusal) return refusalResponse(refusal, req);
  return authProxy(req, event);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
