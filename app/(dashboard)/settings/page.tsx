import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/layout/page-header";
import { JoinPolicyForm } from "@/components/settings/join-policy";
import { MemberAdmitControls } from "@/components/settings/member-admit";
import { MemberControls } from "@/components/settings/member-role-select";
import { SignOutEverywhereButton } from "@/components/settings/sign-out-everywhere";
import { RateLimitsSection } from "@/components/settings/rate-limits-section";
import { RoleAbilities } from "@/components/settings/role-abilities";
import { pageViewer } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { sessionPolicy } from "@/lib/auth/session-policy";
import { env } from "@/lib/env";
import { listMembers, shopSummary, type MemberRow } from "@/lib/shops/members";
import { formatShanghai } from "@/lib/time";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pages.settings");
  return { title: t("title") };
}

export default async function SettingsPage() {
  const viewer = await pageViewer();
  const t = await getTranslations();
  const shop = await shopSummary(viewer);
  const all = can(viewer.role, "members.manage") ? await listMembers(viewer) : null;
  const members = all?.filter((m) => m.status === "ACTIVE") ?? null;
  const requests = all?.filter((m) => m.status === "PENDING") ?? [];
  const removed = all?.filter((m) => m.status === "REMOVED") ?? [];
  const policy = sessionPolicy(env());
  const section = "mb-8 rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900";
  // The subtitle names the sections this viewer has, in the page's order.
  const sections = [
    t("settings.shop.title"),
    t("limits.title"),
    ...(members ? [t("settings.members.title")] : []),
    t("settings.roles.title"),
    ...(can(viewer.role, "audit.read") ? [t("settings.audit.title")] : []),
    t("access.sessions.title"),
  ];
  const description = sections.join((await getLocale()) === "en" ? ", " : "、");
  return (
    <>
      <PageHeader title={t("pages.settings.title")} description={t("pages.settings.descriptionOf", { sections: description })} />
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
          <Link href="/settings/audit" className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline dark:text-brand-500">
            {t("settings.audit.link")}
          </Link>
        ) : null}
      </section>

      <RateLimitsSection viewer={viewer} />

      {members ? (
        <section id="members" aria-labelledby="members-title" className={section}>
          <h2 id="members-title" className="font-semibold">
            {t("settings.members.title")}
          </h2>
          <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">{t("settings.members.description")}</p>
          {can(viewer.role, "shop.manage") ? <JoinPolicyForm policy={shop.joinPolicy} /> : null}
          {requests.length > 0 ? (
            <MemberList
              id="requests"
              title={t("access.requests.title")}
              description={t("access.requests.description")}
              when={t("access.requests.requestedAt")}
              rows={requests}
              at={(m) => m.joinedAt}
              controls={(m) => <MemberAdmitControls memberId={m.id} nick={m.nick} kind="pending" />}
              labels={{ nick: t("settings.members.nick"), actions: t("settings.members.actions") }}
            />
          ) : null}
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
                  <tr key={m.id} id={`member-${m.userId}`} className="scroll-mt-4 border-t border-zinc-100 target:bg-brand-50 dark:border-zinc-800 dark:target:bg-brand-500/15" data-testid={`member-${m.nick}`}>
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
          {removed.length > 0 ? (
            <MemberList
              id="removed"
              title={t("access.removed.title")}
              description={t("access.removed.description")}
              when={t("access.removed.removedAt")}
              rows={removed}
              at={(m) => m.removedAt}
              controls={(m) => <MemberAdmitControls memberId={m.id} nick={m.nick} kind="removed" />}
              labels={{ nick: t("settings.members.nick"), actions: t("settings.members.actions") }}
            />
          ) : null}
        </section>
      ) : null}

      <RoleAbilities viewerRole={viewer.role} />

      <section aria-labelledby="sessions-title" className={section}>
        <h2 id="sessions-title" className="mb-2 font-semibold">
          {t("access.sessions.title")}
        </h2>
        <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">{t("access.sessions.body", { hours: policy.absoluteSeconds / 3600, minutes: policy.idleSeconds / 60 })}</p>
        <SignOutEverywhereButton />
      </section>
    </>
  );
}

/** Pending requests or removed accounts: nick, when, and what the owner can do. */
function MemberList(props: {
  id: string;
  title: string;
  description: string;
  when: string;
  rows: MemberRow[];
  at: (m: MemberRow) => Date | null;
  controls: (m: MemberRow) => ReactNode;
  labels: { nick: string; actions: string };
}) {
  return (
    <div className="mt-6" data-testid={props.id}>
      <h3 id={`${props.id}-title`} className="text-sm font-semibold">
        {props.title}
      </h3>
      <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">{props.description}</p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-labelledby={`${props.id}-title`}>
          <thead className="text-zinc-500">
            <tr>
              <th className="py-2 pr-4 font-medium">{props.labels.nick}</th>
              <th className="py-2 pr-4 font-medium">{props.when}</th>
              <th className="py-2 font-medium">{props.labels.actions}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((m) => {
              const at = props.at(m);
              return (
                <tr key={m.id} className="border-t border-zinc-100 dark:border-zinc-800" data-testid={`${props.id}-${m.nick}`}>
                  <td className="py-2 pr-4">{m.nick}</td>
                  <td className="py-2 pr-4 whitespace-nowrap">{at ? formatShanghai(at, "minute") : "—"}</td>
                  <td className="py-2">{props.controls(m)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
