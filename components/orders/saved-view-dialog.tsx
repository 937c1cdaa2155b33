"use client";
/** The saved view's form: name and sharing for a new view (保存为视图 / 另存为); rename, share, update or delete for the open one. */
import { Loader2, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useId, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { createViewAction, deleteViewAction, updateViewAction } from "@/lib/orders/view-actions";
import { VIEW_NAME_MAX, viewHref } from "@/lib/orders/view-query";
import type { SavedViewItem } from "@/lib/orders/views";
import type { SavedViewDialogMode } from "./saved-view-actions";

export function SavedViewDialog({ mode, view, modified, current, canShare, onClose }: { mode: SavedViewDialogMode; view: SavedViewItem | null; modified: boolean; current: string; canShare: boolean; onClose: () => void }) {
  const t = useTranslations("orderViews");
  const router = useRouter();
  const id = useId();
  const editing = mode === "edit" && view !== null;
  const [name, setName] = useState(editing ? view.name : "");
  const [shared, setShared] = useState(editing ? view.shared : false);
  const [updateQuery, setUpdateQuery] = useState(modified);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, start] = useTransition();
  const tooLong = [...name.trim()].length > VIEW_NAME_MAX;

  const submit = () =>
    start(async () => {
      setError(null);
      if (editing) {
        const r = await updateViewAction({ id: view.id, name, ...(canShare ? { shared } : {}), ...(updateQuery ? { query: current } : {}) });
        if (!r.ok) return setError(r.error.message);
        toast.success(t("toast.updated", { name: r.data.name }));
        onClose();
        // Updated to the current filters: the URL already shows them; otherwise the view's own URL.
        router.push(updateQuery ? viewHref({ id: r.data.id, query: current }) : viewHref(r.data));
        router.refresh();
        return;
      }
      const r = await createViewAction({ name, query: current, shared: canShare && shared });
      if (!r.ok) return setError(r.error.message);
      toast.success(t("toast.created", { name: r.data.name }));
      onClose();
      router.push(viewHref(r.data));
    });

  const remove = () =>
    start(async () => {
      if (!view) return;
      const r = await deleteViewAction({ id: view.id });
      if (!r.ok) return setError(r.error.message);
      toast.success(t("toast.deleted", { name: view.name }));
      onClose();
      router.push(`/orders${current ? `?${current}` : ""}`);
    });

  const title = editing ? t("dialog.editTitle", { name: view.name }) : mode === "saveAs" ? t("dialog.saveAsTitle") : t("dialog.createTitle");
  return (
    <Dialog
      open
      onOpenChange={(o) => (!o && !busy ? onClose() : undefined)}
      title={title}
      description={editing ? undefined : t("dialog.createDescription")}
      closeLabel={t("dialog.close")}
      testId="view-dialog"
      footer={
        confirmDelete ? (
          <>
            <Button onClick={() => setConfirmDelete(false)} disabled={busy}>
              {t("dialog.cancel")}
            </Button>
            <Button variant="danger" onClick={remove} disabled={busy} data-testid="view-delete-confirm">
              {busy ? <Loader2 aria-hidden className="size-4 animate-spin" /> : <Trash2 aria-hidden className="size-4" />}
              {t("dialog.deleteConfirm")}
            </Button>
          </>
        ) : (
          <>
            {editing ? (
              <Button variant="ghost" className="mr-auto text-red-700 dark:text-red-400" onClick={() => setConfirmDelete(true)} disabled={busy} data-testid="view-delete">
                <Trash2 aria-hidden className="size-4" />
                {t("dialog.delete")}
              </Button>
            ) : null}
            <Button onClick={onClose} disabled={busy}>
              {t("dialog.cancel")}
            </Button>
            <Button variant="primary" onClick={submit} disabled={busy || name.trim() === "" || tooLong} data-testid="view-submit">
              {busy ? <Loader2 aria-hidden className="size-4 animate-spin" /> : null}
              {editing ? t("dialog.saveChanges") : t("dialog.create")}
            </Button>
          </>
        )
      }
    >
      {confirmDelete && view ? (
        <p role="alert" className="text-sm text-zinc-800 dark:text-zinc-200" data-testid="view-delete-question">
          {t("dialog.confirmDelete", { name: view.name })}
        </p>
      ) : (
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy && name.trim() !== "" && !tooLong) submit();
          }}
        >
          <Field label={t("dialog.name")} htmlFor={`${id}-name`} hint={t("dialog.nameHint")} error={error ?? (tooLong ? t("errors.nameTooLong", { maxName: VIEW_NAME_MAX }) : undefined)}>
            <Input
              id={`${id}-name`}
              data-testid="view-name"
              value={name}
              autoFocus
              maxLength={VIEW_NAME_MAX * 2}
              aria-invalid={error || tooLong ? true : undefined}
              aria-describedby={error || tooLong ? `${id}-name-error` : `${id}-name-hint`}
              onChange={(e) => setName(e.target.value)}
              disabled={busy}
            />
          </Field>
          {canShare ? (
            <div>
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} disabled={busy} data-testid="view-shared" className="size-4 accent-brand-600" aria-describedby={`${id}-share-hint`} />
                {t("dialog.share")}
              </label>
              <p id={`${id}-share-hint`} className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                {t("dialog.shareHint")}
              </p>
            </div>
          ) : null}
          {editing && modified ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={updateQuery} onChange={(e) => setUpdateQuery(e.target.checked)} disabled={busy} data-testid="view-update-query" className="size-4 accent-brand-600" />
              {t("dialog.updateQuery")}
            </label>
          ) : null}
        </form>
      )}
    </Dialog>
  );
}
