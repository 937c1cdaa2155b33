"use client";
/** What can be done with the selected rows: set a flag, append a memo (roles with orders.memo), export them (orders.export). */
import { Download, Flag, NotebookPen, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import dynamic from "next/dynamic";
import { ExportDialog } from "./export-button";

// Loaded when first opened: most visits never open it, and it brings Radix's dialog with it.
const BulkMemoDialog = dynamic(() => import("./bulk-memo-dialog").then((m) => m.BulkMemoDialog), { ssr: false });

export function BulkBar({ selected, onClear, canExport, exportQuery, memo }: { selected: string[]; onClear: () => void; canExport: boolean; exportQuery: string; memo: boolean }) {
  const t = useTranslations("orders.bulk");
  const [exporting, setExporting] = useState(false);
  const [editing, setEditing] = useState<"flag" | "memo" | null>(null);
  if (selected.length === 0) return null;
  return (
    <div role="region" aria-label={t("selected", { count: selected.length })} data-testid="bulk-bar" className="sticky top-0 z-10 mb-2 flex flex-wrap items-center gap-2 rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm dark:border-brand-500/30 dark:bg-zinc-900">
      <span className="font-medium" data-testid="bulk-count">
        {t("selected", { count: selected.length })}
      </span>
      {memo ? (
        <>
          <Button size="sm" onClick={() => setEditing("flag")} data-testid="bulk-flag">
            <Flag aria-hidden className="size-3.5" />
            {t("flag")}
          </Button>
          <Button size="sm" onClick={() => setEditing("memo")} data-testid="bulk-memo-open">
            <NotebookPen aria-hidden className="size-3.5" />
            {t("memo")}
          </Button>
        </>
      ) : null}
      {canExport ? (
        <Button size="sm" onClick={() => setExporting(true)} data-testid="bulk-export">
          <Download aria-hidden className="size-3.5" />
          {t("exportSelected")}
        </Button>
      ) : null}
      <Button size="sm" variant="ghost" onClick={onClear}>
        <X aria-hidden className="size-3.5" />
        {t("clear")}
      </Button>
      {editing ? <BulkMemoDialog mode={editing} tids={selected} onClose={() => setEditing(null)} /> : null}
      {exporting ? <ExportDialog open onOpenChange={setExporting} query={exportQuery} total={selected.length} ids={selected} /> : null}
    </div>
  );
}
