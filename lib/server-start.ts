import "server-only";
import { EnvError, loadEnv } from "./env";

/**
 * Configuration is checked before the first request so that a bad deployment stops at once with
 * a plain message naming each bad variable, never a stack trace.
 */
export async function onServerStart(): Promise<void> {
  try {
    loadEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
