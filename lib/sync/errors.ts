/** Failures of the sync engine itself (TOP failures are lib/top's errors). */

/** The worker no longer holds the shop's lease (it expired and another worker took it): stop writing. */
export class LeaseLostError extends Error {
  override readonly name = "LeaseLostError";
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
  constructor(reason = "the sync run was stopped") {
    super(reason);
  }
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "timed out",
  ECONNRESET: "connection reset",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
};

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
  return `could not reach the TOP gateway at ${gatewayUrl}: ${NETWORK_REASONS[code]} (${m[1]}: ${m[2]})`;
}
