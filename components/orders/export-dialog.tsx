"use client";
/**
 * Export everything the current filter matches (or the selected orders) as CSV or XLSX. The file
 * is streamed by /api/orders/export; this reads the stream to show progress (rows for CSV, counted
 * as they arrive, against the server's announced total; bytes for XLSX) and then saves it. Before
 * anything starts it states the shop's limits (rows per export, one export at a time, exports per
 * hour) and refuses a view it knows to be over the row cap, as the server would. XLSX is the Excel
 * choice (ids as text cells); the CSV writes ids as ="…" so Excel keeps their digits, and says so.
 * Receivers can be left out, exported masked, or — for roles that may reveal — in full, which counts
 * as reveals (three per order): the dialog states how many orders that allows and refuses more.
 * A failure (offline, no answer, a 5xx, a refusal) is shown in the dialog in the user's language.
 */
import { Download, Loader2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ActionFailure } from "@/components/orders/detail/action-call";
import { useMutationError } from "@/components/use-mutation-error";
import { responseErrorKind, withTimeout } from "@/lib/http/mutation-error";
import { exportLimitsAction, type ExportLimitsView } from "@/lib/orders/export-actions";

type Format = "csv" | "xlsx";
type Per = "line" | "trade";
type Receiver = "none" | "masked" | "full";

function fileName(res: Response, fallback: string): string {
  const cd = res.headers.get("Content-Disposition") ?? "";
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  return m ? decodeURIComponent(m[1]!) : fallback;
}

function formatBytes(n: number): string {
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function ExportDialog({ open, onOpenChange, query, total, atLeast = false, ids }: { open: boolean; onOpenChange: (o: boolean) => void; query: string; total: number; atLeast?: boolean; ids?: string[] }) {
  const t = useTranslations("orders.export");
  const tm = useTranslations("mutationErrors");
  const failure = useMutationError();
  const [format, setFormat] = useState<Format>("xlsx");
  const [per, setPer] = useState<Per>("line");
  const [receiver, setReceiver] = useState<Receiver>("none");
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ rows: number; total: number | null; bytes: number } | null>(null);
  const abort = useRef<AbortController | null>(null);
  const [limits, setLimits] = useState<ExportLimitsView | null>(null);
  useEffect(() => {
    let live = true;
    // Only informative: without it the dialog still exports (the server checks every limit).
    void exportLimitsAction({ shop: new URLSearchParams(query).get("shop") }).then(
      (r) => live && r.ok && setLimits(r.data),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [query]);
  // The view's count is exact unless `atLeast` (then it is the count cap, and the view holds more).
  const overCap = !ids && limits !== null && (atLeast ? total >= limits.maxRows : total > limits.maxRows);
  const maxRevealOrders = limits ? Math.floor(limits.revealPerHour / limits.revealsPerTrade) : 0;
  const orders = ids ? ids.length : total;
  const overReveal = receiver === "full" && limits !== null && (atLeast ? orders >= maxRevealOrders : orders > maxRevealOrders);

  const start = async () => {
    const ctl = new AbortController();
    abort.current = ctl;
    setProgress({ rows: 0, total: null, bytes: 0 });
    setError(null);
    try {
      const qs = new URLSearchParams(query);
      qs.set("format", format);
      qs.set("per", per);
      if (receiver !== "none") qs.set("receiver", receiver);
      if (ids) qs.set("ids", ids.join(","));
      // The answer must start in time; the file itself may then take as long as it takes.
      const res = await withTimeout(fetch(`/api/orders/export?${qs.toString()}`, { signal: ctl.signal })).catch((e: unknown) => {
        // No answer in time: stop the request too (the error below still names the timeout).
        if (typeof e === "object" && e !== null && (e as { name?: unknown }).name === "TimeoutError") ctl.abort();
        throw e;
      });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string; fields?: Record<string, string[]> } } | null;
        // Over the row cap (per line a view can hold more rows than orders) or the reveal allowance: the dialog's own words.
        if (body?.error?.fields?.rows && limits) throw new ActionFailure(t("tooMany", { max: limits.maxRows }), "invalidInput");
        if (body?.error?.fields?.receiver && limits) throw new ActionFailure(t("receiverTooMany", { max: maxRevealOrders }), "invalidInput");
        // The route's refusal is translated already; a 5xx page without JSON is the server's.
        if (body?.error?.message) throw new ActionFailure(body.error.message, "refused");
        throw new ActionFailure(tm(responseErrorKind(res.status) ?? "server"), "server");
      }
      const expected = Number(res.headers.get("X-Export-Rows") ?? "") || null;
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      let rows = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.byteLength;
        if (format === "csv") for (const b of value) if (b === 10) rows++;
        setProgress({ rows: format === "csv" ? Math.max(0, rows - 1) : 0, total: expected, bytes });
      }
      const blob = new Blob(chunks as BlobPart[], { type: res.headers.get("Content-Type") ?? "application/octet-stream" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = fileName(res, `orders.${format}`);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      toast.success(t("done", { rows: expected ?? rows - 1 }));
      onOpenChange(false);
    } catch (e) {
      // A cancelled download is no failure; a timeout aborts the request itself, after naming it.
      const timedOut = typeof e === "object" && e !== null && (e as { name?: unknown }).name === "TimeoutError";
      if (!ctl.signal.aborted || timedOut) setError(t("failed", { message: failure(e) }));
    } finally {
      abort.current = null;
      setProgress(null);
    }
  };

  const busy = progress !== null;
  const pct = progress?.total ? Math.min(100, Math.round((progress.rows / progress.total) * 100)) : null;
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) abort.current?.abort();
        onOpenChange(o);
      }}
      title={t("title")}
      description={ids ? t("selectedDescription", { count: ids.length }) : t(atLeast ? "descriptionAtLeast" : "description", { total })}
      closeLabel={t("close")}
      testId="export-dialog"
      footer={
        <>
          <Button onClick={() => (busy ? abort.current?.abort() : onOpenChange(false))}>{t("cancel")}</Button>
          <Button variant="primary" onClick={() => void start()} disabled={busy || overCap || overReveal} data-testid="export-start">
            {busy ? <Loader2 aria-hidden className="size-4 animate-spin" /> : <Download aria-hidden className="size-4" />}
            {t("start")}
          </Button>
        </>
      }
    >
      {limits ? (
        <p className="mb-3 text-xs text-zinc-600 dark:text-zinc-400" data-testid="export-limits">
          {t("limitsNote", { max: limits.maxRows, perHour: limits.perHour })}
        </p>
      ) : null}
      {overCap && limits ? (
        <p role="alert" className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100" data-testid="export-too-many">
          {t("tooMany", { max: limits.maxRows })}
        </p>
      ) : null}
      <fieldset className="space-y-2" disabled={busy}>
        <legend className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">{t("format")}</legend>
        {(["xlsx", "csv"] as const).map((f) => (
          <label key={f} className="flex items-center gap-2 text-sm">
            <input type="radio" name="export-format" value={f} checked={format === f} onChange={() => setFormat(f)} data-testid={`export-${f}`} className="accent-brand-600" />
            {t(f)}
          </label>
        ))}
      </fieldset>
      {format === "csv" ? (
        <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="export-csv-note">
          {t("csvNote")}
        </p>
      ) : null}
      <fieldset className="mt-4 space-y-2" disabled={busy}>
        <legend className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">{t("rows")}</legend>
        {(["line", "trade"] as const).map((p) => (
          <label key={p} className="flex items-center gap-2 text-sm">
            <input type="radio" name="export-per" value={p} checked={per === p} onChange={() => setPer(p)} data-testid={`export-per-${p}`} className="accent-brand-600" />
            {t(p === "line" ? "perLine" : "perTrade")}
          </label>
        ))}
      </fieldset>
      <fieldset className="mt-4 space-y-2" disabled={busy}>
        <legend className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">{t("receiver")}</legend>
        {(["none", "masked", ...(limits?.canRevealReceiver ? (["full"] as const) : [])] as const).map((r) => (
          <label key={r} className="flex items-center gap-2 text-sm">
            <input type="radio" name="export-receiver" value={r} checked={receiver === r} onChange={() => setReceiver(r)} data-testid={`export-receiver-${r}`} className="accent-brand-600" />
            {t(r === "none" ? "receiverNone" : r === "masked" ? "receiverMasked" : "receiverFull")}
          </label>
        ))}
      </fieldset>
      {receiver === "full" && limits ? (
        <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="export-receiver-note">
          {t("receiverFullNote", { perHour: limits.revealPerHour, max: maxRevealOrders })}
        </p>
      ) : null}
      {overReveal ? (
        <p role="alert" className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100" data-testid="export-receiver-too-many">
          {t("receiverTooMany", { max: maxRevealOrders })}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200" data-testid="export-error">
          {error}
        </p>
      ) : null}
      {progress ? (
        <div className="mt-4" role="status" aria-live="polite" data-testid="export-progress">
          <div className="h-2 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800">
            <div className={pct === null ? "h-full w-1/3 animate-pulse bg-brand-500" : "h-full bg-brand-500 transition-[width]"} style={pct === null ? undefined : { width: `${pct}%` }} />
          </div>
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            {format === "csv" && progress.total ? t("progress", { rows: progress.rows, total: progress.total }) : t("progressBytes", { size: formatBytes(progress.bytes) })}
          </p>
        </div>
      ) : null}
    </Dialog>
  );
}
