/** 设置 → 敏感操作限额 (server part): the shop's limits for everyone, editable by the owner (shop.manage). */
import { getTranslations } from "next-intl/server";
import { can } from "@/lib/auth/permissions";
import { limitsOfShop } from "@/lib/auth/limits";
import type { Viewer } from "@/lib/auth/viewer";
import { RateLimitsForm } from "./rate-limits-form";

export async function RateLimitsSection({ viewer }: { viewer: Viewer }) {
  const t = await getTranslations("limits");
  const limits = await limitsOfShop(viewer);
  return (
    <section id="limits" aria-labelledby="limits-title" className="mb-8 rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="limits-title" className="font-semibold">
        {t("title")}
      </h2>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">{t("description")}</p>
      <RateLimitsForm limits={limits} editable={can(viewer.role, "shop.manage")} />
    </section>
  );
}
