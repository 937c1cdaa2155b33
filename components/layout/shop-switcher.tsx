"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { switchShopAction } from "@/app/(dashboard)/actions";
import { useSettledAction } from "@/components/use-mutation-error";

export function ShopSwitcher({ shops, current }: { shops: { id: string; nick: string }[]; current: string }) {
  const t = useTranslations("header");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const settled = useSettledAction();
  return (
    <label className="flex items-center gap-1 text-sm">
      <span className="sr-only">{t("switchShop")}</span>
      <select
        data-testid="shop-switcher"
        value={current}
        disabled={pending}
        className="max-w-48 truncate rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        onChange={(e) => {
          const shopId = e.target.value;
          startTransition(async () => {
            const result = await settled(switchShopAction({ shopId }));
            if (result.ok) router.refresh();
          });
        }}
      >
        {shops.map((s) => (
          <option key={s.id} value={s.id}>
            {s.nick}
          </option>
        ))}
      </select>
    </label>
  );
}
