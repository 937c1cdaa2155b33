"use client";
/**
 * The one way a component turns a failed mutation into the words it shows: a refusal the server
 * already translated (ActionFailure, or an action's `{ ok: false }`) keeps its message; a transport
 * failure (offline, no connection, no answer in time, a 5xx) becomes the translated message of its
 * kind (lib/http/mutation-error.ts), never the browser's "Failed to fetch".
 */
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { ActionFailure } from "@/components/orders/detail/action-call";
import type { ActionResult } from "@/lib/auth/action";
import { mutationErrorKind, withTimeout } from "@/lib/http/mutation-error";

export function useMutationError(): (e: unknown) => string {
  const t = useTranslations("mutationErrors");
  return useCallback(
    (e: unknown) => {
      const kind = mutationErrorKind(e);
      if (kind) return t(kind);
      if (ActionFailure.is(e)) return e.message;
      // Anything else is a fault of ours; its text (often English, technical) is not for the user.
      return t("server");
    },
    [t],
  );
}

/**
 * For components that read an action's `{ ok: false }` themselves: the same result shape when the
 * call itself failed (offline, no answer, a 5xx), with the translated message, instead of a throw.
 */
export function useSettledAction(): <T>(p: Promise<ActionResult<T>>) => Promise<ActionResult<T>> {
  const failure = useMutationError();
  return useCallback(
    async <T,>(p: Promise<ActionResult<T>>): Promise<ActionResult<T>> => {
      try {
        return await withTimeout(p);
      } catch (e) {
        return { ok: false, error: { code: "internal", message: failure(e) } };
      }
    },
    [failure],
  );
}
