"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { changeRoleAction, removeMemberAction } from "@/app/(dashboard)/actions";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { useSettledAction } from "@/components/use-mutation-error";

/** Role select and remove button for one member row; the server checks everything again. */
export function MemberControls({ memberId, nick, role }: { memberId: string; nick: string; role: Role }) {
  const t = useTranslations();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const settled = useSettledAction();
  const [status, setStatus] = useState<string | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label>
        <span className="sr-only">{t("settings.members.changeRoleLabel", { nick })}</span>
        <select
          defaultValue={role}
          disabled={pending}
          data-testid={`role-${nick}`}
          className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          onChange={(e) => {
            const next = e.target.value;
            startTransition(async () => {
              const r = await settled(changeRoleAction({ memberId, role: next }));
              setStatus(r.ok ? t("settings.members.saved") : t("settings.members.failed", { message: r.error.message }));
              router.refresh();
            });
          }}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`header.roles.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={pending}
        className="rounded-md px-2 py-1 text-sm text-red-700 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950"
        onClick={() => {
          if (!window.confirm(t("settings.members.confirmRemove", { nick }))) return;
          startTransition(async () => {
            const r = await settled(removeMemberAction({ memberId }));
            if (!r.ok) setStatus(t("settings.members.failed", { message: r.error.message }));
            router.refresh();
          });
        }}
      >
        {t("settings.members.remove")}
      </button>
      <span role="status" className="text-xs text-zinc-500">
        {status}
      </span>
    </div>
  );
}
