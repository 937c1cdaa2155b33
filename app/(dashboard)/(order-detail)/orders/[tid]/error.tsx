"use client";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

/** The detail page failed to render (database trouble, an unexpected error): say so and offer a retry. */
export default function OrderDetailError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("orderDetail.error");
  const te = useTranslations("error");
  return (
    <section role="alert" data-testid="order-detail-error" className="mx-auto mt-10 max-w-md rounded-lg border border-red-200 bg-white px-6 py-8 text-center dark:border-red-900 dark:bg-zinc-900">
      <h1 className="text-lg font-semibold">{t("title")}</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t("body")}</p>
      {error.digest ? <p className="mt-2 font-mono text-xs text-zinc-500">{te("digest", { digest: error.digest })}</p> : null}
      <Button variant="primary" className="mt-4" onClick={reset}>
        {t("retry")}
      </Button>
    </section>
  );
}
