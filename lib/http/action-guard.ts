/**
 * Server-action requests are checked in the proxy before Next decodes them (issue 18, item 7).
 * Next answers 500 (an error it logs as a crash) for a foreign `Origin`, a body over its 1 MB
 * limit, and any body that is not React's reply format: empty, `null`, `NaN`, malformed JSON,
 * references to parts never sent (`"$1"`, `"$Q1"`, `"$nabc"` …), over 1,000 arguments or deep
 * nesting; and for a malformed multipart POST to a page. Here each is a 4xx with a translated
 * message instead, and Next only ever sees what OrderDesk's own pages send: a JSON array of
 * plain values (React's string reply; this app sends no files or FormData).
 *
 * The origin rule is Next's own (the Origin's host must be the request's `x-forwarded-host` or
 * `Host`; no Origin = not a browser request carrying a victim's cookies), answered 403 instead of
 * 500. Pure functions plus one that reads the request; safe in the proxy (no server-only imports).
 */
import en from "@/lib/i18n/messages/en.json";
import zh from "@/lib/i18n/messages/zh-CN.json";
import { LOCALE_COOKIE, localeOf } from "@/lib/i18n/config";

/** Next's default serverActions.bodySizeLimit. */
export const ACTION_BODY_LIMIT = 1024 * 1024;
/** OrderDesk's actions take one argument; React never needs more than a few. */
export const MAX_ACTION_ARGS = 8;
/** Deeper than any input the pages send (a memo form is two levels). */
export const MAX_ACTION_DEPTH = 32;

export type RefusalReason = "origin" | "tooLarge" | "contentType" | "body" | "method";
export interface Refusal {
  status: 400 | 403 | 405 | 413 | 415;
  reason: RefusalReason;
}

const refuse = (status: Refusal["status"], reason: RefusalReason): Refusal => ({ status, reason });

interface HeaderReader {
  get(name: string): string | null;
}

/** True for the requests Next's action handler takes: a POST with `Next-Action`, to a page. */
export function isPagePost(method: string, pathname: string): boolean {
  return method.toUpperCase() === "POST" && !pathname.startsWith("/api/");
}

/** Next's CSRF rule: an Origin, when sent, names this host. */
export function checkActionOrigin(headers: HeaderReader): Refusal | null {
  const origin = headers.get("origin");
  if (origin === null) return null;
  const host = (headers.get("x-forwarded-host") ?? headers.get("host") ?? "").split(",")[0]!.trim().toLowerCase();
  let originHost: string;
  try {
    originHost = origin === "null" ? "null" : new URL(origin).host.toLowerCase();
  } catch {
    return refuse(403, "origin");
  }
  return host !== "" && originHost === host ? null : refuse(403, "origin");
}

/**
 * React's reply tags a string may carry (`"$undefined"`, a Date `"$D…"`, `"$NaN"` …; user text
 * starting with `$` is escaped as `"$$…"`). Anything else starting with `$` refers to a part of a
 * multipart reply (streams, Maps, FormData, server references, bigints) that these actions never
 * take, and makes React throw.
 */
function isPlainReplyString(s: string): boolean {
  if (!s.startsWith("$")) return true;
  return s.startsWith("$$") || s.startsWith("$D") || s === "$undefined" || s === "$NaN" || s === "$Infinity" || s === "$-Infinity" || s === "$-0";
}

/** Checks a text body as React's reply: a JSON array of ≤ MAX_ACTION_ARGS plain values. Never throws. */
export function checkActionBody(text: string): Refusal | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return refuse(400, "body");
  }
  if (!Array.isArray(parsed) || parsed.length > MAX_ACTION_ARGS) return refuse(400, "body");
  const stack: [unknown, number][] = [[parsed, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v === "string") {
      if (!isPlainReplyString(v)) return refuse(400, "body");
    } else if (v !== null && typeof v === "object") {
      if (depth >= MAX_ACTION_DEPTH) return refuse(400, "body");
      for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
    }
  }
  return null;
}

/** Reads at most `limit` + 1 bytes of a body; null when it is longer than `limit`. */
export async function readCapped(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * The refusal for a POST to a page, or null to let Next handle it. Pages take no other POST than
 * a fetch action (this app has no progressive-enhancement form actions).
 */
export async function checkPagePost(req: Request): Promise<Refusal | null> {
  if (req.headers.get("next-action") === null) return refuse(405, "method");
  const origin = checkActionOrigin(req.headers);
  if (origin) return origin;
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "text/plain") return refuse(415, "contentType");
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > ACTION_BODY_LIMIT) return refuse(413, "tooLarge");
  let bytes: Uint8Array | null;
  try {
    // The proxy gets its own copy of the body stream; Next keeps another for the action.
    bytes = await readCapped(req.body, ACTION_BODY_LIMIT);
  } catch {
    return refuse(400, "body");
  }
  if (bytes === null) return refuse(413, "tooLarge");
  return checkActionBody(new TextDecoder().decode(bytes));
}

/** The translated JSON answer for a refusal, in the request's language. */
export function refusalResponse(refusal: Refusal, req: { headers: HeaderReader; cookies?: { get(name: string): { value: string } | undefined } }): Response {
  const locale = localeOf(req.cookies?.get(LOCALE_COOKIE)?.value, req.headers.get("accept-language"));
  const message = (locale === "en" ? en : zh).requestErrors[refusal.reason];
  const code = refusal.status === 403 ? "forbidden" : "invalidInput";
  return Response.json(
    { error: { code, message } },
    {
      status: refusal.status,
      headers: {
        "Cache-Control": "no-store",
        // A JSON answer loads nothing: the strictest policy.
        "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff",
        ...(refusal.status === 405 ? { Allow: "GET, HEAD" } : {}),
      },
    },
  );
}
