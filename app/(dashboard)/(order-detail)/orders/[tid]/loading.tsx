import { getTranslations } from "next-intl/server";
import { Skeleton } from "@/components/ui/skeleton";

/** The detail page's skeleton: header, progress, then the two columns (stacked on phones). */
export default async function Loading() {
  const t = await getTranslations("orderDetail");
  return (
    <div role="status" aria-live="polite" className="mx-auto max-w-6xl space-y-4" data-testid="order-detail-loading">
      <span className="sr-only">{t("loading")}</span>
      <Skeleton className="h-4 w-24" />
      <Skeleton className="h-7 w-48" />
      <Skeleton className="h-5 w-72 max-w-full" />
      <Skeleton className="h-20 w-full" />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Skeleton className="h-48 w-full" />
          <Skeleton className="h-40 w-full" />
        </div>
        <div className="space-y-4">
          <Skeleton className="h-32 w-full" />
          <Skeleton className="h-40 w-full" />
        </div>
      </div>
    </div>
  );
}
