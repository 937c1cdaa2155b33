/**
 * Runs once when a server instance starts. Node-only work lives in lib/server-start.ts so the
 * Edge bundle never sees it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { onServerStart } = await import("./lib/server-start");
    await onServerStart();
  }
}
