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
