"use client";
/** 返回订单列表: back to the list view the user came from (its filters), else /orders. */
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { useSyncExternalStore } from "react";
import { lastListHref } from "@/lib/orders/last-list";

// sessionStorage does not notify the tab that wrote it, and the list cannot change while this page shows.
const subscribe = () => () => undefined;

export function BackToList({ label }: { label: string }) {
  // The server renders plain /orders; the remembered view is only known in the browser.
  const href = useSyncExternalStore(subscribe, lastListHref, () => "/orders");
  return (
    <Link href={href} data-testid="back-to-list" className="inline-flex items-center gap-1 text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
      <ArrowLeft aria-hidden className="size-4" />
      {label}
    </Link>
  );
}
