/**
 * 审计日志's alert on unusual volumes of sensitive actions in the last 24 hours (lib/auth/limit-alerts.ts):
 * members and the shop that reached 80 % of a limit within one hour, and every limit that refused someone.
 * Nothing is shown when there is nothing unusual.
 */
import { TriangleAlert } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LIMITED_ACTIONS, type LimitedAction } from "@/lib/auth/limits";
import { limitAlerts } from "@/lib/auth/limit-alerts";
import type { Viewer } from "@/lib/auth/viewer";
import { formatShanghai } from "@/lib/time";

export async function LimitAlertsPanel({ viewer }: { viewer: Viewer }) {
  const { volumes, hits } = await limitAlerts(viewer);
  if (volumes.length === 0 && hits.length === 0) return null;
  const t = await getTranslations("limits");
  const action = (a: string) => ((LIMITED_ACTIONS as readonly string[]).includes(a) ? t(`actions.${a as LimitedAction}`) : a);
  const time = (d: Date) => formatShanghai(d, "minute");
  return (
    <section role="alert" aria-labelledby="limit-alerts-title" data-testid="limit-alerts" className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
      <h2 id="limit-alerts-title" className="flex items-center gap-2 font-semibold">
        <TriangleAlert aria-hidden className="size-4" />
        {t("alerts.title")}
      </h2>
      <p className="mt-1 text-xs">{t("alerts.hint")}</p>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {hits.map((h) => (
          <li key={`hit-${h.nick}-${h.action}`} data-testid="limit-alert-hit">
            {t("alerts.hit", { nick: h.nick, action: action(h.action), hits: h.hits, time: time(h.lastAt) })}
          </li>
        ))}
        {volumes.map((v) => (
          <li key={`vol-${v.scope}-${v.userId ?? ""}-${v.action}`} data-testid="limit-alert-volume">
            {t(v.scope === "shop" ? "alerts.volumeShop" : "alerts.volumeUser", { nick: v.nick ?? "", action: action(v.action), peak: v.peak, limit: v.limit, time: time(v.peakAt) })}
          </li>
        ))}
      </ul>
      <p className="mt-2 flex gap-4 text-xs font-medium">
        <Link href="/settings/audit?action=limit.hit" className="underline">
          {t("alerts.entries")}
        </Link>
        <Link href="/settings#limits" className="underline">
          {t("alerts.settings")}
        </Link>
      </p>
    </section>
  );
}
