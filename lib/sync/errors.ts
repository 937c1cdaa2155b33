/** Failures of the sync engine itself (TOP failures are lib/top's errors). Recognised by `is()`, never `instanceof` (lib/errors/brand.ts). */
import { errorBrand } from "@/lib/errors/brand";
import { SOCKET_REASONS } from "@/lib/socket-errors";

/** The worker no longer holds the shop's lease (it expired and another worker took it): stop writing. */
export class LeaseLostError extends Error {
  override readonly name = "LeaseLostError";
  static is = errorBrand(LeaseLostError, "LeaseLostError");
  constructor(
    readonly shopId: string,
    readonly owner: string,
  ) {
    super(`Lost the sync lease of shop ${shopId} (held as ${owner}); another worker continues`);
  }
}

/** The run was asked to stop (SIGTERM, shutdown, a test). */
export class SyncAbortedError extends Error {
  override readonly name = "SyncAbortedError";
  static is = errorBrand(SyncAbortedError, "SyncAbortedError");
  constructor(reason = "the sync run was stopped") {
    super(reason);
  }
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/**
 * The platform refuses service for longer than a run should wait (a code 7 ban or the app key's
 * daily quota, announced with its duration): the run stops at once instead of spending a refused
 * call on every unit, ends PARTIAL, and the scheduler tries again when the ban ends. Nothing is
 * counted against any trade or day (README "Order cache and sync": what is retried).
 */
export class PlatformUnavailableError extends Error {
  override readonly name = "PlatformUnavailableError";
  static is = errorBrand(PlatformUnavailableError, "PlatformUnavailableError");
  constructor(
    readonly retryAfterMs: number,
    readonly reason: string,
  ) {
    super(`TOP refuses service for ${Math.ceil(retryAfterMs / 1000)} s more (${reason}); the sync resumes when it ends`);
  }
}

/**
 * A run's error as an operator should read it: lib/top's "TOP <method> network error (<stage>):
 * connect ECONNREFUSED …" becomes "could not reach the TOP gateway at <url>: connection refused
 * (…)"; anything else is kept as it is.
 */
export function runErrorMessage(message: string | null, gatewayUrl: string): string | null {
  if (message === null) return null;
  const m = /^TOP (\S+) network error \([^)]*\): (.*)$/s.exec(message);
  const code = m && /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH)\b/.exec(m[2]!)?.[1];
  if (!m || !code) return message;
  return `could not reach the TOP gateway at ${gatewayUrl}: ${SOCKET_REASONS[code]} (${m[1]}: ${m[2]})`;
}
