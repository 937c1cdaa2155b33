/**
 * Runs a CLI's main function and turns expected failures (bad configuration, bad arguments,
 * failed migrations, a database that is missing, unreachable, unmigrated or full) into one plain
 * line and exit code 1, never a stack trace. Log lines go to stderr, so stdout carries only the
 * command's result; with `json`, a failure is also one JSON object on stdout: {"error": "…"}.
 * `main` may return an exit code (e.g. 1 after printing a result that is not a success).
 */
import { ZodError } from "zod";
import { describeDatabaseError } from "../lib/db/errors";
import { parseDatabaseUrl } from "../lib/db/url";
import { logToStderr } from "../lib/log";

const PLAIN_ERRORS = ["EnvError", "MigrationError", "DatabaseUrlError", "CliError", "SyncConfigError", "StorageError"];

/** The one line an operator sees for an expected failure; null for anything else (a bug: shown with its stack). */
export function cliErrorMessage(error: unknown): string | null {
  if (error instanceof ZodError) return `Invalid arguments:\n${error.issues.map((i) => `  - ${i.path.join(".") || "arguments"}: ${i.message}`).join("\n")}`;
  if (error instanceof Error && PLAIN_ERRORS.includes(error.name)) return error.message;
  try {
    return describeDatabaseError(error, parseDatabaseUrl(process.env.DATABASE_URL?.trim() || "file:./data/orderdesk.db"));
  } catch {
    return null;
  }
}

export function runCli(main: () => Promise<void | number>, options: { json?: boolean } = {}): void {
  logToStderr();
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      const message = cliErrorMessage(error);
      if (options.json) console.log(JSON.stringify({ error: message ?? (error instanceof Error ? error.message : String(error)) }));
      console.error(message ?? error);
      process.exit(1);
    },
  );
}

export class CliError extends Error {
  override readonly name = "CliError";
}
