"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { setJoinPolicyAction } from "@/app/(dashboard)/actions";
import type { JoinPolicy } from "@/lib/shops/members";
import { useSettledAction } from "@/components/use-mutation-error";

const POLICIES: readonly JoinPolicy[] = ["APPROVAL", "AUTO"];

/** The owner's choice of how new sub-accounts join (shop.manage, checked again on the server). */
export function JoinPolicyForm({ policy }: { policy: JoinPolicy }) {
  const t = useTranslations("access");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const settled = useSettledAction();
  const [value, setValue] = useState(policy);
  const [status, setStatus] = useState<string | null>(null);
  return (
    <fieldset className="mb-5" data-testid="join-policy" disabled={pending}>
      <legend className="mb-2 text-sm font-medium">{t("joinPolicy.legend")}</legend>
      <div className="flex flex-col gap-2">
        {POLICIES.map((p) => (
          <label key={p} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="joinPolicy"
              value={p}
              checked={value === p}
              className="mt-1"
              onChange={() => {
                const previous = value;
                setValue(p);
                startTransition(async () => {
                  const r = await settled(setJoinPolicyAction({ policy: p }));
                  if (!r.ok) setValue(previous);
                  setStatus(r.ok ? t("saved") : t("failed", { message: r.error.message }));
                  router.refresh();
                });
              }}
            />
            <span>
              <span className="font-medium">{t(`joinPolicy.${p}`)}</span>
              <span className="block text-xs text-zinc-500">{t(`joinPolicy.${p}Hint`)}</span>
            </span>
          </label>
        ))}
      </div>
      <span role="status" className="mt-1 block text-xs text-zinc-500">
        {status}
      </span>
    </fieldset>
  );
}
