/**
 * The sync page's errors: every sentence the engine stores becomes a code with safe parameters,
 * each code reads in both languages and says what to do, nothing of the stored text (shop ids,
 * hosts, driver codes) survives, and an error older than the last success is history.
 */
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { PlatformUnavailableError, runErrorMessage } from "@/lib/sync/errors";
import { TopBudgetExceededError } from "@/lib/top/errors";
import { loadMessages } from "@/lib/i18n/messages";
import { isCurrentError, REAUTH_REASONS, reauthReasonCode, SYNC_ERROR_CODES, syncErrorInfo, type SyncErrorInfo } from "./error-codes";

const SHOP_ID = "cmx7q2k0r0001abcdxyz";

// The exact sentences of lib/shops/tokens.ts, lib/sync/run.ts, lib/sync/errors.ts and lib/db/errors.ts.
const STORED: [string, SyncErrorInfo][] = [
  [`Shop ${SHOP_ID} needs re-authorisation (refresh-rejected): its owner must sign in again`, { code: "reauth", params: { reason: "refresh-rejected" } }],
  ["shop status NEEDS_REAUTH (refresh-expired)", { code: "reauth", params: { reason: "refresh-expired" } }],
  [new PlatformUnavailableError(125_000, "code 7 ban").message, { code: "throttled", params: { minutes: 3 } }],
  [new TopBudgetExceededError("taobao.trades.sold.get", 1_000_000, 3_600_000).message, { code: "quota", params: { minutes: 60 } }],
  [runErrorMessage("TOP taobao.trades.sold.get network error (connect): connect ECONNREFUSED 127.0.0.1:4100", "http://127.0.0.1:4100/router/rest")!, { code: "unreachable", params: {} }],
  ["the disk is full: SQLite cannot write to data/orderdesk.db (SQLITE_FULL: database or disk is full); free space on its disk", { code: "storage", params: {} }],
  ["the database is read-only: PostgreSQL at 10.0.0.5:5432 refuses writes (25006 read_only_sql_transaction: …); point DATABASE_URL at the primary server", { code: "storage", params: {} }],
  ["the disk is full: … (the run, which ended PARTIAL, could not be recorded)", { code: "unrecorded", params: {} }],
  ["the backfill is not complete yet", { code: "backfillIncomplete", params: {} }],
  ["the incremental sync did not catch up", { code: "notCaughtUp", params: {} }],
  ["12 trade(s) still miss their buyer message or memo; they are retried automatically", { code: "detailMissing", params: { count: 12 } }],
  ["the backfill days 2026-09-01, 2026-09-02 left the API's three-month window before they were fetched: their trades are missing", { code: "gaps", params: {} }],
  ["the worker stopped without finishing (its process died or its lease expired)", { code: "workerDied", params: {} }],
  [`Lost the sync lease of shop ${SHOP_ID} (held as worker@host:1:abc); another worker continues`, { code: "leaseLost", params: {} }],
  ["the sync run was stopped", { code: "stopped", params: {} }],
  ["TOP taobao.trade.fullinfo.get failed: 15 Remote service error (isp.top-remote-connection-timeout: …)", { code: "unreachable", params: {} }],
  ["TOP taobao.trade.fullinfo.get failed: 15 Remote service error (isp.remote-service-error: boom)", { code: "platform", params: {} }],
  ["TOP taobao.trades.sold.get failed: 41 Invalid arguments (isv.invalid-parameter: start_created)", { code: "badRequest", params: {} }],
  ["Unexpected TOP response from taobao.trades.sold.get at trades.trade[3].tid: Expected string", { code: "badAnswer", params: {} }],
  ["something nobody planned for, shop cmx7… at 10.1.2.3", { code: "unknown", params: {} }],
];

describe("syncErrorInfo", () => {
  it.each(STORED)("%s", (message, expected) => {
    expect(syncErrorInfo(message)).toEqual(expected);
  });

  it("keeps nothing of the stored text: parameters are numbers and known reason codes only", () => {
    for (const [message] of STORED) {
      const { params } = syncErrorInfo(message);
      for (const [k, v] of Object.entries(params)) {
        if (k === "reason") expect(REAUTH_REASONS).toContain(v);
        else expect(typeof v).toBe("number");
      }
      expect(JSON.stringify(syncErrorInfo(message))).not.toContain(SHOP_ID);
    }
  });

  it("an unknown re-authorisation reason is read as the session being refused", () => {
    expect(reauthReasonCode("bogus")).toBe("session-rejected");
    expect(reauthReasonCode(null)).toBe("session-rejected");
    expect(reauthReasonCode("no-token")).toBe("no-token");
  });
});

describe("isCurrentError", () => {
  const err: SyncErrorInfo = { code: "unreachable", params: {} };
  const at = (s: string) => new Date(`2026-12-06T${s}:00Z`);
  it("is current until a run succeeds after it", () => {
    expect(isCurrentError(err, at("10:00"), null, true)).toBe(true);
    expect(isCurrentError(err, at("10:00"), at("09:00"), true)).toBe(true);
    expect(isCurrentError(err, at("10:00"), at("10:01"), true)).toBe(false);
    // A SUCCESS run records its end as both: not an error of the current state.
    expect(isCurrentError(err, at("10:00"), at("10:00"), true)).toBe(false);
  });
  it("a re-authorisation error is over once the shop is connected again", () => {
    const reauth: SyncErrorInfo = { code: "reauth", params: { reason: "refresh-rejected" } };
    expect(isCurrentError(reauth, at("10:00"), null, false)).toBe(true);
    expect(isCurrentError(reauth, at("10:00"), null, true)).toBe(false);
  });
});

describe("translations", () => {
  it.each(["zh-CN", "en"] as const)("every code and reason reads in %s, with its numbers, and none is the stored English", async (locale) => {
    const messages = await loadMessages(locale);
    const t = createTranslator({ locale, messages, namespace: "sync" });
    for (const code of SYNC_ERROR_CODES) {
      const text = t(`errors.${code}`, { minutes: 7, count: 3, reason: "R" });
      expect(text.length, code).toBeGreaterThan(10);
      if (code === "throttled" || code === "quota") expect(text).toContain("7");
      if (code === "detailMissing") expect(text).toContain("3");
    }
    for (const r of REAUTH_REASONS) expect(t(`reauthReasons.${r}`)).not.toBe(r);
    if (locale === "zh-CN") expect(t("errors.reauth", { reason: t("reauthReasons.refresh-rejected") })).toMatch(/重新登录授权/);
    else expect(t("errors.reauth", { reason: t("reauthReasons.refresh-rejected") })).toMatch(/sign in again/);
  });
});
