/**
 * A sync error as the sync page tells it: a code and a few safe parameters, translated at display
 * (messages `sync.errors.<code>`), never the stored text. The engine keeps writing operator
 * sentences to `SyncRun.lastError` / `SyncState.lastError` (CLIs and logs read them, in English,
 * with shop ids, hosts and driver codes); this module reads them back into what a seller may see
 * and what to do about it. Nothing of the stored text reaches a page.
 */

export const SYNC_ERROR_CODES = [
  "reauth",
  "unreachable",
  "throttled",
  "quota",
  "storage",
  "unrecorded",
  "backfillIncomplete",
  "notCaughtUp",
  "detailMissing",
  "gaps",
  "stopped",
  "workerDied",
  "leaseLost",
  "platform",
  "badRequest",
  "badAnswer",
  "unknown",
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

export const REAUTH_REASONS = ["no-token", "refresh-expired", "not-refreshable", "refresh-rejected", "session-rejected"] as const;
export type ReauthReasonCode = (typeof REAUTH_REASONS)[number];

export interface SyncErrorInfo {
  code: SyncErrorCode;
  /** Only numbers and known reason codes: nothing copied from the stored text but digits. */
  params: { reason?: ReauthReasonCode; minutes?: number; count?: number };
}

/** A stored re-authorisation reason (Shop.reauthReason), or "session-rejected" for anything unknown. */
export function reauthReasonCode(reason: string | null | undefined): ReauthReasonCode {
  return (REAUTH_REASONS as readonly string[]).includes(reason ?? "") ? (reason as ReauthReasonCode) : "session-rejected";
}

const minutesOf = (seconds: string) => Math.max(1, Math.ceil(Number(seconds) / 60));

/**
 * The stored sentences (lib/sync/run.ts, lib/sync/errors.ts, lib/shops/tokens.ts, lib/db/errors.ts,
 * lib/top/errors.ts) by the words they start with or contain; first match wins.
 */
const RULES: readonly [RegExp, (m: RegExpExecArray) => SyncErrorInfo][] = [
  [/needs re-authori[sz]ation \(([a-z-]+)\)/i, (m) => ({ code: "reauth", params: { reason: reauthReasonCode(m[1]) } })],
  [/^shop status NEEDS_REAUTH(?: \(([a-z-]+)\))?/, (m) => ({ code: "reauth", params: { reason: reauthReasonCode(m[1]) } })],
  [/could not be recorded/, () => ({ code: "unrecorded", params: {} })],
  [/^the disk is full|^the database is read-only|cannot read or write its file|ran out of resources|is out of resources/, () => ({ code: "storage", params: {} })],
  [/refuses service for (\d+) s/, (m) => ({ code: "throttled", params: { minutes: minutesOf(m[1]!) } })],
  [/daily TOP call budget .* resets in (\d+) s/, (m) => ({ code: "quota", params: { minutes: minutesOf(m[1]!) } })],
  [/shared TOP call quota could not be read/, () => ({ code: "storage", params: {} })],
  [/could not reach the TOP gateway|network error|socket hang up|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|timed? ?out/i, () => ({ code: "unreachable", params: {} })],
  [/^the backfill days .* left the API's three-month window/, () => ({ code: "gaps", params: {} })],
  [/^(\d+) trade\(s\) still miss their buyer message or memo/, (m) => ({ code: "detailMissing", params: { count: Number(m[1]) } })],
  [/^the backfill is not complete yet/, () => ({ code: "backfillIncomplete", params: {} })],
  [/^the incremental sync did not catch up/, () => ({ code: "notCaughtUp", params: {} })],
  [/^the worker stopped without finishing/, () => ({ code: "workerDied", params: {} })],
  [/^Lost the sync lease/, () => ({ code: "leaseLost", params: {} })],
  [/^the sync run was stopped|aborted/i, () => ({ code: "stopped", params: {} })],
  [/^Unexpected TOP response|invalid JSON|truncated/i, () => ({ code: "badAnswer", params: {} })],
  // "TOP <method> failed: <code> <msg> (<sub_code>: …)": the platform's side (throttling, isp.*) or the request's.
  [/^TOP \S+ failed: (\d+)(?: [^(]*\((isp\.)?)?/, (m) => ({ code: m[2] || ["4", "5", "6", "7", "8", "15"].includes(m[1]!) ? "platform" : "badRequest", params: {} })],
  [/invalid parameter/, () => ({ code: "badRequest", params: {} })],
];

/** The code of a stored sync error; `unknown` (with no parameters) when no rule knows it. */
export function syncErrorInfo(message: string): SyncErrorInfo {
  for (const [re, info] of RULES) {
    const m = re.exec(message);
    if (m) return info(m);
  }
  return { code: "unknown", params: {} };
}

/**
 * Whether the state's last error is still the current state: it is history once a run succeeded
 * after it, and a re-authorisation error is over once the shop is connected again.
 */
export function isCurrentError(error: SyncErrorInfo, lastErrorAt: Date | null, lastSuccessAt: Date | null, shopActive: boolean): boolean {
  if (error.code === "reauth" && shopActive) return false;
  if (!lastErrorAt) return !lastSuccessAt;
  return !lastSuccessAt || lastErrorAt.getTime() > lastSuccessAt.getTime();
}
