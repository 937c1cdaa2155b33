import { SearchX } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { buttonClass } from "@/components/ui/button";

/** An unknown tid, or one of another shop (which must look exactly the same). */
export default async function OrderNotFound() {
  const t = await getTranslations("orderDetail.notFound");
  return (
    <section aria-labelledby="order-not-found-title" data-testid="order-not-found" className="mx-auto mt-10 max-w-md rounded-lg border border-zinc-200 bg-white px-6 py-10 text-center dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto mb-3 flex size-10 items-center justify-center rounded-full bg-brand-50 text-brand-600 dark:bg-brand-500/15">
        <SearchX aria-hidden className="size-5" />
      </div>
      <h1 id="order-not-found-title" className="text-lg font-semibold">
        {t("title")}
      </h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t("body")}</p>
      <Link href="/orders" className={buttonClass("primary", "md", "mt-4")}>
        {t("back")}
      </Link>
    </section>
  );
}
