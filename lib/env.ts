/**
 * Configuration, validated once (zod). Every problem is reported in one message that names the
 * variable and the accepted form, so a bad deployment fails at start-up with a screenful of
 * plain text instead of a stack trace at the first request.
 *
 * Defaults point at the local TOP sandbox, so the demo needs no editing. Pointing
 * TOP_GATEWAY_URL at anything but this machine switches to production, and then the sandbox's
 * credentials are refused: a real app key and secret must be configured.
 */
import { z } from "zod";
import { errorBrand } from "./errors/brand";
import { ACCEPTED_DATABASE_URLS, parseDatabaseUrl, type DbTarget } from "./db/url";

export const SANDBOX_APP_KEY = "34567890";
export const SANDBOX_APP_SECRET = "0d7e4c2b9a5f4e1c8b3a6d9f2e5c8b1a";
/** Local-only defaults so the demo runs with no set-up; refused against a real gateway. */
export const DEMO_AUTH_SECRET = "orderdesk-demo-auth-secret-change-me-0123456789";
export const DEMO_TOKEN_KEY = "b3JkZXJkZXNrLWRlbW8tdG9rZW4ta2V5LTMyYnl0ZXM=";

const BASE64_KEY = /^[A-Za-z0-9+/]{43}=$/;
const tokenKey = z.string().regex(BASE64_KEY, "expected 32 random bytes in base64 (openssl rand -base64 32)");

const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });
const positiveInt = (fallback: number) =>
  z.coerce.number({ error: "expected a whole number" }).int("expected a whole number").positive("expected a number above 0").default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .default("file:./data/orderdesk.db")
    .transform((url, ctx): DbTarget => {
      try {
        return parseDatabaseUrl(url);
      } catch {
        ctx.addIssue({ code: "custom", message: `expected ${ACCEPTED_DATABASE_URLS}` });
        return z.NEVER;
      }
    }),
  TOP_GATEWAY_URL: httpUrl.default("http://127.0.0.1:4100/router/rest"),
  TOP_OAUTH_BASE_URL: httpUrl.default("http://127.0.0.1:4100"),
  TOP_APP_KEY: z.string().regex(/^\d{6,12}$/, "expected the numeric app key from the Taobao Open Platform console").default(SANDBOX_APP_KEY),
  TOP_APP_SECRET: z.string().min(16, "expected the app secret (at least 16 characters)").default(SANDBOX_APP_SECRET),
  TOP_SIGN_METHOD: z.enum(["md5", "hmac", "hmac-sha256"], { error: "expected md5, hmac or hmac-sha256" }).default("hmac-sha256"),
  TOP_TIMEOUT_MS: positiveInt(15_000),
  TOP_QPS: positiveInt(50),
  TOP_DAILY_BUDGET: positiveInt(1_000_000),
  NEXTAUTH_URL: httpUrl.default("http://localhost:3000"),
  NEXTAUTH_SECRET: z.string().min(32, "expected a random string of at least 32 characters (openssl rand -base64 32)").default(DEMO_AUTH_SECRET),
  TOKEN_ENCRYPTION_KEY: tokenKey.default(DEMO_TOKEN_KEY),
  TOKEN_ENCRYPTION_KEYS_OLD: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((k) => k.trim()).filter(Boolean))
    .pipe(z.array(tokenKey)),
  // Session lifetime (lib/auth/session-policy.ts): idle timeout and absolute lifetime.
  SESSION_IDLE_MINUTES: z.coerce.number({ error: "expected a whole number" }).int("expected a whole number").min(5, "expected at least 5").max(720, "expected at most 720").default(30),
  SESSION_MAX_HOURS: z.coerce.number({ error: "expected a whole number" }).int("expected a whole number").min(1, "expected at least 1").max(24, "expected at most 24").default(12),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "expected fatal, error, warn, info, debug, trace or silent" }).default("info"),
});

export type Env = z.output<typeof schema>;

export class EnvError extends Error {
  override readonly name = "EnvError";
  static is = errorBrand(EnvError, "EnvError");
  constructor(readonly problems: string[]) {
    super(["OrderDesk cannot start: the configuration has problems.", ...problems.map((p) => `  - ${p}`), "See .env.example for every variable and its accepted form."].join("\n"));
  }
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || host.startsWith("127.");
}

/** Validates a set of variables (process.env by default) and returns typed configuration. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means "not set", as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "configuration");
      const given = cleaned[name];
      const shown = name.includes("SECRET") ? "[hidden]" : JSON.stringify(given && given.length > 60 ? `${given.slice(0, 60)}…` : given);
      return `${name}: ${issue.message}${given === undefined ? "" : ` (got ${shown})`}`;
    });
    throw new EnvError(problems);
  }
  const env = parsed.data;
  if (env.SESSION_IDLE_MINUTES > env.SESSION_MAX_HOURS * 60) {
    throw new EnvError([`SESSION_IDLE_MINUTES: expected at most SESSION_MAX_HOURS × 60 = ${env.SESSION_MAX_HOURS * 60} (got ${env.SESSION_IDLE_MINUTES})`]);
  }
  if (!isLoopback(env.TOP_GATEWAY_URL)) {
    const demo: string[] = [];
    if (env.TOP_APP_KEY === SANDBOX_APP_KEY || env.TOP_APP_SECRET === SANDBOX_APP_SECRET) demo.push("TOP_APP_KEY / TOP_APP_SECRET: set your own app key and secret");
    if (env.NEXTAUTH_SECRET === DEMO_AUTH_SECRET) demo.push("NEXTAUTH_SECRET: set a random secret (openssl rand -base64 32)");
    if (env.TOKEN_ENCRYPTION_KEY === DEMO_TOKEN_KEY) demo.push("TOKEN_ENCRYPTION_KEY: set a random key (openssl rand -base64 32)");
    if (demo.length) throw new EnvError(demo.map((d) => `${d} — TOP_GATEWAY_URL points at a real gateway, and the local demo defaults are refused there`));
  }
  return env;
}

let cached: Env | undefined;

/** The process configuration, validated on first use. */
export function env(): Env {
  cached ??= loadEnv();
  return cached;
}
