import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { groupOfStatus, isTradeStatus } from "@/lib/orders/status";
import type { TradeStatusGroup } from "@/lib/top/types";

const GROUP_TONE: Record<TradeStatusGroup, BadgeTone> = {
  waitPay: "warning",
  waitShip: "brand",
  shipped: "info",
  finished: "success",
  closed: "neutral",
};

/** A trade's or line's status as the seller centre words it, coloured by its group. */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const t = useTranslations("trade.status");
  const group = groupOfStatus(status);
  return (
    <Badge tone={group ? GROUP_TONE[group] : "neutral"} testId={testId}>
      {isTradeStatus(status) ? t(status) : t("unknown", { code: status })}
    </Badge>
  );
}
