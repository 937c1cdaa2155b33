import { clsx } from "clsx";
import { Check } from "lucide-react";
import { getTranslations } from "next-intl/server";
import type { TimelineEntry } from "@/lib/orders/detail-view";
import { formatShanghai } from "@/lib/time";

/** 下单 → 付款 → 发货 → 签收 → 成交/关闭: a row of steps on wide screens, a column on phones. */
export async function OrderTimeline({ entries }: { entries: TimelineEntry[] }) {
  const t = await getTranslations("orderDetail.timeline");
  return (
    <section aria-labelledby="order-progress-title" className="rounded-lg border border-zinc-200 bg-white px-4 py-4 dark:border-zinc-800 dark:bg-zinc-900" data-testid="order-timeline">
      <h2 id="order-progress-title" className="sr-only">
        {t("title")}
      </h2>
      <ol className="flex flex-col gap-3 sm:flex-row sm:gap-0">
        {entries.map((e, i) => (
          <li key={e.step} data-step={e.step} data-done={e.done} className="relative flex items-start gap-3 sm:flex-1 sm:flex-col sm:items-center sm:gap-1.5 sm:text-center">
            {i > 0 ? (
              <span aria-hidden className={clsx("absolute top-3.5 right-1/2 hidden h-0.5 w-full -translate-y-1/2 sm:block", e.done ? "bg-brand-500" : "bg-zinc-200 dark:bg-zinc-700")} />
            ) : null}
            <span
              aria-hidden
              className={clsx(
                "relative z-10 flex size-7 shrink-0 items-center justify-center rounded-full text-xs font-semibold ring-4 ring-white dark:ring-zinc-900",
                e.done ? (e.step === "closed" ? "bg-zinc-500 text-white" : "bg-brand-600 text-white") : "bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400",
              )}
            >
              {e.done ? <Check className="size-4" /> : i + 1}
            </span>
            <span className="min-w-0">
              <span className={clsx("block text-sm font-medium", !e.done && "text-zinc-500 dark:text-zinc-400")}>{t(e.step)}</span>
              <span className="block text-xs text-zinc-600 tabular-nums dark:text-zinc-400">{e.at ? formatShanghai(e.at, "datetime") : t("pending")}</span>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
