"use client";
/** 导出: opens the export dialog, whose code (and Radix's) loads only when it is first opened. */
import { Download } from "lucide-react";
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export const ExportDialog = dynamic(() => import("./export-dialog").then((m) => m.ExportDialog), { ssr: false });

/** `atLeast`: the filter matches more than `total` (a capped count); the export still takes every match. */
export function ExportButton({ query, total, atLeast = false }: { query: string; total: number; atLeast?: boolean }) {
  const t = useTranslations("orders.export");
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="export-open">
        <Download aria-hidden className="size-4" />
        {t("button")}
      </Button>
      {open ? <ExportDialog open={open} onOpenChange={setOpen} query={query} total={total} atLeast={atLeast} /> : null}
    </>
  );
}
