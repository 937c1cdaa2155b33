import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { formatAuditEntry, type Translate } from "@/lib/audit-format";
import type { OrderAuditEntry } from "@/lib/orders/detail";
import { formatShanghai } from "@/lib/time";

/** The order's audit entries, newest first (roles that may read the audit log), worded by the audit log's one formatter (lib/audit-format.ts). */
export async function AuditCard({ entries }: { entries: OrderAuditEntry[] }) {
  const t = await getTranslations("orderDetail.audit");
  const all = (await getTranslations()) as unknown as Translate;
  return (
    <Card id="order-audit" title={t("title")} testId="order-audit">
      {entries.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("empty")}</p>
      ) : (
        <ol className="space-y-3">
          {entries.map((e) => {
            const f = formatAuditEntry({ action: e.action, actorNick: e.actorNick, targetType: "trade", targetId: null, oldValue: e.oldValue ?? null, newValue: e.newValue ?? null }, all);
            return (
              <li key={e.id} className="text-sm" data-testid="audit-entry" data-action={e.action}>
                <p className="flex flex-wrap items-baseline justify-between gap-x-2">
                  <span className="font-medium">{f.action}</span>
                  <time dateTime={e.createdAt.toISOString()} className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
                    {formatShanghai(e.createdAt, "datetime")}
                  </time>
                </p>
                <p className="text-xs text-zinc-600 dark:text-zinc-400">{t("by", { actor: e.actorNick })}</p>
                {f.summary ? <p className="mt-0.5 text-xs whitespace-pre-wrap break-words text-zinc-700 dark:text-zinc-300">{f.summary}</p> : null}
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
