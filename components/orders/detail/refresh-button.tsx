"use client";
/**
 * 刷新 (fullinfo.get → cache, audited), and the quiet fetch of a trade's detail when the page shows
 * a trade whose detail-only fields are missing or stale; either way the page re-renders from the cache.
 */
import { useMutation } from "@tanstack/react-query";
import { LoaderCircle, RefreshCw } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { toast } from "sonner";
import { ensureDetailAction, refreshOrderAction } from "@/app/(dashboard)/(order-detail)/orders/[tid]/actions";
import { Button } from "@/components/ui/button";
import { useMutationError } from "@/components/use-mutation-error";
import { needsReauth, unwrap } from "./action-call";

export function RefreshButton({ tid }: { tid: string }) {
  const t = useTranslations("orderDetail");
  const router = useRouter();
  const failure = useMutationError();
  const refresh = useMutation({
    mutationFn: () => unwrap(refreshOrderAction({ tid })),
    onSuccess: (r) => {
      toast.success(r.changed ? t("refreshed") : t("refreshUnchanged"));
      router.refresh();
    },
    onError: (e) => {
      toast.error(failure(e));
      if (needsReauth(e)) router.refresh();
    },
  });
  return (
    <Button onClick={() => refresh.mutate()} disabled={refresh.isPending} title={t("refreshHint")} data-testid="order-refresh">
      {refresh.isPending ? <LoaderCircle aria-hidden className="size-4 animate-spin" /> : <RefreshCw aria-hidden className="size-4" />}
      {refresh.isPending ? t("refreshing") : t("refresh")}
    </Button>
  );
}

/** Fetches the detail once when the page shows a stale one; renders a polite notice meanwhile. */
export function DetailAutoLoad({ tid, stale }: { tid: string; stale: boolean }) {
  const t = useTranslations("orderDetail");
  const router = useRouter();
  const asked = useRef<string | null>(null);
  const load = useMutation({
    mutationFn: () => unwrap(ensureDetailAction({ tid })),
    onSuccess: (r) => {
      if (r.changed) router.refresh();
    },
  });
  const { mutate } = load;
  useEffect(() => {
    if (!stale || asked.current === tid) return;
    asked.current = tid;
    mutate();
  }, [stale, tid, mutate]);
  if (!stale || !load.isPending) return null;
  return (
    <p role="status" data-testid="detail-loading" className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
      <LoaderCircle aria-hidden className="size-3.5 animate-spin" />
      {t("loadingDetail")}
    </p>
  );
}
