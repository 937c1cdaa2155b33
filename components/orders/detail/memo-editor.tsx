"use client";
/**
 * The seller memo and flag: a plain-text memo (≤ 1000 UTF-8 bytes, counted as you type) and one
 * of six flags, saved to Taobao together (memo.update); the page then re-renders from the cache,
 * which the server refreshed from Taobao.
 */
import { useMutation } from "@tanstack/react-query";
import { clsx } from "clsx";
import { LoaderCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { toast } from "sonner";
import { updateMemoAction } from "@/app/(dashboard)/(order-detail)/orders/[tid]/actions";
import { FlagIcon } from "@/components/orders/flag-icon";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Textarea } from "@/components/ui/field";
import { MAX_MEMO_BYTES, memoTextSchema, utf8Bytes } from "@/lib/orders/detail-input";
import { SELLER_FLAGS } from "@/lib/top/types";
import { useMutationError } from "@/components/use-mutation-error";
import { unwrap } from "./action-call";

export function MemoEditor({ tid, memo, flag, canEdit }: { tid: string; memo: string | null; flag: number; canEdit: boolean }) {
  const t = useTranslations("orderDetail.memo");
  const te = useTranslations("orderDetail.errors");
  const tf = useTranslations("trade.flag");
  const router = useRouter();
  const failure = useMutationError();
  const id = useId();
  const [text, setText] = useState(memo ?? "");
  const [chosen, setChosen] = useState(flag);
  const [error, setError] = useState<string | null>(null);
  const bytes = utf8Bytes(text);
  const save = useMutation({
    mutationFn: () => unwrap(updateMemoAction({ tid, memo: text, flag: chosen })),
    onSuccess: (r) => {
      setText(r.sellerMemo ?? "");
      setChosen(r.sellerFlag);
      setError(null);
      toast.success(t("saved"));
      router.refresh();
    },
    onError: (e) => setError(failure(e)),
  });
  const dirty = text !== (memo ?? "") || chosen !== flag;

  if (!canEdit) {
    return (
      <Card id="order-memo" title={t("title")} testId="order-memo">
        <div className="flex items-start gap-2 text-sm">
          <FlagIcon flag={flag} testId="memo-flag" />
          <p className="whitespace-pre-wrap break-words" data-testid="memo-text">
            {memo || t("none")}
          </p>
        </div>
        <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">{t("readOnly")}</p>
      </Card>
    );
  }

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const check = memoTextSchema.safeParse(text);
    if (!check.success) {
      setError(te(check.error.issues[0]!.message as "memoTooLong"));
      return;
    }
    save.mutate();
  };
  return (
    <Card id="order-memo" title={t("title")} testId="order-memo">
      <form onSubmit={submit} className="space-y-3" noValidate>
        <fieldset>
          <legend className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">{t("flag")}</legend>
          <div role="radiogroup" aria-label={t("flag")} className="flex flex-wrap gap-1" data-testid="memo-flags">
            {SELLER_FLAGS.map((f) => (
              <button
                key={f}
                type="button"
                role="radio"
                aria-checked={chosen === f}
                aria-label={tf(String(f) as "0")}
                title={tf(String(f) as "0")}
                data-testid={`memo-flag-${f}`}
                onClick={() => setChosen(f)}
                className={clsx(
                  "flex size-9 items-center justify-center rounded-md border transition-colors",
                  chosen === f ? "border-brand-500 bg-brand-50 dark:bg-brand-500/15" : "border-zinc-200 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800",
                )}
              >
                <FlagIcon flag={f} />
              </button>
            ))}
          </div>
        </fieldset>
        <Field label={t("label")} htmlFor={`${id}-memo`} error={error} hint={t("bytes", { used: bytes, max: MAX_MEMO_BYTES })}>
          <Textarea
            id={`${id}-memo`}
            value={text}
            rows={4}
            placeholder={t("placeholder")}
            onChange={(e) => {
              setText(e.target.value);
              setError(null);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-memo-error` : `${id}-memo-hint`}
            data-testid="memo-input"
          />
        </Field>
        {error ? null : bytes > MAX_MEMO_BYTES ? (
          <p className="text-xs text-red-700 dark:text-red-400">{te("memoTooLong")}</p>
        ) : null}
        <div className="flex justify-end">
          <Button type="submit" variant="primary" disabled={save.isPending || !dirty} data-testid="memo-save">
            {save.isPending ? <LoaderCircle aria-hidden className="size-4 animate-spin" /> : null}
            {save.isPending ? t("saving") : t("save")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
