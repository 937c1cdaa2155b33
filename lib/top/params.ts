/**
 * Business parameters → the strings TOP receives. Dates become GMT+8 `yyyy-MM-dd HH:mm:ss`
 * (formatTopTime), booleans `true`/`false`, objects and arrays JSON, `null`/`undefined` are
 * omitted. Anything else (functions, symbols, NaN, circular objects, reserved system names, strings
 * holding a lone UTF-16 surrogate, which have no UTF-8 form) fails
 * fast with a TopValidationError naming the parameter, before any network call.
 */
import { formatTopTime } from "../time";
import { TopValidationError } from "./errors";

export type TopParamValue =
  | string
  | number
  | bigint
  | boolean
  | Date
  | null
  | undefined
  | readonly unknown[]
  | { readonly [key: string]: unknown };

export type TopParams = Readonly<Record<string, TopParamValue>>;

/** System parameters the client sets itself; passing them as business parameters is a bug. */
export const TOP_SYSTEM_PARAMS: ReadonlySet<string> = new Set([
  "method",
  "app_key",
  "session",
  "timestamp",
  "v",
  "sign_method",
  "sign",
  "format",
  "simplify",
]);

const PARAM_NAME = /^[A-Za-z0-9_.]+$/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function jsonReplacer(param: string, method: string | null) {
  return (_key: string, value: unknown): unknown => {
    if (typeof value === "bigint") return value.toString();
    if (typeof value === "function" || typeof value === "symbol") {
      throw new TopValidationError(method, param, `contains a ${typeof value}, which cannot be sent`);
    }
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new TopValidationError(method, param, `contains ${String(value)}, which cannot be sent`);
    }
    return value;
  };
}

/** Converts one parameter value to its wire string; `undefined` means "omit". */
export function serializeParam(method: string | null, name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  switch (typeof value) {
    case "string":
      // A lone surrogate has no UTF-8 form: encoding would silently replace it with U+FFFD.
      if (LONE_SURROGATE.test(value)) throw new TopValidationError(method, name, "contains a lone UTF-16 surrogate, which cannot be sent unchanged");
      return value;
    case "number":
      if (!Number.isFinite(value)) throw new TopValidationError(method, name, `must be a finite number (got ${String(value)})`);
      return String(value);
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new TopValidationError(method, name, "is an invalid Date");
        return formatTopTime(value);
      }
      try {
        return JSON.stringify(value, jsonReplacer(name, method));
      } catch (error) {
        if (TopValidationError.is(error)) throw error;
        throw new TopValidationError(method, name, "cannot be serialised to JSON (circular?)");
      }
    }
    default:
      throw new TopValidationError(method, name, `has type ${typeof value}, which cannot be sent`);
  }
}

/** Serialises business parameters; empty and whitespace-only values are dropped (§3 step 1). */
export function serializeParams(method: string | null, params: Readonly<Record<string, unknown>>): Record<string, string> {
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    throw new TopValidationError(method, "params", "must be an object of parameter names to values");
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (!PARAM_NAME.test(name)) throw new TopValidationError(method, name, "is not a valid TOP parameter name");
    if (TOP_SYSTEM_PARAMS.has(name)) {
      throw new TopValidationError(method, name, "is a system parameter set by the client (pass the session in the call options)");
    }
    const s = serializeParam(method, name, value);
    if (s !== undefined && s.trim() !== "") out[name] = s;
  }
  return out;
}
