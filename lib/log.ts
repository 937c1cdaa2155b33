/**
 * The process logger (pino, JSON lines). Secrets never reach it: every field that can hold one is
 * redacted by path, and callers log ids and counts, never tokens or request bodies.
 */
import pino from "pino";

export const REDACTED_KEYS = [
  "secret",
  "appSecret",
  "app_secret",
  "client_secret",
  "session",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "token",
  "authorization",
  "cookie",
  "sign",
] as const;

export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { app: "orderdesk" },
  redact: {
    paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
    censor: "[redacted]",
  },
});

export type Logger = typeof log;
