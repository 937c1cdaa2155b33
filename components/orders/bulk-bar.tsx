"use client";
/**
 * What can be done with the selected rows: set a flag, append a memo (roles with orders.memo), export them (orders.export).
 * With the whole page selected and more orders matching, it offers every order the filter matches
 * ("已选择本页 20 笔 · 选择全部 1,234 笔符合条件的订单"): the server counts them first (against the
 * flag/memo cap and the export row cap) and resolves the set from the filter itself when it runs.
 */
import { Download, Flag, NotebookPen, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import dynamic from "next/dynamic";
import type { MatchCounts } from "@/lib/orders/bulk-all";
import { countMatchingAction } from "@/lib/orders/view-actions";
import { ExportDialog } from "./export-button";

// Loaded when first opened: most visits never open it, and it brings Radix's dialog with it.
const BulkMemoDialog = dynamic(() => import("./bulk-memo-dialog").then((m) => m.BulkMemoDialog), { ssr: false });

/** The list's view behind the page: its query and how many orders it matches (at least `total` when `atLeast`). */
export interface BulkMatching {
  query: string;
  total: number;
  atLeast: boolean;
}

export function BulkBar({ selected, onClear, canExport, exportQuery, memo, pageRows = selected.length, matching }: { selected: string[]; onClear: () => void; canExport: boolean; exportQuery: string; memo: boolean; pageRows?: number; matching?: BulkMatching }) {
  const t = useTranslations("orders.bulk");
  const ta = useTranslations("orderViews.bulkAll");
  const [exporting, setExporting] = useState(false);
  const [editing, setEditing] = useState<"flag" | "memo" | null>(null);
  const [all, setAll] = useState<MatchCounts | null>(null);
  const [counting, startCounting] = useTransition();
  const wholePage = pageRows > 0 && selected.length === pageRows;
  const moreMatch = matching !== undefined && (matching.atLeast || matching.total > pageRows);
  const allOn = all !== null && wholePage;
  // Unticking a row (or clearing) leaves "all matching" (adjusted while rendering, not in an effect).
  const [wasWholePage, setWasWholePage] = useState(wholePage);
  if (wasWholePage !== wholePage) {
    setWasWholePage(wholePage);
    if (!wholePage) setAll(null);
  }
  if (selected.length === 0) return null;

  const selectAll = () =>
    startCounting(async () => {
      if (!matching) return;
      const r = await countMatchingAction({ query: matching.query });
      if (!r.ok) return void toast.error(r.error.message);
      setAll(r.data);
    });

  const label = allOn ? (all.export.over ? ta("allSelectedOver", { total: all.export.limit }) : ta("allSelected", { total: all.export.total })) : wholePage && moreMatch ? ta("pageSelected", { count: selected.length }) : t("selected", { count: selected.length });
  return (
    <div role="region" aria-label={label} data-testid="bulk-bar" data-scope={allOn ? "all" : "page"} className="sticky top-0 z-10 mb-2 flex flex-wrap items-center gap-2 rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm dark:border-brand-500/30 dark:bg-zinc-900">
      <span className="font-medium" data-testid="bulk-count" aria-live="polite">
        {label}
      </span>
      {wholePage && moreMatch && !allOn ? (
        <>
          <span aria-hidden>·</span>
          <button type="button" onClick={selectAll} disabled={counting} data-testid="bulk-select-all" className="font-medium text-brand-700 underline-offset-2 hover:underline disabled:opacity-60 dark:text-orange-300">
            {counting ? ta("counting") : matching.atLeast ? ta("selectAllAtLeast", { total: matching.total }) : ta("selectAll", { total: matching.total })}
          </button>
        </>
      ) : null}
      {allOn ? (
        <button type="button" onClick={() => setAll(null)} data-testid="bulk-page-only" className="text-brand-700 underline-offset-2 hover:underline dark:text-orange-300">
          {ta("pageOnly")}
        </button>
      ) : null}
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
          {allOn ? ta("exportAll") : t("exportSelected")}
        </Button>
      ) : null}
      <Button size="sm" variant="ghost" onClick={onClear}>
        <X aria-hidden className="size-3.5" />
        {t("clear")}
      </Button>
      {editing ? <BulkMemoDialog mode={editing} tids={selected} all={allOn && matching ? { query: matching.query, total: all.memo.total, over: all.memo.over, max: all.memo.limit } : undefined} onClose={() => setEditing(null)} /> : null}
      {exporting ? allOn ? <ExportDialog open onOpenChange={setExporting} query={exportQuery} total={all.export.over ? all.export.limit : all.export.total} atLeast={all.export.over} /> : <ExportDialog open onOpenChange={setExporting} query={exportQuery} total={selected.length} ids={selected} /> : null}
    </div>
  );
}
