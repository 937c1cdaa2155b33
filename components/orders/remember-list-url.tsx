"use client";
/** Remembers the list view on every change of its URL (see lib/orders/last-list.ts). */
import { useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { rememberListUrl } from "@/lib/orders/last-list";

export function RememberListUrl() {
  const search = useSearchParams().toString();
  useEffect(() => rememberListUrl(search), [search]);
  return null;
}
