"use client";
/** What can be done with the selected rows: export them (and, with the memo action, flag / append a memo). */
import { Download, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ExportDialog } from "./export-dialog";

export function BulkBar({ selected, onClear, canExport, exportQuery }: { selected: string[]; onClear: () => void; canExport: boolean; exportQuery: string; memo: boolean }) {
  const t = useTranslations("orders.bulk");
  const [exporting, setExporting] = useState(false);
  if (selected.length === 0) return null;
  return (
    <div role="region" aria-label={t("selected", { count: selected.length })} data-testid="bulk-bar" className="sticky top-0 z-10 mb-2 flex flex-wrap items-center gap-2 rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm dark:border-brand-500/30 dark:bg-zinc-900">
      <span className="font-medium" data-testid="bulk-count">
        {t("selected", { count: selected.length })}
      </span>
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
      {exporting ? <ExportDialog open onOpenChange={setExporting} query={exportQuery} total={selected.length} ids={selected} /> : null}
    </div>
  );
}
