"use client";
/**
 * The rows of one page. A table-like grid on wide screens, cards on a phone; in the compact
 * density (components/orders/density.tsx) each order is two short lines (its first item only).
 * Selection with checkboxes (shift-click selects a range, the header box the whole page) drives
 * the bulk bar. Keyboard: j / k move the highlighted row, Enter opens it (the search box owns / and Esc).
 */
import { clsx } from "clsx";
import { MessageSquareText } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { Badge } from "@/components/ui/badge";
import { FlagIcon } from "@/components/orders/flag-icon";
import { StatusBadge } from "@/components/orders/status-badge";
import { formatCny } from "@/lib/money";
import type { OrderRow } from "@/lib/orders/list";
import { formatShanghai } from "@/lib/time";
import { BulkBar, type BulkMatching } from "./bulk-bar";
import { useDensity } from "./density";
import { OrderThumb } from "./order-thumb";

const OPEN_REFUNDS = new Set(["WAIT_SELLER_AGREE", "WAIT_BUYER_RETURN_GOODS", "WAIT_SELLER_CONFIRM_GOODS"]);
const MAX_LINES = 3;

function RefundBadge({ status }: { status: string }) {
  const t = useTranslations("trade.refundShort");
  if (status === "NO_REFUND") return null;
  if (OPEN_REFUNDS.has(status)) return <Badge tone="danger">{t("open")}</Badge>;
  if (status === "SUCCESS" || status === "CLOSED" || status === "SELLER_REFUSE_BUYER") return <Badge tone="neutral">{t(status)}</Badge>;
  return null;
}

const COLS = "md:grid md:grid-cols-[1.5rem_12.5rem_minmax(0,1fr)_6.5rem_12.5rem_minmax(5rem,9rem)] md:items-start md:gap-3";

/**
 * The buyer's message, one line; the whole text shows on hover or keyboard focus (and is read
 * whole by screen readers: the line only clips it). Before the trade's detail is cached only
 * that there is one is known: the icon says so.
 */
function BuyerMessage({ text, align = "left" }: { text: string | null; align?: "left" | "right" }) {
  const t = useTranslations("orders.table");
  if (text === null || text.trim() === "") {
    return (
      <span role="img" aria-label={t("message")} title={t("message")} data-testid="order-message" className="ml-1.5 inline-flex align-middle text-sky-700 dark:text-sky-400">
        <MessageSquareText aria-hidden className="size-3.5" />
      </span>
    );
  }
  return (
    <span className="group relative mt-1 flex min-w-0 items-center gap-1 text-xs text-sky-800 dark:text-sky-300">
      <MessageSquareText aria-hidden className="size-3.5 shrink-0" />
      <span tabIndex={0} data-testid="order-message" data-message={text} className="min-w-0 truncate rounded focus-visible:outline-2 focus-visible:outline-brand-500">
        <span className="sr-only">{t("messageLabel")} </span>
        {text}
      </span>
      <span
        aria-hidden
        data-testid="order-message-full"
        className={clsx(
          "pointer-events-none absolute top-full z-20 mt-1 hidden w-max max-w-[min(24rem,80vw)] rounded-md bg-zinc-900 px-2 py-1 text-xs whitespace-pre-wrap text-white shadow-lg group-focus-within:block group-hover:block dark:bg-zinc-100 dark:text-zinc-900",
          align === "right" ? "right-0" : "left-0",
        )}
      >
        {text}
      </span>
    </span>
  );
}

export function OrdersTable({ rows, canExport, exportQuery, bulkMemo, matching }: { rows: OrderRow[]; canExport: boolean; exportQuery: string; bulkMemo: boolean; matching?: BulkMatching }) {
  const t = useTranslations("orders.table");
  const compact = useDensity() === "compact";
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [cursor, setCursor] = useState<number>(-1);
  const anchor = useRef<number | null>(null);
  const list = useRef<HTMLUListElement>(null);

  const toggle = (index: number, shift: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      const tid = rows[index]!.tid;
      const on = !prev.has(tid);
      if (shift && anchor.current !== null) {
        const [a, b] = [Math.min(anchor.current, index), Math.max(anchor.current, index)];
        for (let i = a; i <= b; i++) {
          if (on) next.add(rows[i]!.tid);
          else next.delete(rows[i]!.tid);
        }
      } else if (on) next.add(tid);
      else next.delete(tid);
      anchor.current = index;
      return next;
    });
  };
  const allOn = rows.length > 0 && rows.every((r) => selected.has(r.tid));

  const move = useCallback(
    (to: number) => {
      const i = Math.max(0, Math.min(rows.length - 1, to));
      setCursor(i);
      const el = list.current?.querySelector<HTMLElement>(`[data-row-index="${i}"] a[data-row-link]`);
      el?.focus({ preventScroll: true });
      el?.closest("li")?.scrollIntoView({ block: "nearest" });
    },
    [rows.length],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable)) return;
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === "j") {
        e.preventDefault();
        move(cursor + 1);
      } else if (e.key === "k") {
        e.preventDefault();
        move(cursor < 0 ? 0 : cursor - 1);
      } else if (e.key === "Enter" && cursor >= 0 && el?.tagName !== "A" && el?.tagName !== "BUTTON") {
        e.preventDefault();
        router.push(`/orders/${rows[cursor]!.tid}`);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [cursor, move, router, rows]);

  return (
    <div>
      <BulkBar selected={[...selected]} onClear={() => setSelected(new Set())} canExport={canExport} exportQuery={exportQuery} memo={bulkMemo} pageRows={rows.length} matching={matching} />
      <div className={clsx("hidden border-b border-zinc-200 px-3 pb-2 text-xs font-medium text-zinc-500 dark:border-zinc-800 dark:text-zinc-400", COLS)}>
        <input
          type="checkbox"
          aria-label={t("selectPage")}
          data-testid="select-page"
          checked={allOn}
          onChange={() => setSelected(allOn ? new Set() : new Set(rows.map((r) => r.tid)))}
          className="mt-0.5 size-4 accent-brand-600"
        />
        <span>{t("order")}</span>
        <span>{t("items")}</span>
        <span className="text-right">{t("payment")}</span>
        <span>{t("status")}</span>
        <span>{t("memo")}</span>
      </div>
      <ul ref={list} aria-label={t("label")} data-testid="orders-rows" className={clsx(compact ? "space-y-1.5" : "space-y-2", "md:space-y-0 md:divide-y md:divide-zinc-200 dark:md:divide-zinc-800")} data-compact={compact || undefined}>
        {rows.map((r, i) => {
          const shown = r.lines.slice(0, compact ? 1 : MAX_LINES);
          const active = i === cursor;
          const isSelected = selected.has(r.tid);
          return (
            <li
              key={r.tid}
              data-row-index={i}
              data-testid="order-row"
              data-tid={r.tid}
              data-selected={isSelected || undefined}
              className={clsx(
                "relative rounded-lg border border-zinc-200 bg-white md:rounded-none md:border-0 md:bg-transparent md:px-3 dark:border-zinc-800 dark:bg-zinc-900 md:dark:bg-transparent",
                compact ? "p-2 md:py-1.5" : "p-3 md:py-2.5",
                COLS,
                active && "ring-2 ring-brand-500 ring-inset",
                isSelected && "bg-brand-50/60 md:bg-brand-50/60 dark:bg-brand-500/10 md:dark:bg-brand-500/10",
              )}
            >
              <div className="absolute top-3 right-3 md:static">
                <input
                  type="checkbox"
                  aria-label={t("select", { tid: r.tid })}
                  data-testid="select-row"
                  checked={isSelected}
                  onChange={() => undefined}
                  onClick={(e) => toggle(i, e.shiftKey)}
                  className="mt-0.5 size-4 accent-brand-600"
                />
              </div>
              <div className="min-w-0 pr-8 md:pr-0">
                <div className="flex items-center gap-1">
                  <Link
                    href={`/orders/${r.tid}`}
                    data-row-link
                    data-testid="order-link"
                    aria-label={t("open", { tid: r.tid })}
                    onFocus={() => setCursor(i)}
                    className="font-mono text-sm font-medium text-brand-700 hover:underline dark:text-orange-300"
                  >
                    {r.tid}
                  </Link>
                  <CopyButton value={r.tid} label={t("copy")} copiedLabel={t("copied")} />
                </div>
                <p className={clsx("mt-0.5 text-xs text-zinc-600 dark:text-zinc-400", compact && "truncate")}>
                  <span className="sr-only">{t("created")} </span>
                  <time dateTime={new Date(r.created).toISOString()} data-testid="order-created">
                    {formatShanghai(new Date(r.created), "minute")}
                  </time>
                  {compact ? (
                    <>
                      <span aria-hidden> · </span>
                      <span className="sr-only">{t("buyer")} </span>
                      <span className="text-zinc-700 dark:text-zinc-300">{r.buyerNick ?? "—"}</span>
                    </>
                  ) : null}
                </p>
                {compact ? null : (
                  <p className="mt-0.5 truncate text-xs text-zinc-700 dark:text-zinc-300">
                    <span className="sr-only">{t("buyer")} </span>
                    {r.buyerNick ?? "—"}
                    {r.hasBuyerMessage && !r.buyerMessage ? <BuyerMessage text={null} /> : null}
                  </p>
                )}
              </div>
              <div className={clsx("min-w-0 md:mt-0", compact ? "mt-1" : "mt-2")}>
                <ul className={compact ? "min-w-0" : "min-w-0 space-y-2"}>
                  {shown.map((l) => (
                    <li key={l.oid} className={clsx("flex min-w-0", compact ? "items-center gap-1.5" : "gap-2")}>
                      <OrderThumb src={l.picPath} size={compact ? "sm" : "md"} />
                      {compact ? (
                        <p className="flex min-w-0 flex-1 items-center gap-2 text-sm">
                          <span className="truncate">{l.title}</span>
                          <span className="shrink-0 text-xs text-zinc-600 tabular-nums dark:text-zinc-400">{t("quantity", { num: l.num })}</span>
                          <RefundBadge status={l.refundStatus} />
                          {r.lines.length > 1 ? <span className="shrink-0 text-xs whitespace-nowrap text-zinc-600 dark:text-zinc-400">{t("moreLines", { count: r.lines.length - 1 })}</span> : null}
                        </p>
                      ) : (
                        <div className="min-w-0 flex-1">
                          <p className="line-clamp-2 text-sm leading-snug">{l.title}</p>
                          <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
                            {l.skuPropertiesName ? <span className="truncate">{l.skuPropertiesName}</span> : null}
                            <span className="tabular-nums">{t("quantity", { num: l.num })}</span>
                            <RefundBadge status={l.refundStatus} />
                          </p>
                        </div>
                      )}
                    </li>
                  ))}
                  {!compact && r.lines.length > MAX_LINES ? <li className="text-xs text-zinc-600 dark:text-zinc-400">{t("moreLines", { count: r.lines.length - MAX_LINES })}</li> : null}
                </ul>
                {!compact && r.buyerMessage && r.buyerMessage.trim() !== "" ? <BuyerMessage text={r.buyerMessage} /> : null}
              </div>
              <div className="mt-2 flex items-baseline justify-between gap-2 md:mt-0 md:block md:text-right">
                <span className="sr-only md:hidden">{t("payment")}</span>
                <p className="font-medium tabular-nums" data-testid="order-payment">
                  {formatCny(r.paymentFen)}
                </p>
                <p className="text-xs whitespace-nowrap text-zinc-500 dark:text-zinc-400">{r.postFeeFen > 0 ? t("postFee", { fee: formatCny(r.postFeeFen) }) : t("noPostFee")}</p>
              </div>
              <div className="mt-2 md:mt-0">
                <StatusBadge status={r.status} testId="order-status" />
              </div>
              <div className="mt-2 min-w-0 md:mt-0">
                <div className="flex min-w-0 items-start gap-1.5">
                  <FlagIcon flag={r.sellerFlag} testId="order-flag" className="mt-0.5" />
                  {r.sellerMemo ? (
                    <p className={clsx("text-xs text-zinc-700 dark:text-zinc-300", compact ? "line-clamp-1" : "line-clamp-2")} data-testid="order-memo" title={r.sellerMemo}>
                      {r.sellerMemo}
                    </p>
                  ) : null}
                </div>
                {/* Compact: the message shares the notes column, so the row stays two lines. */}
                {compact && r.hasBuyerMessage ? <BuyerMessage text={r.buyerMessage} align="right" /> : null}
              </div>
            </li>
          );
        })}
      </ul>
      <p className="mt-2 hidden text-xs text-zinc-500 md:block dark:text-zinc-400">{t("keyboard")}</p>
    </div>
  );
}
