"use client";
/**
 * The receiver as Taobao sends it (masked), with 查看 per field for roles allowed to reveal. A
 * revealed value lives only in this component's state and is masked again after five minutes
 * (or on 隐藏); it is never stored anywhere. Once name, mobile and address are all revealed, 复制收件信息
 * copies the three at once: text already on the screen, so it reveals (and audits) nothing new.
 */
import { useMutation } from "@tanstack/react-query";
import { ClipboardCopy, Eye, EyeOff, LoaderCircle, ShieldCheck } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { revealReceiverAction } from "@/app/(dashboard)/(order-detail)/orders/[tid]/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useMutationError } from "@/components/use-mutation-error";
import type { RevealField } from "@/lib/orders/reveal";
import { formatShanghai } from "@/lib/time";
import { needsReauth, unwrap } from "./action-call";

export const REVEAL_VISIBLE_MS = 5 * 60 * 1000;

export interface ReceiverView {
  name: string | null;
  mobile: string | null;
  phone: string | null;
  /** Province, city, district, town. */
  region: string;
  address: string | null;
  zip: string | null;
  revealable: boolean;
}

type Revealed = Partial<Record<RevealField, { value: string; until: number }>>;

function RevealRow({ field, label, masked, revealed, canReveal, onReveal, onHide, pending }: {
  field: RevealField;
  label: string;
  masked: string | null;
  revealed: { value: string; until: number } | undefined;
  canReveal: boolean;
  onReveal: () => void;
  onHide: () => void;
  pending: boolean;
}) {
  const t = useTranslations("orderDetail.receiver");
  return (
    <>
      <dt className="pt-1 text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1" data-testid={`receiver-${field}`}>
        <span className="min-w-0 break-words" data-testid={`receiver-${field}-value`} data-revealed={revealed ? "true" : "false"}>
          {revealed ? revealed.value : (masked ?? t("none"))}
        </span>
        {revealed ? (
          <>
            <button type="button" onClick={onHide} aria-label={t("hideLabel", { field: label })} className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800" data-testid={`hide-${field}`}>
              <EyeOff aria-hidden className="size-3.5" />
              {t("hide")}
            </button>
            <span className="text-xs text-zinc-600 dark:text-zinc-400">{t("revealedUntil", { time: formatShanghai(new Date(revealed.until), "time") })}</span>
          </>
        ) : canReveal && masked ? (
          <button
            type="button"
            onClick={onReveal}
            disabled={pending}
            aria-label={t("revealLabel", { field: label })}
            className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium text-brand-700 hover:bg-brand-50 disabled:opacity-60 dark:text-orange-300 dark:hover:bg-brand-500/15"
            data-testid={`reveal-${field}`}
          >
            {pending ? <LoaderCircle aria-hidden className="size-3.5 animate-spin" /> : <Eye aria-hidden className="size-3.5" />}
            {pending ? t("revealing") : t("reveal")}
          </button>
        ) : null}
      </dd>
    </>
  );
}

export function ReceiverCard({ tid, receiver, canReveal }: { tid: string; receiver: ReceiverView; canReveal: boolean }) {
  const t = useTranslations("orderDetail.receiver");
  const router = useRouter();
  const failure = useMutationError();
  const [revealed, setRevealed] = useState<Revealed>({});
  const reveal = useMutation({
    mutationFn: (field: RevealField) => unwrap(revealReceiverAction({ tid, field })),
    onSuccess: (r) => setRevealed((s) => ({ ...s, [r.field]: { value: r.value, until: Date.now() + REVEAL_VISIBLE_MS } })),
    onError: (e) => {
      toast.error(failure(e));
      if (needsReauth(e)) router.refresh();
    },
  });
  // Mask each revealed value again when its five minutes are up.
  useEffect(() => {
    const times = Object.values(revealed).map((r) => r.until);
    if (times.length === 0) return;
    const next = Math.min(...times);
    const timer = setTimeout(() => {
      const now = Date.now();
      setRevealed((s) => Object.fromEntries(Object.entries(s).filter(([, r]) => r.until > now)) as Revealed);
    }, Math.max(0, next - Date.now()) + 50);
    return () => clearTimeout(timer);
  }, [revealed]);
  const hide = (field: RevealField) => setRevealed((s) => Object.fromEntries(Object.entries(s).filter(([k]) => k !== field)) as Revealed);
  const allowed = canReveal && receiver.revealable;
  const row = (field: RevealField, label: string, masked: string | null) => (
    <RevealRow
      field={field}
      label={label}
      masked={masked}
      revealed={revealed[field]}
      canReveal={allowed}
      pending={reveal.isPending && reveal.variables === field}
      onReveal={() => reveal.mutate(field)}
      onHide={() => hide(field)}
    />
  );
  // Every field the order has, revealed: then the three can be copied together.
  const fields = (["name", "mobile", "address"] as const).filter((f) => receiver[f]);
  const copyable = allowed && fields.length > 0 && fields.every((f) => revealed[f]);
  const copyAll = async () => {
    const text = fields.map((f) => revealed[f]!.value).join(t("copySeparator"));
    try {
      await navigator.clipboard.writeText(text);
      toast.success(t("copied"));
    } catch {
      toast.error(t("copyFailed"));
    }
  };
  return (
    <Card
      id="order-receiver"
      title={t("title")}
      testId="order-receiver"
      actions={
        copyable ? (
          <Button size="sm" onClick={() => void copyAll()} title={t("copyHint")} data-testid="receiver-copy">
            <ClipboardCopy aria-hidden className="size-3.5" />
            {t("copy")}
          </Button>
        ) : null
      }
    >
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
        {row("name", t("name"), receiver.name)}
        {row("mobile", t("mobile"), receiver.mobile)}
        {receiver.phone ? (
          <>
            <dt className="text-zinc-600 dark:text-zinc-400">{t("phone")}</dt>
            <dd>{receiver.phone}</dd>
          </>
        ) : null}
        <dt className="text-zinc-600 dark:text-zinc-400">{t("region")}</dt>
        <dd data-testid="receiver-region">{receiver.region || t("none")}</dd>
        {row("address", t("address"), receiver.address)}
        {receiver.zip ? (
          <>
            <dt className="text-zinc-600 dark:text-zinc-400">{t("zip")}</dt>
            <dd className="tabular-nums">{receiver.zip}</dd>
          </>
        ) : null}
      </dl>
      {allowed ? (
        <p className="mt-3 flex items-start gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
          <ShieldCheck aria-hidden className="mt-px size-3.5 shrink-0" />
          {t("revealNote")}
        </p>
      ) : null}
    </Card>
  );
}
