"use client";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { signOutEverywhereAction } from "@/app/(dashboard)/actions";
import { useSettledAction } from "@/components/use-mutation-error";

/** 退出所有设备: ends every session of the account on the server, then signs this browser out. */
export function SignOutEverywhereButton() {
  const t = useTranslations("access.sessions");
  const [pending, startTransition] = useTransition();
  const settled = useSettledAction();
  const [status, setStatus] = useState<string | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        disabled={pending}
        data-testid="sign-out-everywhere"
        className="rounded-md border border-red-300 px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60 dark:border-red-800 dark:text-red-400 dark:hover:bg-red-950"
        onClick={() => {
          if (!window.confirm(t("confirm"))) return;
          startTransition(async () => {
            const r = await settled(signOutEverywhereAction({}));
            if (!r.ok) {
              setStatus(t("failed", { message: r.error.message }));
              return;
            }
            await signOut({ callbackUrl: "/login" });
          });
        }}
      >
        {t("signOutEverywhere")}
      </button>
      <span role="status" className="text-xs text-zinc-500">
        {status}
      </span>
    </div>
  );
}
