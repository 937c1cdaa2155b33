import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/layout/page-header";
import { LimitAlertsPanel } from "@/components/settings/limit-alerts-panel";
import { AUDIT_ACTIONS } from "@/lib/audit";
import { auditActionKey, formatAuditEntry, type AuditTarget, type Translate } from "@/lib/audit-format";
import { auditFilterInput, listAuditLog } from "@/lib/audit-log";
import { pageViewer } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { formatShanghai } from "@/lib/time";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.audit");
  return { title: t("title") };
}


export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await pageViewer("audit.read");
  const t = await getTranslations("settings.audit");
  const all = (await getTranslations()) as unknown as Translate;
  const membersLinked = can(viewer.role, "members.manage");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined]));
  const parsed = auditFilterInput.safeParse(raw);
  // Malformed filters fall back to no filter rather than an error page.
  const filter = parsed.success ? parsed.data : auditFilterInput.parse({});
  const { rows, hasMore } = await listAuditLog(viewer, filter);
  const pageHref = (page: number) => `/settings/audit?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])), page: String(page) })}`;
  const input = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <LimitAlertsPanel viewer={viewer} />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-2" aria-label={t("filters")}>
        <label className="text-sm">
          <span className="block text-zinc-500">{t("action")}</span>
          <select name="action" defaultValue={filter.action ?? ""} className={input}>
            <option value="">{t("allActions")}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`actions.${auditActionKey(a)}` as never)}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block text-zinc-500">{t("actor")}</span>
          <input name="actor" defaultValue={filter.actor ?? ""} maxLength={64} placeholder={t("actorPlaceholder")} className={input} />
        </label>
        <label className="text-sm">
          <span className="block text-zinc-500">{t("from")}</span>
          <input type="date" name="from" defaultValue={filter.from ?? ""} className={input} />
        </label>
        <label className="text-sm">
          <span className="block text-zinc-500">{t("to")}</span>
          <input type="date" name="to" defaultValue={filter.to ?? ""} className={input} />
        </label>
        <button type="submit" className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-medium text-white hover:brightness-90">
          {t("apply")}
        </button>
        <Link href="/settings/audit" className="px-2 py-1.5 text-sm text-zinc-600 hover:underline dark:text-zinc-400">
          {t("reset")}
        </Link>
      </form>
      {rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-500 dark:border-zinc-700">{t("empty")}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-left text-sm" data-testid="audit-log">
            <thead className="text-zinc-500">
              <tr>
                <th className="px-3 py-2 font-medium">{t("timeZone")}</th>
                <th className="px-3 py-2 font-medium">{t("actor")}</th>
                <th className="px-3 py-2 font-medium">{t("action")}</th>
                <th className="px-3 py-2 font-medium">{t("target")}</th>
                <th className="px-3 py-2 font-medium">{t("change")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const f = formatAuditEntry(r, all);
                return (
                  <tr key={r.id} className="border-t border-zinc-100 align-top dark:border-zinc-800" data-testid="audit-row" data-action={r.action}>
                    <td className="px-3 py-2 whitespace-nowrap tabular-nums">
                      <time dateTime={r.createdAt.toISOString()}>{formatShanghai(r.createdAt, "datetime")}</time>
                    </td>
                    <td className="px-3 py-2">{r.actorNick}</td>
                    <td className="px-3 py-2 whitespace-nowrap">{f.action}</td>
                    <td className="px-3 py-2" data-testid="audit-target">
                      <Target target={f.target} shopNick={viewer.shopNick} membersLinked={membersLinked} t={t} />
                    </td>
                    <td className="min-w-56 px-3 py-2">
                      <p data-testid="audit-summary">{f.summary ?? "—"}</p>
                      <details className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
                        <summary className="cursor-pointer select-none">{t("raw")}</summary>
                        <pre className="mt-1 max-w-md overflow-x-auto rounded bg-zinc-50 p-2 font-mono break-all whitespace-pre-wrap dark:bg-zinc-950">
                          {JSON.stringify({ action: r.action, target: r.targetType ? { type: r.targetType, id: r.targetId } : null, old: r.oldValue ?? null, new: r.newValue ?? null }, null, 2)}
                        </pre>
                      </details>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <nav className="mt-4 flex justify-between text-sm" aria-label="pagination">
        {filter.page > 1 ? <Link href={pageHref(filter.page - 1)}>{t("previous")}</Link> : <span />}
        {hasMore ? <Link href={pageHref(filter.page + 1)}>{t("next")}</Link> : <span />}
      </nav>
    </>
  );
}

/** What the entry was done to: an order to open, a member to find, the shop, or a short text. */
function Target({ target, shopNick, membersLinked, t }: { target: AuditTarget; shopNick: string; membersLinked: boolean; t: (key: "openOrder" | "findMember" | "unknownMember", values?: Record<string, string>) => string }) {
  if (!target) return <span className="text-zinc-600 dark:text-zinc-400">—</span>;
  switch (target.kind) {
    case "order":
      return (
        <Link href={`/orders/${target.tid}`} className="font-mono text-xs text-brand-700 hover:underline dark:text-brand-500" title={t("openOrder", { tid: target.tid })}>
          {target.tid}
        </Link>
      );
    case "member":
      if (!target.nick) return <span className="text-zinc-600 dark:text-zinc-400">{t("unknownMember")}</span>;
      return membersLinked ? (
        <Link href={`/settings#member-${target.userId}`} className="text-brand-700 hover:underline dark:text-brand-500" title={t("findMember", { nick: target.nick })}>
          {target.nick}
        </Link>
      ) : (
        <span>{target.nick}</span>
      );
    case "shop":
      return <span>{shopNick}</span>;
    case "text":
      return <span>{target.text}</span>;
  }
}
