/** Server action results for React Query: the data, or an Error carrying the translated message and the failing fields. */
import type { ActionResult } from "@/lib/auth/action";

export class ActionFailure extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

export async function unwrap<T>(p: Promise<ActionResult<T>>): Promise<T> {
  const r = await p;
  if (r.ok) return r.data;
  throw new ActionFailure(r.error.message, r.error.code, r.error.fields);
}

export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
