import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/layout/page-header";
import { MemberControls } from "@/components/settings/member-role-select";
import { RateLimitsSection } from "@/components/settings/rate-limits-section";
import { pageViewer } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { listMembers, shopSummary } from "@/lib/shops/members";
import { formatShanghai } from "@/lib/time";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pages.settings");
  return { title: t("title") };
}

export default async function SettingsPage() {
  const viewer = await pageViewer();
  const t = await getTranslations();
  const shop = await shopSummary(viewer);
  const members = can(viewer.role, "members.manage") ? await listMembers(viewer) : null;
  return (
    <>
      <PageHeader title={t("pages.settings.title")} description={t("pages.settings.description")} />
      <section aria-labelledby="shop-title" className="mb-8 rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
        <h2 id="shop-title" className="mb-3 font-semibold">
          {t("settings.shop.title")}
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-zinc-500">{t("settings.shop.nick")}</dt>
          <dd>{shop.nick}</dd>
          <dt className="text-zinc-500">{t("settings.shop.status")}</dt>
          <dd data-testid="shop-status">{t(`settings.shop.statuses.${shop.status}`)}</dd>
          <dt className="text-zinc-500">{t("settings.shop.connectedAt")}</dt>
          <dd>{shop.connectedAt ? formatShanghai(shop.connectedAt, "minute") : "—"}</dd>
        </dl>
        {can(viewer.role, "audit.read") ? (
          <Link href="/settings/audit" className="mt-4 inline-block text-sm font-medium text-brand-600 hover:underline">
            {t("settings.audit.link")}
          </Link>
        ) : null}
      </section>

      <RateLimitsSection viewer={viewer} />

      {members ? (
        <section aria-labelledby="members-title" className="rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
          <h2 id="members-title" className="font-semibold">
            {t("settings.members.title")}
          </h2>
          <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">{t("settings.members.description")}</p>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="members">
              <thead className="text-zinc-500">
                <tr>
                  <th className="py-2 pr-4 font-medium">{t("settings.members.nick")}</th>
                  <th className="py-2 pr-4 font-medium">{t("settings.members.role")}</th>
                  <th className="py-2 pr-4 font-medium">{t("settings.members.lastSeen")}</th>
                  <th className="py-2 font-medium">{t("settings.members.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr key={m.id} className="border-t border-zinc-100 dark:border-zinc-800" data-testid={`member-${m.nick}`}>
                    <td className="py-2 pr-4">
                      {m.nick}
                      {m.isMainAccount ? <span className="ml-2 text-xs text-zinc-500">{t("settings.members.mainAccount")}</span> : null}
                      {m.isSelf ? <span className="ml-2 text-xs text-zinc-500">({t("settings.members.you")})</span> : null}
                    </td>
                    <td className="py-2 pr-4">{t(`header.roles.${m.role}`)}</td>
                    <td className="py-2 pr-4 whitespace-nowrap">{m.lastSeenAt ? formatShanghai(m.lastSeenAt, "minute") : t("settings.members.never")}</td>
                    <td className="py-2">{m.isMainAccount || m.isSelf ? "—" : <MemberControls memberId={m.id} nick={m.nick} role={m.role} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}
