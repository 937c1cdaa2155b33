/**
 * Lossless parsing of TOP responses. `JSON.parse` silently corrupts 19-digit ids (tid, oid), so
 * integers that are not safe integers become exact decimal strings, and the id fields (`tid`,
 * `oid`, `num_iid`, ...) are always strings, whatever their size. Other safe integers (`num`,
 * `seller_flag`, `code`) stay numbers.
 *
 * The hot path quotes those integers in the text with one character scan and then lets the
 * native `JSON.parse` do the rest, several times faster than a JavaScript JSON parser (see
 * bench/top-parse.bench.ts), which matters when a backfill parses millions of trades.
 * lossless-json stays the reference: `parseLosslessJsonReference` uses it, and a property test
 * proves both agree.
 */
import { parse as losslessParse } from "lossless-json";
import { TopError, TopParseError, redactSecrets, type TopParseReason } from "./errors";

/** Keys whose integer values are ids: always turned into strings. */
export const TOP_ID_KEYS: ReadonlySet<string> = new Set([
  "tid",
  "oid",
  "num_iid",
  "sku_id",
  "refund_id",
  "sub_tid",
  "item_id",
  "user_id",
  "taobao_user_id",
  "sub_taobao_user_id",
]);

const INTEGER = /^-?\d+$/;

/** lossless-json number parser: safe integers and decimals as numbers, larger integers as exact strings. */
function parseNumber(text: string): number | string {
  if (INTEGER.test(text)) {
    const n = Number(text);
    // JSON forbids leading zeros, so the text is already the canonical decimal form.
    return Number.isSafeInteger(n) ? n : text;
  }
  return Number(text);
}

function reviveIds(key: string, value: unknown): unknown {
  return typeof value === "number" && TOP_ID_KEYS.has(key) && Number.isInteger(value) ? String(value) : value;
}

/** The reference implementation (lossless-json): slower, and the yardstick of the fast path. */
export function parseLosslessJsonReference(text: string): unknown {
  return losslessParse(text, reviveIds, parseNumber);
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/**
 * One scan over the text that puts quotes around the integers JSON.parse would corrupt or that
 * are ids: an integer value of an id key, and any integer that is not a safe integer. Strings are
 * skipped whole, so nothing inside them is touched; anything that is not valid JSON is left for
 * JSON.parse to reject (no quote is ever added around a lone "-" or a leading-zero number).
 */
function quoteLossyIntegers(text: string): string {
  const n = text.length;
  let out = "";
  let copied = 0;
  // The key whose value comes next, as [start, end) of its characters; -1 when there is none.
  let keyStart = -1;
  let keyEnd = -1;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 92) j += 2;
        else if (d === 34) break;
        else j++;
      }
      let k = j + 1;
      while (k < n && isSpace(text.charCodeAt(k))) k++;
      if (k < n && text.charCodeAt(k) === 58) {
        keyStart = i + 1;
        keyEnd = j;
        i = k + 1;
      } else {
        keyStart = -1;
        i = j + 1;
      }
      continue;
    }
    if (c === 45 || isDigit(c)) {
      const digitsFrom = c === 45 ? i + 1 : i;
      let j = digitsFrom;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      const next = j < n ? text.charCodeAt(j) : -1;
      const integer = j > digitsFrom && next !== 46 && next !== 101 && next !== 69;
      const canonical = j - digitsFrom === 1 || text.charCodeAt(digitsFrom) !== 48;
      if (integer && canonical) {
        const idKey = keyStart >= 0 && TOP_ID_KEYS.has(text.slice(keyStart, keyEnd));
        if (idKey || (j - digitsFrom >= 16 && !Number.isSafeInteger(Number(text.slice(i, j))))) {
          out += `${text.slice(copied, i)}"${text.slice(i, j)}"`;
          copied = j;
        }
      } else {
        while (j < n && /[0-9.eE+-]/.test(text[j]!)) j++;
      }
      keyStart = -1;
      i = j;
      continue;
    }
    if (c === 44 || c === 123 || c === 91) keyStart = -1;
    i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Parses any JSON text losslessly (throws SyntaxError for invalid or truncated JSON). */
export function parseLosslessJson(text: string): unknown {
  return JSON.parse(quoteLossyIntegers(text));
}

/** `taobao.trade.fullinfo.get` → `trade_fullinfo_get_response`; `alibaba.x.y` → `alibaba_x_y_response`. */
export function topResponseKey(method: string): string {
  return `${method.replace(/^taobao\./, "").replace(/\./g, "_")}_response`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const SNIPPET = 200;

function snippetOf(body: string, secrets: readonly (string | null | undefined)[]): string {
  const s = body.length > SNIPPET ? `${body.slice(0, SNIPPET)}…` : body;
  return redactSecrets(s, secrets).replace(/\s+/g, " ");
}

function str(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

export interface ParseTopResponseOptions {
  /** Values to redact from any text copied into an error (the session, the secret). */
  redact?: readonly (string | null | undefined)[];
}

function classifySyntax(body: string, error: unknown): TopParseReason {
  const message = error instanceof Error ? error.message : "";
  if (/end of (json|input|data)|unexpected end|but reached end/i.test(message)) return "truncated";
  const trimmed = body.trimEnd();
  // An object that was never closed is truncated even when the parser names another token.
  if (trimmed.startsWith("{") && !trimmed.endsWith("}")) return "truncated";
  return "invalid-json";
}

/**
 * Returns the object inside `<method>_response`, with ids as exact strings. Throws `TopError`
 * (or `TopSessionError`) for an `error_response`, and `TopParseError` for a body that is empty,
 * HTML (a proxy's error page), truncated, not JSON, or JSON without the expected envelope.
 */
export function parseTopResponse(method: string, body: string, options: ParseTopResponseOptions = {}): Record<string, unknown> {
  const secrets = options.redact ?? [];
  const trimmed = body.trim();
  if (trimmed === "") {
    throw new TopParseError(`Empty response body from TOP ${method}`, { reason: "empty", snippet: "", method });
  }
  if (trimmed.startsWith("<")) {
    throw new TopParseError(`TOP ${method} returned HTML or XML instead of JSON (a proxy error page?)`, {
      reason: "html",
      snippet: snippetOf(trimmed, secrets),
      method,
    });
  }
  let data: unknown;
  try {
    data = parseLosslessJson(trimmed);
  } catch (error) {
    const reason = classifySyntax(trimmed, error);
    throw new TopParseError(`${reason === "truncated" ? "Truncated" : "Unparseable"} JSON body from TOP ${method}`, {
      reason,
      snippet: snippetOf(trimmed, secrets),
      method,
      cause: error,
    });
  }
  if (!isRecord(data)) {
    throw new TopParseError(`TOP ${method} returned JSON that is not an object`, {
      reason: "missing-envelope",
      snippet: snippetOf(trimmed, secrets),
      method,
    });
  }
  const err = data.error_response;
  if (isRecord(err)) {
    const code = typeof err.code === "number" ? err.code : Number(str(err.code));
    const clean = (v: unknown) => {
      const s = str(v);
      return s === null ? null : redactSecrets(s, secrets);
    };
    throw TopError.from(method, {
      code: Number.isFinite(code) ? code : -1,
      msg: clean(err.msg) ?? "",
      subCode: clean(err.sub_code),
      subMsg: clean(err.sub_msg),
      requestId: str(err.request_id),
    });
  }
  const key = topResponseKey(method);
  const inner = data[key];
  if (!isRecord(inner)) {
    throw new TopParseError(`TOP ${method} response lacks "${key}"`, {
      reason: "missing-envelope",
      snippet: snippetOf(trimmed, secrets),
      method,
    });
  }
  return inner;
}
