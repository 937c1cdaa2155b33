/**
 * Where the app may send a browser after sign-in (or any other step that takes a "callbackUrl"):
 * a path on the app's own origin, nothing else. One rule for every place that accepts a target —
 * the login page, next-auth's redirect callback and the proxy's sign-in redirect — so none of
 * them can become an open redirect (OWASP ASVS 5.1.5; the cheat sheet's "allow-list of local
 * paths").
 *
 * A target is accepted only when it
 * - is a string of at most 2,000 characters without backslashes (browsers read `/\evil.com` as
 *   `//evil.com`), control characters or raw whitespace, and without percent-encoded slashes,
 *   backslashes or controls (`%2F`, `%5C`, `%00`…, also double-encoded: some layer may decode
 *   them into a new authority);
 * - is a path (`/…`, never `//…`) or an absolute URL, and parsed with `new URL(value, origin)`
 *   has exactly the app's origin.
 * What comes back is the path, query and fragment only, so the caller never echoes a host.
 */
export const DEFAULT_AFTER_SIGN_IN = "/orders";

const MAX_LENGTH = 2000;
// Backslashes, C0/C1 controls, DEL and whitespace of any kind (URL parsers drop tabs and
// newlines, so `/\t/evil.com` would become `//evil.com`).
const FORBIDDEN_CHARS = /[\\\u0000-\u0020\u007f-\u009f\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/;
// The same once decoded, except plain spaces (a search term in the query may hold one).
const FORBIDDEN_DECODED = /[\\\u0000-\u001f\u007f-\u009f]/;
// A percent-encoded slash or backslash (also double-encoded), or an encoded control character.
const FORBIDDEN_ESCAPES = /%(?:25)*(?:2f|5c|[01][0-9a-f]|7f)/i;

/** The same-origin path of `value`, or null when it is anything else. */
export function sameOriginPath(value: unknown, origin: string): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return null;
  if (FORBIDDEN_CHARS.test(value) || FORBIDDEN_ESCAPES.test(value)) return null;
  // Some layer may decode the target again: what it would see must be harmless too.
  let decoded = value;
  for (let i = 0; i < 2; i++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return null;
    }
    if (next === decoded) break;
    if (FORBIDDEN_DECODED.test(next) || next.startsWith("//")) return null;
    decoded = next;
  }
  // A path must be a single-slash path; anything else must spell out the scheme.
  const relative = value.startsWith("/");
  if (relative ? value.startsWith("//") : !/^https?:\/\//i.test(value)) return null;
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(value, base);
  } catch {
    return null;
  }
  if (url.origin !== base.origin || url.username || url.password) return null;
  // The parsed path must itself be a single-slash path.
  if (!url.pathname.startsWith("/") || url.pathname.startsWith("//")) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `sameOriginPath(value, origin)`, or the orders workspace. */
export function safeCallbackPath(value: unknown, origin: string, fallback: string = DEFAULT_AFTER_SIGN_IN): string {
  return sameOriginPath(value, origin) ?? fallback;
}
