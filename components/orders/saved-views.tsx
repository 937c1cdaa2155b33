import { clsx } from "clsx";
import { Users } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { Viewer } from "@/lib/auth/viewer";
import { can } from "@/lib/auth/permissions";
import { viewHref } from "@/lib/orders/view-query";
import { VIEW_COUNTS_MAX, viewCounts, type SavedViewItem } from "@/lib/orders/views";
import { SavedViewActions } from "./saved-view-actions";

/**
 * The saved views beside the status tabs: each a link that opens it (`/orders?<its query>&view=<id>`)
 * with its live count, the open one marked, and — when its filters were changed since — 已修改 with
 * 保存 / 另存为. Streams in its own Suspense boundary so the counts never hold up the list.
 */
export async function SavedViews({ viewer, views, active, current }: { viewer: Viewer; views: SavedViewItem[]; active: SavedViewItem | null; current: string }) {
  const t = await getTranslations("orderViews");
  const counts = await viewCounts(viewer, views);
  const modified = active !== null && active.query !== current;
  return (
    <div className="mb-2 flex flex-wrap items-center gap-2" data-testid="saved-views">
      {views.length > 0 ? (
        <nav aria-label={t("label")} className="min-w-0 max-w-full overflow-x-auto">
          <ul className="flex min-w-max gap-1.5 py-0.5">
            {views.map((v) => {
              const c = counts[v.id];
              const on = active?.id === v.id;
              return (
                <li key={v.id}>
                  <Link
                    href={viewHref(v)}
                    aria-current={on ? "page" : undefined}
                    data-testid="saved-view"
                    data-view-id={v.id}
                    data-modified={on && modified ? "true" : undefined}
                    title={c === null ? t("countNotShown", { n: VIEW_COUNTS_MAX }) : v.shared ? t("shared") : t("personal")}
                    className={clsx(
                      "inline-flex items-center gap-1.5 rounded-full border px-3 py-1 text-sm whitespace-nowrap",
                      on ? "border-brand-600 bg-brand-50 font-medium text-brand-800 dark:border-orange-400 dark:bg-brand-500/15 dark:text-orange-200" : "border-zinc-300 text-zinc-700 hover:border-zinc-400 hover:text-zinc-900 dark:border-zinc-700 dark:text-zinc-300 dark:hover:text-zinc-100",
                    )}
                  >
                    {v.shared ? <Users aria-hidden className="size-3.5 shrink-0" /> : null}
                    <span data-testid="saved-view-name">{v.name}</span>
                    {v.shared ? <span className="sr-only">（{t("shared")}）</span> : null}
                    {c ? (
                      <span data-testid="saved-view-count" title={c.capped ? t("countAtLeast", { n: c.count }) : undefined} className="rounded-full bg-zinc-100 px-1.5 text-xs tabular-nums dark:bg-zinc-800">
                        {c.count}
                        {c.capped ? "+" : ""}
                      </span>
                    ) : null}
                    {on && modified ? (
                      <span data-testid="saved-view-modified" className="text-xs font-normal text-amber-800 dark:text-amber-300">
                        · {t("modified")}
                      </span>
                    ) : null}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      ) : null}
      <SavedViewActions active={active} modified={modified} current={current} canShare={can(viewer.role, "orders.views.share")} />
    </div>
  );
}
