"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { changeRoleAction, removeMemberAction } from "@/app/(dashboard)/actions";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { useSettledAction } from "@/components/use-mutation-error";
import { ConfirmDialog } from "./confirm-dialog";

/**
 * Role select and remove button for one member row; the server checks everything again. Making
 * someone an owner (every permission) and removing them ask first, in a dialog.
 */
export function MemberControls({ memberId, nick, role }: { memberId: string; nick: string; role: Role }) {
  const t = useTranslations("settings.members");
  const tr = useTranslations("header.roles");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const settled = useSettledAction();
  const [status, setStatus] = useState<string | null>(null);
  // The select shows the saved role until a change is confirmed and saved.
  const [shown, setShown] = useState<Role>(role);
  const [asking, setAsking] = useState<"owner" | "remove" | null>(null);
  const save = (next: Role) =>
    startTransition(async () => {
      setShown(next);
      const r = await settled(changeRoleAction({ memberId, role: next }));
      if (!r.ok) setShown(role);
      setStatus(r.ok ? t("saved") : t("failed", { message: r.error.message }));
      router.refresh();
    });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label>
        <span className="sr-only">{t("changeRoleLabel", { nick })}</span>
        <select
          value={shown}
          disabled={pending}
          data-testid={`role-${nick}`}
          className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          onChange={(e) => {
            const next = e.target.value as Role;
            if (next === "OWNER") setAsking("owner");
            else save(next);
          }}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {tr(r)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={pending}
        data-testid={`remove-${nick}`}
        className="rounded-md px-2 py-1 text-sm text-red-700 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950"
        onClick={() => setAsking("remove")}
      >
        {t("remove")}
      </button>
      <span role="status" className="text-xs text-zinc-600 dark:text-zinc-400">
        {status}
      </span>
      <ConfirmDialog
        open={asking === "owner"}
        onOpenChange={(open) => !open && setAsking(null)}
        title={t("confirmOwnerTitle", { nick })}
        body={t("confirmOwnerBody", { nick })}
        confirmLabel={t("confirmOwner")}
        cancelLabel={t("cancel")}
        closeLabel={t("close")}
        onConfirm={() => save("OWNER")}
        testId="confirm-owner"
      />
      <ConfirmDialog
        open={asking === "remove"}
        onOpenChange={(open) => !open && setAsking(null)}
        title={t("confirmRemoveTitle", { nick })}
        body={t("confirmRemove")}
        confirmLabel={t("remove")}
        cancelLabel={t("cancel")}
        closeLabel={t("close")}
        danger
        onConfirm={() =>
          startTransition(async () => {
            const r = await settled(removeMemberAction({ memberId }));
            if (!r.ok) setStatus(t("failed", { message: r.error.message }));
            router.refresh();
          })
        }
        testId="confirm-remove"
      />
    </div>
  );
}
