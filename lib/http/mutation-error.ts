/**
 * What went wrong when a mutation (a server action or a fetch) did not get a usable answer, as one
 * of a few kinds the UI translates (messages: `mutationErrors.*` in lib/i18n/messages/*.json).
 * Browsers reject a failed fetch with a bare TypeError ("Failed to fetch" in Chromium, "Load
 * failed" in Safari, "NetworkError when attempting to fetch resource." in Firefox) and Next's
 * server actions pass that on; a 5xx or an HTML error page reaches a server action as an Error
 * of its own. None of those texts may reach the user: this maps them to a kind. Safe on the client.
 *
 * Errors are told apart by `name`, never `instanceof` (eslint.config.mjs forbids it on error classes).
 */

export const MUTATION_ERROR_KINDS = ["offline", "network", "timeout", "server"] as const;
export type MutationErrorKind = (typeof MUTATION_ERROR_KINDS)[number];

/** How long a mutation waits for the server before it says so (the action may still complete). */
export const MUTATION_TIMEOUT_MS = 60_000;

const TIMEOUT_NAME = "TimeoutError";
const OFFLINE_NAME = "OfflineError";

/** Thrown by `withTimeout`; also what `AbortSignal.timeout()` aborts a fetch with. */
export function timeoutError(ms: number): Error {
  const e = new Error(`no answer within ${ms} ms`);
  e.name = TIMEOUT_NAME;
  return e;
}

function offlineError(): Error {
  const e = new Error("the browser is offline");
  e.name = OFFLINE_NAME;
  return e;
}

/**
 * `p`, or an OfflineError as soon as the browser is (or goes) offline, or a TimeoutError after `ms`.
 * Waiting is what it gives up, not the work: a request sent before the connection dropped may still
 * be done by the server (the messages say to reload and look). Without the offline race a server
 * action's promise can stay pending while the browser is offline, the button spinning for a minute.
 */
export function withTimeout<T>(p: Promise<T>, ms: number = MUTATION_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const win = typeof window === "undefined" ? null : window;
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      win?.removeEventListener("offline", onOffline);
      settle();
    };
    const onOffline = () => finish(() => reject(offlineError()));
    const timer = setTimeout(() => finish(() => reject(timeoutError(ms))), ms);
    win?.addEventListener("offline", onOffline);
    if (!browserOnline()) return onOffline();
    p.then(
      (v) => finish(() => resolve(v)),
      (e: unknown) => finish(() => reject(e)),
    );
  });
}

/** The browser's own word on connectivity; true when unknown (server-side, tests). */
function browserOnline(): boolean {
  return typeof navigator === "undefined" || navigator.onLine !== false;
}

/**
 * The kind of a thrown failure, or null when it is not a transport failure (e.g. the caller's own
 * error that already carries a translated message). `online` defaults to navigator.onLine.
 */
export function mutationErrorKind(e: unknown, online: boolean = browserOnline()): MutationErrorKind | null {
  if (typeof e !== "object" || e === null) return null;
  const { name, message } = e as { name?: unknown; message?: unknown };
  const text = typeof message === "string" ? message : "";
  if (name === TIMEOUT_NAME) return "timeout";
  if (name === OFFLINE_NAME) return "offline";
  // A fetch that never got an answer: the network is down or the server unreachable.
  if (name === "TypeError" && /fetch|network|load failed/i.test(text)) return online ? "network" : "offline";
  if (!online) return "offline";
  // Next's server-action client on a 5xx, an HTML page or a body it cannot read.
  if (/unexpected response|server components render|internal server error|failed to parse/i.test(text)) return "server";
  return null;
}

/** The kind of a fetch answer that is not the route's JSON: 5xx (a proxy's 502/503/504) or anything unreadable. */
export function responseErrorKind(status: number): MutationErrorKind | null {
  if (status === 504 || status === 408) return "timeout";
  return status >= 500 ? "server" : null;
}
