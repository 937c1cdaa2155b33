/**
 * The platform's clock, as the client measures it. A worker whose clock runs ahead of Taobao's
 * asks for windows that end in the platform's future and misses what is written there later; the
 * sync keeps its windows on platform time instead.
 *
 * Every gateway answer carries a standard HTTP `Date` header (docs/sync-platform-facts.md) with the platform's clock in whole
 * seconds. On receipt, `offset = Date − localTimeAtReceipt`. The header was written before the
 * answer reached us and truncates to the second, so the measured offset is a **lower bound** of
 * the true one: `now()` (local clock + offset) is never ahead of the platform, and at most about
 * one second plus the network latency behind it. The latest measurement wins (a local clock that
 * steps, e.g. an NTP correction, is followed at the next answer).
 */

export interface PlatformClock {
  /** The platform's now (the client's clock + the latest offset), or null before any answer was measured. */
  now(): Date | null;
  /** platform − local in ms (negative: the platform is behind this machine), or null before any measurement. */
  skewMs(): number | null;
  /**
   * Records the platform instant `platformMs` as read just now (e.g. the body of taobao.time.get):
   * the offset becomes `platformMs − the client's now`.
   */
  observe(platformMs: number): void;
}

/** The client's side: `record` is called with each answer's Date header. */
export interface MeasuredPlatformClock extends PlatformClock {
  /** One answer's `Date` header (or null when it had none), received at `receivedAtMs` on the local clock. */
  record(dateHeader: string | null | undefined, receivedAtMs: number): void;
}

/** A platform clock over the client's local clock (`localNow`, the client's `now`). */
export function createPlatformClock(localNow: () => Date): MeasuredPlatformClock {
  let offset: number | null = null;
  // The header changes once a second: parse each distinct value once.
  let lastHeader: string | null = null;
  let lastHeaderMs = Number.NaN;
  return {
    now: () => (offset === null ? null : new Date(localNow().getTime() + offset)),
    skewMs: () => offset,
    observe(platformMs) {
      if (Number.isFinite(platformMs)) offset = platformMs - localNow().getTime();
    },
    record(dateHeader, receivedAtMs) {
      if (!dateHeader) return;
      if (dateHeader !== lastHeader) {
        lastHeader = dateHeader;
        lastHeaderMs = Date.parse(dateHeader);
      }
      if (Number.isFinite(lastHeaderMs)) offset = lastHeaderMs - receivedAtMs;
    },
  };
}
