/** Server action results for React Query: the data, or an Error carrying the translated message and the failing fields. */
import type { ActionResult } from "@/lib/auth/action";
import { errorBrand } from "@/lib/errors/brand";
import { withTimeout } from "@/lib/http/mutation-error";

export class ActionFailure extends Error {
  static is = errorBrand(ActionFailure, "ActionFailure");
  constructor(
    message: string,
    readonly code: string,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

/** The action's data; a refusal as ActionFailure; no answer in time as a TimeoutError (components/use-mutation-error.ts words both). */
export async function unwrap<T>(p: Promise<ActionResult<T>>): Promise<T> {
  const r = await withTimeout(p);
  if (r.ok) return r.data;
  throw new ActionFailure(r.error.message, r.error.code, r.error.fields);
}

/** The shop's authorisation is broken: re-render the page so the re-authorise banner shows at once. */
export const needsReauth = (e: unknown): boolean => ActionFailure.is(e) && e.code === "shopNeedsReauth";
