"use client";
/**
 * What can be done with the saved views from the list: 保存为视图 (the current tab, filters and
 * sort), and for the open view 保存 (update it to the changed filters), 另存为, 编辑视图 (rename,
 * share / unshare, update, delete). The server decides who may do what (lib/orders/views.ts);
 * `editable` and `canShare` only hide what it would refuse.
 */
import { BookmarkPlus, Pencil, Save } from "lucide-react";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { updateViewAction } from "@/lib/orders/view-actions";
import type { SavedViewItem } from "@/lib/orders/views";

// Loaded when first opened (it brings Radix's dialog with it).
const SavedViewDialog = dynamic(() => import("./saved-view-dialog").then((m) => m.SavedViewDialog), { ssr: false });

export type SavedViewDialogMode = "create" | "saveAs" | "edit";

export function SavedViewActions({ active, modified, current, canShare }: { active: SavedViewItem | null; modified: boolean; current: string; canShare: boolean }) {
  const t = useTranslations("orderViews");
  const router = useRouter();
  const [mode, setMode] = useState<SavedViewDialogMode | null>(null);
  const [saving, startSaving] = useTransition();

  const save = () =>
    startSaving(async () => {
      if (!active) return;
      const r = await updateViewAction({ id: active.id, query: current });
      if (!r.ok) return void toast.error(r.error.message);
      toast.success(t("toast.updated", { name: r.data.name }));
      router.refresh();
    });

  return (
    <div className="flex flex-wrap items-center gap-1.5">
      {active && modified && active.editable ? (
        <Button size="sm" variant="primary" onClick={save} disabled={saving} data-testid="view-save">
          <Save aria-hidden className="size-3.5" />
          {t("save")}
        </Button>
      ) : null}
      {active && modified ? (
        <Button size="sm" onClick={() => setMode("saveAs")} data-testid="view-save-as">
          <BookmarkPlus aria-hidden className="size-3.5" />
          {t("saveAs")}
        </Button>
      ) : null}
      {active?.editable ? (
        <Button size="sm" variant="ghost" onClick={() => setMode("edit")} data-testid="view-edit">
          <Pencil aria-hidden className="size-3.5" />
          {t("edit")}
        </Button>
      ) : null}
      {!active && current !== "" ? (
        <Button size="sm" variant="ghost" onClick={() => setMode("create")} data-testid="view-create">
          <BookmarkPlus aria-hidden className="size-3.5" />
          {t("saveNew")}
        </Button>
      ) : null}
      {mode ? <SavedViewDialog mode={mode} view={active} modified={modified} current={current} canShare={canShare} onClose={() => setMode(null)} /> : null}
    </div>
  );
}
