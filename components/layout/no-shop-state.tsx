import { Store } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state";

/** Shown on every section until the visitor's shop is connected, with the steps that connect it. */
export async function NoShopState({ what }: { what: string }) {
  const t = await getTranslations("emptyShop");
  return (
    <EmptyState testId="no-shop" icon={<Store aria-hidden className="size-5" />} title={t("title")}>
      <p>{t("body")}</p>
      <h3 className="mt-4 font-medium text-zinc-800 dark:text-zinc-200">{t("stepsTitle")}</h3>
      <ol className="mt-2 list-decimal space-y-1 pl-5 text-left">
        <li>{t("step1")}</li>
        <li>{t("step2")}</li>
        <li>{t("step3", { page: what })}</li>
      </ol>
    </EmptyState>
  );
}
