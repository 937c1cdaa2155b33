/** Server action results for React Query: the data, or an Error carrying the translated message and the failing fields. */
import type { ActionResult } from "@/lib/auth/action";
import { errorBrand } from "@/lib/errors/brand";

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

export async function unwrap<T>(p: Promise<ActionResult<T>>): Promise<T> {
  const r = await p;
  if (r.ok) return r.data;
  throw new ActionFailure(r.error.message, r.error.code, r.error.fields);
}

export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The shop's authorisation is broken: re-render the page so the re-authorise banner shows at once. */
export const needsReauth = (e: unknown): boolean => ActionFailure.is(e) && e.code === "shopNeedsReauth";
