import { MessageSquareText } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import type { OrderDetail } from "@/lib/orders/detail";

/**
 * The buyer (masked nick, open uid) and the buyer's message. The message is rendered as a text
 * node — React escapes it — so `<script>` or `<img onerror>` in it stays visible text.
 */
export async function BuyerCard({ d }: { d: OrderDetail }) {
  const t = await getTranslations("orderDetail.buyer");
  const pending = d.hasBuyerMessage && d.buyerMessage === null;
  return (
    <Card id="order-buyer" title={t("title")} testId="order-buyer">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
        <dt className="text-zinc-600 dark:text-zinc-400">{t("nick")}</dt>
        <dd className="min-w-0 break-words" data-testid="buyer-nick">
          {d.buyerNick ?? "—"}
        </dd>
        <dt className="text-zinc-600 dark:text-zinc-400">{t("openUid")}</dt>
        <dd className="min-w-0 font-mono text-xs break-all" data-testid="buyer-open-uid">
          {d.buyerOpenUid ?? "—"}
        </dd>
      </dl>
      <div className="mt-4">
        <h3 className="flex items-center gap-1.5 text-xs font-medium text-zinc-700 dark:text-zinc-300">
          <MessageSquareText aria-hidden className="size-3.5" />
          {t("message")}
        </h3>
        {d.buyerMessage ? (
          <p data-testid="buyer-message" className="mt-1 rounded-md bg-amber-50 px-3 py-2 text-sm whitespace-pre-wrap break-words text-amber-950 dark:bg-amber-950/60 dark:text-amber-50">
            {d.buyerMessage}
          </p>
        ) : (
          <p data-testid="buyer-message-empty" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {pending ? t("messagePending") : t("noMessage")}
          </p>
        )}
        {d.buyerMemo ? (
          <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
            {t("buyerMemo")}：<span className="whitespace-pre-wrap break-words">{d.buyerMemo}</span>
          </p>
        ) : null}
      </div>
    </Card>
  );
}
