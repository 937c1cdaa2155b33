import { describe, expect, it } from "vitest";
import { loadEnv } from "@/lib/env";
import { isUserActivity, renewalMaxAge, sessionClaims, sessionPolicy, sessionTimeValid } from "./session-policy";

const policy = sessionPolicy(loadEnv({}));
const NOW = Date.UTC(2026, 11, 3, 6, 0, 0);
const now = NOW / 1000;
const token = (over: Record<string, unknown> = {}) => ({ uid: "u1", sv: 0, authTime: now - 600, iat: now - 120, exp: now + 1680, ...over });

describe("session lifetime (issue 18 item 3)", () => {
  it("defaults to 30 minutes idle, 12 hours absolute, renewal at most once a minute", () => {
    expect(policy).toEqual({ idleSeconds: 30 * 60, absoluteSeconds: 12 * 3600, updateAgeSeconds: 60 });
    expect(sessionPolicy(loadEnv({ SESSION_IDLE_MINUTES: "600", SESSION_MAX_HOURS: "12" })).idleSeconds).toBe(36_000);
    expect(() => loadEnv({ SESSION_IDLE_MINUTES: "800" })).toThrow(/SESSION_IDLE_MINUTES/);
    expect(() => loadEnv({ SESSION_IDLE_MINUTES: "120", SESSION_MAX_HOURS: "1" })).toThrow(/SESSION_IDLE_MINUTES: expected at most SESSION_MAX_HOURS/);
  });

  it("accepts only OrderDesk's claims: the 7-day tokens of before (a user id alone) are refused", () => {
    expect(sessionClaims(token())).toEqual({ uid: "u1", sv: 0, authTime: now - 600 });
    for (const t of [{ uid: "u1" }, token({ sv: "0" }), token({ sv: -1 }), token({ authTime: undefined }), token({ uid: "" }), null]) expect(sessionClaims(t)).toBeNull();
  });

  it("ends at the absolute lifetime whatever the activity, and at the idle timeout (exp)", () => {
    expect(sessionTimeValid(token(), policy, NOW)).toBe(true);
    expect(sessionTimeValid(token({ authTime: now - 12 * 3600 + 1 }), policy, NOW)).toBe(true);
    expect(sessionTimeValid(token({ authTime: now - 12 * 3600 }), policy, NOW)).toBe(false);
    expect(sessionTimeValid(token({ exp: now - 1 }), policy, NOW)).toBe(false);
    expect(sessionTimeValid(token({ authTime: now + 3600 }), policy, NOW)).toBe(false);
  });

  it("renews after updateAge for the idle timeout, never past the absolute lifetime", () => {
    expect(renewalMaxAge(token({ iat: now - 30 }), policy, NOW)).toBeNull();
    expect(renewalMaxAge(token(), policy, NOW)).toBe(1800);
    // 10 minutes of the 12 hours left: the renewed token lives 10 minutes.
    expect(renewalMaxAge(token({ authTime: now - 12 * 3600 + 600 }), policy, NOW)).toBe(600);
    expect(renewalMaxAge(token({ authTime: now - 12 * 3600 }), policy, NOW)).toBeNull();
  });

  it("counts the user's own requests as activity, not background polling or prefetches", () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(isUserActivity("GET", h({ "sec-fetch-mode": "navigate" }))).toBe(true);
    expect(isUserActivity("GET", h({ rsc: "1" }))).toBe(true);
    expect(isUserActivity("POST", h({ "next-action": "abc" }))).toBe(true);
    expect(isUserActivity("GET", h({ "sec-fetch-mode": "cors" }))).toBe(false);
    expect(isUserActivity("GET", h({ rsc: "1", "next-router-prefetch": "1" }))).toBe(false);
    expect(isUserActivity("GET", h({}))).toBe(false);
  });
});
