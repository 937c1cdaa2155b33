import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import type { OrderAuditEntry } from "@/lib/orders/detail";
import { isSellerFlag } from "@/lib/orders/flags";
import { formatShanghai } from "@/lib/time";

/** next-intl reads dots in keys as nesting, so "order.memo" is stored as "order_memo" (settings.audit.actions). */
const actionKey = (a: string) => a.replace(".", "_");

type Values = Record<string, unknown> | null;

/** The order's audit entries, newest first (roles that may read the audit log). */
export async function AuditCard({ entries }: { entries: OrderAuditEntry[] }) {
  const t = await getTranslations("orderDetail.audit");
  const ta = await getTranslations("settings.audit.actions");
  const tf = await getTranslations("trade.flag");
  const summary = (e: OrderAuditEntry): string | null => {
    const n = (e.newValue ?? null) as Values;
    if (!n) return null;
    switch (e.action) {
      case "order.memo":
        return typeof n.memo === "string" && n.memo !== "" ? t("memoChange", { value: n.memo }) : t("memoCleared");
      case "order.flag":
        return typeof n.flag === "number" && isSellerFlag(n.flag) ? t("flagChange", { flag: tf(String(n.flag) as "0") }) : null;
      case "order.ship":
        return t("shipChange", { carrier: String(n.companyName ?? n.companyCode ?? ""), waybill: String(n.waybill ?? "") });
      case "order.revealReceiver":
        return n.field === "name" || n.field === "mobile" || n.field === "address" ? t("revealChange", { field: t(`field.${n.field}`) }) : null;
      case "order.refresh":
        return t("refreshChange");
      default:
        return null;
    }
  };
  return (
    <Card id="order-audit" title={t("title")} testId="order-audit">
      {entries.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("empty")}</p>
      ) : (
        <ol className="space-y-3">
          {entries.map((e) => {
            const label = ta.has(actionKey(e.action) as never) ? ta(actionKey(e.action) as never) : e.action;
            const s = summary(e);
            return (
              <li key={e.id} className="text-sm" data-testid="audit-entry" data-action={e.action}>
                <p className="flex flex-wrap items-baseline justify-between gap-x-2">
                  <span className="font-medium">{label}</span>
                  <time dateTime={e.createdAt.toISOString()} className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
                    {formatShanghai(e.createdAt, "datetime")}
                  </time>
                </p>
                <p className="text-xs text-zinc-600 dark:text-zinc-400">{t("by", { actor: e.actorNick })}</p>
                {s ? <p className="mt-0.5 text-xs whitespace-pre-wrap break-words text-zinc-700 dark:text-zinc-300">{s}</p> : null}
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
