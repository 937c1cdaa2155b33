"use client";
/**
 * 发货: carrier (taobao.logistics.companies.get, cached by the server), waybill checked against the
 * carrier's published pattern as you type (and again by the server), the whole trade or selected
 * lines (a split shipment). When a line has an open refund the dialog says which and the submit
 * waits for an explicit "ship anyway" (the server refuses without it too). On success the page re-renders: status 已发货, the new parcel's trace.
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import { LoaderCircle, TriangleAlert, Truck } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { toast } from "sonner";
import { carriersAction, shipOrderAction } from "@/app/(dashboard)/(order-detail)/orders/[tid]/actions";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { waybillProblem } from "@/lib/orders/carriers-pattern";
import { useMutationError } from "@/components/use-mutation-error";
import { ActionFailure, unwrap } from "./action-call";

export interface ShippableLine {
  oid: string;
  title: string;
  sku: string | null;
  num: number;
}

/** A line of the trade whose buyer asked for a refund that is still open. */
export interface RefundingLine {
  oid: string;
  title: string;
  refundStatus: string;
}

type Errors = Partial<Record<"companyCode" | "waybill" | "oids" | "refundAcknowledged" | "form", string>>;

export function ShipDialog({ tid, lines, refunding = [] }: { tid: string; lines: ShippableLine[]; refunding?: RefundingLine[] }) {
  const t = useTranslations("orderDetail.ship");
  const te = useTranslations("orderDetail.errors");
  const tr = useTranslations("trade.refund");
  const failure = useMutationError();
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState("");
  const [waybill, setWaybill] = useState("");
  const [partial, setPartial] = useState(false);
  const [selected, setSelected] = useState<string[]>(() => lines.map((l) => l.oid));
  const [errors, setErrors] = useState<Errors>({});
  const [touched, setTouched] = useState(false);
  // Taobao names the catch-all carrier 其他 whatever the language.
  const carrierName = (c: { code: string; name: string }) => (c.code === "OTHER" ? t("carrierOther") : c.name);
  const [acknowledged, setAcknowledged] = useState(false);
  const mustAcknowledge = refunding.length > 0;

  const carriers = useQuery({ queryKey: ["carriers"], queryFn: () => unwrap(carriersAction({})), enabled: open, staleTime: 60 * 60 * 1000 });
  const carrier = useMemo(() => carriers.data?.find((c) => c.code === (code || carriers.data?.[0]?.code)) ?? null, [carriers.data, code]);
  const liveProblem = carrier && touched ? waybillProblem(carrier, waybill) : null;

  const ship = useMutation({
    mutationFn: () => unwrap(shipOrderAction({ tid, companyCode: carrier!.code, waybill: waybill.trim(), ...(partial ? { oids: selected } : {}), ...(mustAcknowledge ? { refundAcknowledged: acknowledged } : {}) })),
    onSuccess: (r) => {
      toast.success(t("done", { carrier: r.companyName, waybill: r.waybill }));
      setOpen(false);
      setWaybill("");
      setTouched(false);
      router.refresh();
    },
    onError: (e) => {
      if (ActionFailure.is(e)) {
        const field = (["waybill", "companyCode", "oids", "refundAcknowledged"] as const).find((f) => e.fields[f]);
        setErrors({ [field ?? "form"]: e.message });
      } else setErrors({ form: failure(e) });
    },
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!carrier) return setErrors({ companyCode: te("companyUnknown") });
    const problem = waybillProblem(carrier, waybill);
    if (problem) return setErrors({ waybill: te(problem) });
    if (partial && selected.length === 0) return setErrors({ oids: te("linesNone") });
    if (mustAcknowledge && !acknowledged) return setErrors({ refundAcknowledged: te("refundOpen") });
    setErrors({});
    ship.mutate();
  };

  const waybillError = errors.waybill ?? (liveProblem ? te(liveProblem) : undefined);
  return (
    <>
      {/* With an open refund shipping is not the obvious next step: the button stops being the primary one. */}
      <Button variant={mustAcknowledge ? "secondary" : "primary"} onClick={() => setOpen(true)} data-testid="ship-open">
        <Truck aria-hidden className="size-4" />
        {t("button")}
      </Button>
      <Dialog
        open={open}
        onOpenChange={(o) => {
          setOpen(o);
          if (!o) setErrors({});
        }}
        title={t("title")}
        description={t("description")}
        closeLabel={t("close")}
        testId="ship-dialog"
        footer={
          <>
            <Button onClick={() => setOpen(false)}>{t("cancel")}</Button>
            <Button type="submit" form={`${id}-form`} variant="primary" disabled={ship.isPending || !carrier || (mustAcknowledge && !acknowledged)} data-testid="ship-submit">
              {ship.isPending ? <LoaderCircle aria-hidden className="size-4 animate-spin" /> : null}
              {ship.isPending ? t("submitting") : t("submit")}
            </Button>
          </>
        }
      >
        <form id={`${id}-form`} onSubmit={submit} noValidate className="space-y-4">
          {mustAcknowledge ? (
            <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100" data-testid="ship-refund-warning">
              <p className="flex items-start gap-1.5 font-medium">
                <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
                {t("refundWarning", { count: refunding.length })}
              </p>
              <ul className="list-disc space-y-0.5 pl-6 text-xs">
                {refunding.map((l) => (
                  <li key={l.oid} className="break-words">
                    {t("refundLine", { title: l.title, refund: tr.has(l.refundStatus as never) ? tr(l.refundStatus as never) : tr("unknown", { code: l.refundStatus }) })}
                  </li>
                ))}
              </ul>
              <label className="flex items-start gap-2 font-medium">
                <input
                  type="checkbox"
                  className="mt-1"
                  checked={acknowledged}
                  onChange={(e) => {
                    setAcknowledged(e.target.checked);
                    setErrors({});
                  }}
                  aria-describedby={errors.refundAcknowledged ? `${id}-refund-error` : undefined}
                  data-testid="ship-refund-ack"
                />
                {t("refundAcknowledge")}
              </label>
              {errors.refundAcknowledged ? (
                <p id={`${id}-refund-error`} role="alert" className="text-xs text-red-700 dark:text-red-300">
                  {errors.refundAcknowledged}
                </p>
              ) : null}
            </div>
          ) : null}
          <Field label={t("carrier")} htmlFor={`${id}-carrier`} error={errors.companyCode ?? (carriers.isError ? t("carrierError", { message: failure(carriers.error) }) : undefined)} hint={carriers.isPending ? t("carrierLoading") : undefined}>
            <Select id={`${id}-carrier`} value={carrier?.code ?? ""} onChange={(e) => { setCode(e.target.value); setErrors({}); }} disabled={!carriers.data} data-testid="ship-carrier">
              {(carriers.data ?? []).map((c) => (
                <option key={c.code} value={c.code}>
                  {carrierName(c)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t("waybill")} htmlFor={`${id}-waybill`} error={waybillError} hint={carrier ? t("waybillHint", { carrier: carrierName(carrier) }) : undefined}>
            <Input
              id={`${id}-waybill`}
              value={waybill}
              autoComplete="off"
              spellCheck={false}
              inputMode="text"
              maxLength={64}
              onChange={(e) => {
                setWaybill(e.target.value);
                setErrors({});
              }}
              onBlur={() => setTouched(true)}
              aria-invalid={waybillError ? true : undefined}
              aria-describedby={waybillError ? `${id}-waybill-error` : `${id}-waybill-hint`}
              className="font-mono"
              data-testid="ship-waybill"
            />
          </Field>
          {lines.length > 1 ? (
            <fieldset className="space-y-2">
              <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">{t("scope")}</legend>
              <div className="flex flex-wrap gap-4 text-sm">
                <label className="flex items-center gap-2">
                  <input type="radio" name={`${id}-scope`} checked={!partial} onChange={() => setPartial(false)} data-testid="ship-whole" />
                  {t("whole")}
                </label>
                <label className="flex items-center gap-2">
                  <input type="radio" name={`${id}-scope`} checked={partial} onChange={() => setPartial(true)} data-testid="ship-partial" />
                  {t("partial")}
                </label>
              </div>
              {partial ? (
                <ul aria-label={t("lines")} className="space-y-1.5 rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
                  {lines.map((l) => (
                    <li key={l.oid}>
                      <label className="flex items-start gap-2 text-sm">
                        <input
                          type="checkbox"
                          className="mt-1"
                          checked={selected.includes(l.oid)}
                          onChange={(e) => setSelected((s) => (e.target.checked ? [...s, l.oid] : s.filter((x) => x !== l.oid)))}
                          data-testid={`ship-line-${l.oid}`}
                        />
                        <span className="min-w-0">
                          <span className="block break-words">{l.title}</span>
                          <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                            {l.sku ? `${l.sku} · ` : ""}× {l.num}
                          </span>
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              ) : null}
              {errors.oids ? (
                <p role="alert" className="text-xs text-red-700 dark:text-red-400">
                  {errors.oids}
                </p>
              ) : null}
            </fieldset>
          ) : null}
          {errors.form ? (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200" data-testid="ship-error">
              {errors.form}
            </p>
          ) : null}
        </form>
      </Dialog>
    </>
  );
}
