/**
 * Runs a CLI's main function and turns expected failures (bad configuration, bad arguments,
 * failed migrations) into a plain message and exit code 1, never a stack trace.
 */
import { ZodError } from "zod";

export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      if (error instanceof ZodError) {
        console.error(`Invalid arguments:\n${error.issues.map((i) => `  - ${i.path.join(".") || "arguments"}: ${i.message}`).join("\n")}`);
      } else if (error instanceof Error && ["EnvError", "MigrationError", "DatabaseUrlError", "CliError"].includes(error.name)) {
        console.error(error.message);
      } else {
        console.error(error);
      }
      process.exit(1);
    },
  );
}

export class CliError extends Error {
  override readonly name = "CliError";
}
