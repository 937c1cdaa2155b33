"use client";
import { TriangleAlert } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

/** The orders region failed (database down, a bug): say so in place and offer a retry; the shell stays. */
export default function OrdersError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("orders.error");
  return (
    <section role="alert" data-testid="orders-error" className="mx-auto max-w-xl rounded-lg border border-red-200 bg-white px-6 py-10 text-center dark:border-red-900 dark:bg-zinc-900">
      <TriangleAlert aria-hidden className="mx-auto mb-3 size-6 text-red-600 dark:text-red-400" />
      <h2 className="text-base font-semibold">{t("title")}</h2>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t("body")}</p>
      {error.digest ? <p className="mt-2 font-mono text-xs text-zinc-500">{error.digest}</p> : null}
      <Button variant="primary" className="mt-4" onClick={reset}>
        {t("retry")}
      </Button>
    </section>
  );
}
