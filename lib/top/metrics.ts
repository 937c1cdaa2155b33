/**
 * Counters per TOP method and outcome, read by the sync page and the benchmarks.
 * `calls` counts logical calls (one `client.call`), `attempts` HTTP requests (retries included);
 * latency is measured per attempt (request sent → body parsed).
 */
import type { TopErrorKind } from "./errors";

export interface TopMethodStats {
  calls: number;
  attempts: number;
  successes: number;
  failures: number;
  retries: number;
  throttles: number;
  failuresByKind: Partial<Record<TopErrorKind, number>>;
  latency: { count: number; sumMs: number; maxMs: number };
}

export interface TopMetricsSnapshot {
  /** Counters since creation or the last reset. */
  since: Date;
  methods: Record<string, TopMethodStats>;
  total: TopMethodStats;
}

export interface TopMetrics {
  /** A logical call starts. */
  recordCall(method: string): void;
  /** One HTTP attempt finished (successfully or not) after `latencyMs`. */
  recordAttempt(method: string, latencyMs: number): void;
  /** The call will be tried again after a failure of this kind. */
  recordRetry(method: string, kind: TopErrorKind): void;
  /** The gateway (code 7 etc.) or the local budget throttled the call. */
  recordThrottle(method: string): void;
  recordSuccess(method: string): void;
  recordFailure(method: string, kind: TopErrorKind): void;
  snapshot(): TopMetricsSnapshot;
  reset(): void;
}

function emptyStats(): TopMethodStats {
  return {
    calls: 0,
    attempts: 0,
    successes: 0,
    failures: 0,
    retries: 0,
    throttles: 0,
    failuresByKind: {},
    latency: { count: 0, sumMs: 0, maxMs: 0 },
  };
}

function cloneStats(s: TopMethodStats): TopMethodStats {
  return { ...s, failuresByKind: { ...s.failuresByKind }, latency: { ...s.latency } };
}

export function createTopMetrics(now: () => Date = () => new Date()): TopMetrics {
  let since = now();
  let methods = new Map<string, TopMethodStats>();
  let total = emptyStats();

  function both(method: string, f: (s: TopMethodStats) => void) {
    let s = methods.get(method);
    if (!s) {
      s = emptyStats();
      methods.set(method, s);
    }
    f(s);
    f(total);
  }

  return {
    recordCall: (method) => both(method, (s) => void s.calls++),
    recordAttempt: (method, latencyMs) =>
      both(method, (s) => {
        s.attempts++;
        s.latency.count++;
        s.latency.sumMs += latencyMs;
        if (latencyMs > s.latency.maxMs) s.latency.maxMs = latencyMs;
      }),
    recordRetry: (method) => both(method, (s) => void s.retries++),
    recordThrottle: (method) => both(method, (s) => void s.throttles++),
    recordSuccess: (method) => both(method, (s) => void s.successes++),
    recordFailure: (method, kind) =>
      both(method, (s) => {
        s.failures++;
        s.failuresByKind[kind] = (s.failuresByKind[kind] ?? 0) + 1;
      }),
    snapshot() {
      const out: Record<string, TopMethodStats> = {};
      for (const [m, s] of [...methods].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[m] = cloneStats(s);
      return { since: new Date(since.getTime()), methods: out, total: cloneStats(total) };
    },
    reset() {
      since = now();
      methods = new Map();
      total = emptyStats();
    },
  };
}
