import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { StatusBadge } from "@/components/orders/status-badge";
import type { OrderLine } from "@/lib/orders/detail";
import { hasOpenRefund } from "@/lib/orders/detail-view";
import { formatCny } from "@/lib/money";
import { LineThumb } from "./line-thumb";

const REFUND_SHORT = new Set(["SUCCESS", "CLOSED", "SELLER_REFUSE_BUYER"]);

async function RefundBadge({ status }: { status: string }) {
  const t = await getTranslations("trade");
  if (status === "NO_REFUND") return null;
  const open = hasOpenRefund(status);
  const label = open ? t("refundShort.open") : REFUND_SHORT.has(status) ? t(`refundShort.${status as "SUCCESS"}`) : t("refund.unknown", { code: status });
  const full = t.has(`refund.${status}` as never) ? t(`refund.${status}` as never) : label;
  return (
    <Badge tone={open ? "warning" : status === "SUCCESS" ? "danger" : "neutral"} testId="line-refund">
      <span title={full}>{label}</span>
      <span className="sr-only">：{full}</span>
    </Badge>
  );
}

/** The trade's lines: picture, title, SKU, price × quantity, what was paid, per-line status and refund. */
export async function ItemsCard({ lines }: { lines: OrderLine[] }) {
  const t = await getTranslations("orderDetail.items");
  const items = lines.reduce((s, l) => s + l.num, 0);
  return (
    <Card id="order-items" title={t("title")} actions={<span className="text-xs text-zinc-600 dark:text-zinc-400">{t("count", { lines: lines.length, items })}</span>} testId="order-items">
      <ul className="-my-3 divide-y divide-zinc-200 dark:divide-zinc-800">
        {lines.map((l) => (
          <li key={l.oid} className="flex gap-3 py-3" data-testid={`line-${l.oid}`}>
            <LineThumb src={l.picPath} />
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-start justify-between gap-x-3 gap-y-1">
                <p className="min-w-0 text-sm font-medium break-words">{l.title}</p>
                <p className="text-sm font-semibold tabular-nums">{formatCny(l.paymentFen)}</p>
              </div>
              {l.skuPropertiesName ? <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">{l.skuPropertiesName}</p> : null}
              <p className="mt-1 text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
                {formatCny(l.priceFen)} × {l.num}
                {l.discountFeeFen ? <span className="ml-2">{t("promo", { amount: `−${formatCny(l.discountFeeFen)}` })}</span> : null}
                {l.adjustFeeFen ? <span className="ml-2">{t("adjust", { amount: `${l.adjustFeeFen > 0 ? "+" : "−"}${formatCny(Math.abs(l.adjustFeeFen))}` })}</span> : null}
                {l.outerSkuId || l.outerIid ? (
                  <span className="ml-2">
                    {t("outerId")} {l.outerSkuId ?? l.outerIid}
                  </span>
                ) : null}
              </p>
              <div className="mt-1.5 flex flex-wrap items-center gap-1.5">
                <StatusBadge status={l.status} testId="line-status" />
                <RefundBadge status={l.refundStatus} />
                {l.invoiceNo ? (
                  <span className="text-xs text-zinc-600 dark:text-zinc-400">
                    {t("waybill")} {l.logisticsCompany} <span className="font-mono">{l.invoiceNo}</span>
                  </span>
                ) : null}
              </div>
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
