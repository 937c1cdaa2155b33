import "server-only";
import { EnvError, loadEnv } from "./env";
import { SyncConfigError, loadSyncConfig } from "./sync/config";

/**
 * Configuration is checked before the first request so that a bad deployment stops at once with
 * a plain message naming each bad variable, never a stack trace. Then the sync scheduler starts:
 * every instance runs one (SYNC_SCHEDULER=off leaves the work to `npm run worker`), and the
 * per-shop lease makes sure one worker syncs a shop at a time.
 */
export async function onServerStart(): Promise<void> {
  try {
    loadEnv();
    loadSyncConfig();
  } catch (error) {
    if (EnvError.is(error) || SyncConfigError.is(error)) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { startScheduler } = await import("./sync/scheduler");
  startScheduler();
}
