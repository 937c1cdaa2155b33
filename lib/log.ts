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

/**
 * Where log lines go: stdout (the app, where the platform collects them), or stderr in CLI
 * processes (scripts/cli.ts runCli calls logToStderr), whose stdout carries only the command's
 * result — `npm run sync -- --json` prints one JSON object there and nothing else. Chosen at each
 * line, so it holds whatever was imported first.
 */
let fd: 1 | 2 = 1;
const destinations = new Map<number, pino.DestinationStream>();
function destination(): pino.DestinationStream {
  let d = destinations.get(fd);
  if (!d) destinations.set(fd, (d = pino.destination({ fd, sync: true })));
  return d;
}

/** Sends this process's log lines to stderr (CLIs). */
export function logToStderr(): void {
  fd = 2;
}

export const log = pino(
  {
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
    base: { app: "orderdesk" },
    redact: {
      paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
      censor: "[redacted]",
    },
  },
  { write: (line: string) => destination().write(line) },
);

export type Logger = typeof log;
