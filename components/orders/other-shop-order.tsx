"use client";
/** An order of another of the viewer's shops: say whose it is and switch there to open it. */
import { Store } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { switchShopAction } from "@/app/(dashboard)/actions";
import { Button } from "@/components/ui/button";

export function OtherShopOrder({ tid, shop }: { tid: string; shop: { id: string; nick: string } }) {
  const t = useTranslations("header.otherShopOrder");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failed, setFailed] = useState<string | null>(null);
  return (
    <section role="status" data-testid="other-shop-order" className="mx-auto mt-10 max-w-lg rounded-lg border border-zinc-200 bg-white p-6 text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h1 className="mb-2 flex items-center gap-2 text-lg font-semibold">
        <Store aria-hidden className="size-5 shrink-0 text-brand-700 dark:text-brand-500" />
        {t("title", { shop: shop.nick })}
      </h1>
      <p className="mb-4 text-zinc-700 dark:text-zinc-300">{t("body", { tid, shop: shop.nick })}</p>
      <Button
        variant="primary"
        disabled={pending}
        data-testid="switch-to-order-shop"
        onClick={() =>
          startTransition(async () => {
            const r = await switchShopAction({ shopId: shop.id });
            if (r.ok) router.refresh();
            else setFailed(r.error.message);
          })
        }
      >
        {t("switch", { shop: shop.nick })}
      </Button>
      {failed ? <p className="mt-2 text-red-700 dark:text-red-300">{failed}</p> : null}
    </section>
  );
}
