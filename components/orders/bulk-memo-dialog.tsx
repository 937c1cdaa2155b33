"use client";
/**
 * Set a flag or append a memo on the selected trades: sent in chunks (BULK_CHUNK per call) so the
 * progress bar moves, with each row's own result (ok, or the translated reason) listed below.
 */
import { Check, Loader2, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { FlagIcon } from "@/components/orders/flag-icon";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Textarea } from "@/components/ui/field";
import { bulkMemoAction, type BulkRowView } from "@/lib/orders/actions";
import { bulkMemoAllAction } from "@/lib/orders/view-actions";
import { memoTextSchema } from "@/lib/orders/detail-input";
import { SELLER_FLAGS } from "@/lib/top/types";
import { useSettledAction } from "@/components/use-mutation-error";

const CHUNK = 5;

/** Every order the list's filter matches (resolved by the server from `query`), counted against the cap before the run. */
export interface BulkAllTarget {
  query: string;
  total: number;
  over: boolean;
  max: number;
}

export function BulkMemoDialog({ mode, tids, all, onClose }: { mode: "flag" | "memo"; tids: string[]; all?: BulkAllTarget; onClose: () => void }) {
  const t = useTranslations("orders.bulk");
  const ta = useTranslations("orderViews.bulkAll");
  const tf = useTranslations("trade.flag");
  const tx = useTranslations("orders.export");
  const te = useTranslations("orderDetail.errors");
  const router = useRouter();
  const settled = useSettledAction();
  const [flag, setFlag] = useState<number>(1);
  const [memo, setMemo] = useState("");
  const [results, setResults] = useState<BulkRowView[]>([]);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const done = results.length;
  const [runTotal, setRunTotal] = useState<number | null>(null);
  const total = all ? (runTotal ?? all.total) : tids.length;

  const run = async () => {
    // The server checks again; this says why at once (too long, markup, a broken character).
    const check = mode === "memo" ? memoTextSchema.safeParse(memo) : null;
    if (check && !check.success) {
      setError(te(check.error.issues[0]!.message as "memoTooLong"));
      return;
    }
    setRunning(true);
    setError(null);
    setResults([]);
    const rows: BulkRowView[] = [];
    if (all) {
      // The server walks the filter's set chunk by chunk; `after` is where the last chunk stopped.
      let after: { created: number; tid: string } | null = null;
      do {
        const r: Awaited<ReturnType<typeof bulkMemoAllAction>> = await settled(bulkMemoAllAction(mode === "flag" ? { query: all.query, after, flag } : { query: all.query, after, memo }));
        if (!r.ok) {
          setError(r.error.message);
          break;
        }
        rows.push(...r.data.rows);
        // The stated count stays the total (a flag run over a flag filter shrinks the set it walks); more only if more matched.
        setRunTotal(Math.max(all.total, rows.length));
        setResults([...rows]);
        after = r.data.next;
      } while (after);
    } else
      for (let i = 0; i < tids.length; i += CHUNK) {
        const chunk = tids.slice(i, i + CHUNK);
        const r = await settled(bulkMemoAction(mode === "flag" ? { tids: chunk, flag } : { tids: chunk, memo }));
        if (!r.ok) {
          setError(r.error.message);
          break;
        }
        rows.push(...r.data);
        setResults([...rows]);
      }
    setRunning(false);
    router.refresh();
  };

  const ok = results.filter((r) => r.ok).length;
  return (
    <Dialog
      open
      onOpenChange={(o) => (!o && !running ? onClose() : undefined)}
      title={mode === "flag" ? t("flag") : t("memo")}
      description={all ? (all.over ? ta("allSelectedOver", { total: all.max }) : ta(mode === "flag" ? "confirmFlag" : "confirmMemo", { total: all.total })) : t("selected", { count: tids.length })}
      closeLabel={tx("close")}
      testId="bulk-dialog"
      footer={
        <>
          <Button onClick={onClose} disabled={running}>
            {tx("close")}
          </Button>
          <Button variant="primary" onClick={() => void run()} disabled={running || (mode === "memo" && memo.trim() === "") || (all?.over ?? false)} data-testid="bulk-apply">
            {running ? <Loader2 aria-hidden className="size-4 animate-spin" /> : null}
            {all ? ta("apply", { total: all.total }) : t("apply", { count: tids.length })}
          </Button>
        </>
      }
    >
      {all ? (
        all.over ? (
          <p role="alert" className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100" data-testid="bulk-all-too-many">
            {ta("tooMany", { max: all.max })}
          </p>
        ) : (
          <p className="mb-3 text-xs text-zinc-600 dark:text-zinc-400" data-testid="bulk-all-cap">
            {ta("cap", { max: all.max })}
          </p>
        )
      ) : null}
      {mode === "flag" ? (
        <fieldset disabled={running} className="flex flex-wrap gap-2">
          <legend className="sr-only">{t("flag")}</legend>
          {SELLER_FLAGS.map((f) => (
            <label key={f} className="flex cursor-pointer items-center gap-1.5 rounded-md border border-zinc-300 px-2 py-1.5 text-sm has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50 dark:border-zinc-700 dark:has-[:checked]:bg-brand-500/15">
              <input type="radio" name="bulk-flag" value={f} checked={flag === f} onChange={() => setFlag(f)} className="sr-only" data-testid={`bulk-flag-${f}`} />
              <FlagIcon flag={f} />
              {tf(String(f) as "0")}
            </label>
          ))}
        </fieldset>
      ) : (
        <>
          <label htmlFor="bulk-memo" className="sr-only">
            {t("memo")}
          </label>
          <Textarea id="bulk-memo" data-testid="bulk-memo" rows={3} maxLength={500} value={memo} placeholder={t("memoPlaceholder")} disabled={running} onChange={(e) => setMemo(e.target.value)} />
        </>
      )}
      {running || results.length > 0 || error ? (
        <div className="mt-4 space-y-2" role="status" aria-live="polite" data-testid="bulk-progress">
          <div className="h-2 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800">
            <div className="h-full bg-brand-500 transition-[width]" style={{ width: `${total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 100}%` }} />
          </div>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            {t("progress", { done, total })}
            {!running && results.length > 0 ? ` · ${t("summary", { ok, failed: results.length - ok })}` : ""}
          </p>
          {error ? <p className="text-sm text-red-700 dark:text-red-400">{error}</p> : null}
          {results.length > 0 ? (
            <ul aria-label={t("results")} className="max-h-48 space-y-1 overflow-y-auto text-xs" data-testid="bulk-results">
              {results.map((r) => (
                <li key={r.tid} data-tid={r.tid} data-ok={r.ok} className="flex items-start gap-2">
                  {r.ok ? <Check aria-hidden className="size-3.5 shrink-0 text-emerald-600" /> : <X aria-hidden className="size-3.5 shrink-0 text-red-600" />}
                  <span className="font-mono">{r.tid}</span>
                  <span className={r.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}>{r.ok ? t("ok") : r.message}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </Dialog>
  );
}
