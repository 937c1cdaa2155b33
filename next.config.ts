import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

// Every answer, pages, API and static files alike. The nonce-based Content-Security-Policy of
// pages and API answers is set per request by proxy.ts; the files the proxy does not see get
// a fixed policy under which nothing runs, with the same frame-ancestors.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];
const STATIC_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
// The paths proxy.ts's matcher leaves out (keep the two lists in step).
const STATIC_PATHS = ["/_next/static/:path*", "/_next/image", "/favicon.ico", "/robots.txt"];

const nextConfig: NextConfig = {
  // Native and Node-only database drivers stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "pino"],
  poweredByHeader: false,
  typescript: { tsconfigPath: "tsconfig.app.json" },
  // forbidden() renders app/forbidden.tsx with HTTP 403 when a role may not open a page.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      ...STATIC_PATHS.map((source) => ({ source, headers: [{ key: "Content-Security-Policy", value: STATIC_CSP }] })),
    ];
  },
};

export default withNextIntl(nextConfig);
