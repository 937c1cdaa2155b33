/**
 * Lossless parsing of TOP responses. `JSON.parse` silently corrupts 19-digit ids (tid, oid), so
 * bodies go through lossless-json: integers that are not safe integers become exact decimal
 * strings, and the id fields (`tid`, `oid`, `num_iid`, ...) are always strings, whatever their
 * size. Other safe integers (`num`, `seller_flag`, `code`) stay numbers.
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

/** Parses any JSON text losslessly (throws SyntaxError as lossless-json does). */
export function parseLosslessJson(text: string): unknown {
  return losslessParse(text, reviveIds, parseNumber);
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
