import { TriangleAlert } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { SEARCH_MAX, type FilterNotice } from "@/lib/orders/filters";

/** What the URL asked for that could not be read, and what was done instead. */
export async function FilterNotices({ notices, extra = [] }: { notices: FilterNotice[]; extra?: string[] }) {
  if (notices.length === 0 && extra.length === 0) return null;
  const t = await getTranslations("orders.notice");
  return (
    <div role="status" data-testid="filter-notices" className="mb-4 flex gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div>
        {notices.length > 0 ? (
          <>
            <p className="font-medium">{t("title")}</p>
            <ul className="mt-1 list-disc pl-5">
              {notices.map((n) => (
                <li key={n} data-notice={n}>
                  {t(n, { max: SEARCH_MAX })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {extra.map((e) => (
          <p key={e}>{e}</p>
        ))}
      </div>
    </div>
  );
}
