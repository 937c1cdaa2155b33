"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { approveMemberAction, declineMemberAction, readmitMemberAction } from "@/app/(dashboard)/actions";
import type { ActionResult } from "@/lib/auth/action";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { useSettledAction } from "@/components/use-mutation-error";
import { ConfirmDialog } from "./confirm-dialog";

/**
 * For a pending request (批准 / 拒绝) or a removed account (重新加入): the role it gets, chosen
 * here (customer service unless changed), and the buttons. The server checks everything again.
 */
export function MemberAdmitControls({ memberId, nick, kind }: { memberId: string; nick: string; kind: "pending" | "removed" }) {
  const t = useTranslations();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const settled = useSettledAction();
  const [role, setRole] = useState<Role>("CUSTOMER_SERVICE");
  const [status, setStatus] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const run = (action: () => Promise<ActionResult<unknown>>) =>
    startTransition(async () => {
      const r = await settled(action());
      setStatus(r.ok ? t("access.saved") : t("access.failed", { message: r.error.message }));
      router.refresh();
    });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label>
        <span className="sr-only">{t(kind === "pending" ? "access.requests.roleLabel" : "access.removed.roleLabel", { nick })}</span>
        <select
          value={role}
          disabled={pending}
          data-testid={`${kind === "pending" ? "approve" : "readmit"}-role-${nick}`}
          onChange={(e) => setRole(e.target.value as Role)}
          className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`header.roles.${r}`)}
            </option>
          ))}
        </select>
      </label>
      {kind === "pending" ? (
        <>
          <button
            type="button"
            disabled={pending}
            data-testid={`approve-${nick}`}
            className="rounded-md bg-brand-700 px-2 py-1 text-sm font-medium text-white hover:brightness-90 disabled:opacity-60"
            onClick={() => run(() => approveMemberAction({ memberId, role }))}
          >
            {t("access.requests.approve")}
          </button>
          <button
            type="button"
            disabled={pending}
            data-testid={`decline-${nick}`}
            className="rounded-md px-2 py-1 text-sm text-red-700 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950"
            onClick={() => setAsking(true)}
          >
            {t("access.requests.decline")}
          </button>
          <ConfirmDialog
            open={asking}
            onOpenChange={setAsking}
            title={t("access.requests.confirmDeclineTitle", { nick })}
            body={t("access.requests.confirmDecline", { nick })}
            confirmLabel={t("access.requests.decline")}
            cancelLabel={t("settings.members.cancel")}
            closeLabel={t("settings.members.close")}
            danger
            onConfirm={() => run(() => declineMemberAction({ memberId }))}
            testId="confirm-decline"
          />
        </>
      ) : (
        <button
          type="button"
          disabled={pending}
          data-testid={`readmit-${nick}`}
          className="rounded-md border border-zinc-300 px-2 py-1 text-sm font-medium hover:bg-zinc-50 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
          onClick={() => run(() => readmitMemberAction({ memberId, role }))}
        >
          {t("access.removed.readmit")}
        </button>
      )}
      <span role="status" className="text-xs text-zinc-600 dark:text-zinc-400">
        {status}
      </span>
    </div>
  );
}
