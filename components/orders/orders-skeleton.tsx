import { getTranslations } from "next-intl/server";
import { Skeleton, SkeletonRows } from "@/components/ui/skeleton";

/** Shown on every change of the URL (the page's Suspense key is the whole filter). */
export async function OrdersSkeleton() {
  const t = await getTranslations("orders");
  return (
    <div data-testid="orders-skeleton">
      <div className="mb-3 flex gap-2 border-b border-zinc-200 pb-2 dark:border-zinc-800">
        {Array.from({ length: 7 }, (_, i) => (
          <Skeleton key={i} className="h-7 w-20" />
        ))}
      </div>
      <SkeletonRows rows={8} label={t("loading")} />
    </div>
  );
}
