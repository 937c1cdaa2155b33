import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import type { Amounts } from "@/lib/orders/detail-view";
import { formatCny } from "@/lib/money";

/** 商品总额, 运费, 优惠, 改价, 实付 — the identity they satisfy is printed under them. */
export async function AmountsCard({ amounts, stepPaidFeeFen }: { amounts: Amounts; stepPaidFeeFen: number | null }) {
  const t = await getTranslations("orderDetail.amounts");
  const signed = (fen: number) => `${fen > 0 ? "+" : fen < 0 ? "−" : ""}${formatCny(Math.abs(fen))}`;
  const rows: [string, string, string][] = [
    ["total", t("total"), formatCny(amounts.totalFeeFen)],
    ["discount", t("discount"), amounts.discountFeeFen ? `−${formatCny(amounts.discountFeeFen)}` : formatCny(0)],
    ["adjust", t("adjust"), signed(amounts.adjustFeeFen)],
    ["post", t("post"), amounts.postFeeFen ? `+${formatCny(amounts.postFeeFen)}` : formatCny(0)],
  ];
  return (
    <Card id="order-amounts" title={t("title")} testId="order-amounts">
      <dl className="space-y-1.5 text-sm">
        {rows.map(([key, label, value]) => (
          <div key={key} className="flex justify-between gap-4" data-testid={`amount-${key}`}>
            <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
            <dd className="tabular-nums">{value}</dd>
          </div>
        ))}
        <div className="flex justify-between gap-4 border-t border-zinc-200 pt-2 dark:border-zinc-800" data-testid="amount-payment">
          <dt className="font-medium">{t("payment")}</dt>
          <dd className="text-base font-semibold text-brand-700 tabular-nums dark:text-orange-300">{formatCny(amounts.paymentFen)}</dd>
        </div>
        {stepPaidFeeFen !== null ? (
          <div className="flex justify-between gap-4 text-xs">
            <dt className="text-zinc-600 dark:text-zinc-400">{t("stepPaid")}</dt>
            <dd className="tabular-nums">{formatCny(stepPaidFeeFen)}</dd>
          </div>
        ) : null}
      </dl>
      <p className="mt-3 text-xs text-zinc-600 dark:text-zinc-400">{t("formula")}</p>
      {!amounts.addsUp ? (
        <p role="note" className="mt-2 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          {t("mismatch", { computed: formatCny(amounts.computedFen), payment: formatCny(amounts.paymentFen) })}
        </p>
      ) : null}
    </Card>
  );
}
