/**
 * The body of POST /api/sync/run: `{}` and nothing else (issue 18, item 10). The route used to
 * ignore it; a malformed or unexpected body is now a translated 400 before anything runs.
 */
import { z } from "zod";
import { readCapped } from "@/lib/http/action-guard";

/** `{}` is a few bytes; anything near this is not a sync request. */
export const SYNC_RUN_BODY_MAX = 1024;

/** No options today: an unknown key is refused rather than silently ignored. */
export const syncRunInput = z.strictObject({});

export type SyncRunBody = { ok: true; value: unknown } | { ok: false; reason: "tooLarge" | "json" };

/** Reads and parses the JSON body (at most SYNC_RUN_BODY_MAX bytes). Never throws. */
export async function readSyncRunBody(request: Request): Promise<SyncRunBody> {
  let bytes: Uint8Array | null;
  try {
    bytes = await readCapped(request.body, SYNC_RUN_BODY_MAX);
  } catch {
    return { ok: false, reason: "json" };
  }
  if (bytes === null) return { ok: false, reason: "tooLarge" };
  try {
    return { ok: true, value: JSON.parse(new TextDecoder().decode(bytes)) as unknown };
  } catch {
    return { ok: false, reason: "json" };
  }
}
