"use client";
/**
 * The filter bar: every control writes the URL (the same nuqs parsers the server reads) and goes
 * back to page 1; the server re-renders the list under a new Suspense key, so the skeleton shows.
 */
import { clsx } from "clsx";
import { SlidersHorizontal } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Input, Select } from "@/components/ui/field";
import { useUrlParams } from "@/components/use-url-params";
import { ORDER_RANGES, ORDER_SORTS, orderParsers, parseAsYuan, type OrderParams } from "@/lib/orders/filters";
import { REFUND_STATUSES, SELLER_FLAGS, SHIPPING_TYPES, TRADE_TYPES } from "@/lib/top/types";

type Patch = Partial<{ [K in keyof OrderParams]: OrderParams[K] | null }>;

function Labelled({ id, label, children, className }: { id: string; label: string; children: React.ReactNode; className?: string }) {
  return (
    <div className={clsx("flex min-w-0 flex-col gap-1", className)}>
      <label htmlFor={id} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        {label}
      </label>
      {children}
    </div>
  );
}

/** A yuan amount input: written to the URL on blur or Enter, refused (and said so) when malformed. Keyed by its value, so a URL change resets it. */
function AmountInput({ id, label, fen, onCommit }: { id: string; label: string; fen: number | null; onCommit: (fen: number | null) => void }) {
  const shown = fen === null ? "" : parseAsYuan.serialize(fen);
  const [text, setText] = useState(shown);
  const [bad, setBad] = useState(false);
  const commit = () => {
    const v = text.trim();
    if (v === shown) return;
    if (!v) return onCommit(null);
    const parsed = parseAsYuan.parse(v);
    setBad(parsed === null);
    if (parsed !== null) onCommit(parsed);
  };
  return (
    <Labelled id={id} label={label}>
      <Input
        id={id}
        data-testid={id}
        inputMode="decimal"
        value={text}
        aria-invalid={bad}
        className="w-28"
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit();
        }}
      />
    </Labelled>
  );
}

export function FilterBar({ provinces, shops }: { provinces: string[]; shops: { id: string; nick: string }[] }) {
  const t = useTranslations("orders.filters");
  const ts = useTranslations("orders.sort");
  const tt = useTranslations("trade");
  const [p, set] = useUrlParams(orderParsers);
  const update = (patch: Patch) => set({ ...patch, page: null });
  const opt = <T extends string>(v: string): T | null => (v === "" ? null : (v as T));
  // On a phone the secondary filters fold away (open by themselves when one is set).
  const secondarySet = Boolean(p.refund || p.flag !== null || p.msg !== null || p.type || p.ship || p.prov || p.min !== null || p.max !== null);
  const [more, setMore] = useState(secondarySet);

  return (
    <section aria-label={t("label")} className="mb-4 space-y-3 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-end gap-2">
        <Labelled id="f-df" label={t("dateField")}>
          <Select id="f-df" data-testid="f-df" className="w-28" value={p.df} onChange={(e) => update({ df: e.target.value as OrderParams["df"] })}>
            <option value="created">{t("created")}</option>
            <option value="paid">{t("paid")}</option>
          </Select>
        </Labelled>
        <div role="group" aria-label={t("range")} className="flex flex-wrap gap-1">
          {([null, ...ORDER_RANGES] as const).map((r) => {
            const active = p.range === r;
            return (
              <button
                key={r ?? "all"}
                type="button"
                aria-pressed={active}
                data-testid={`range-${r ?? "all"}`}
                onClick={() => update({ range: r, from: null, to: null })}
                className={clsx(
                  "h-9 rounded-md border px-2.5 text-sm whitespace-nowrap",
                  active
                    ? "border-brand-600 bg-brand-50 font-medium text-brand-700 dark:bg-brand-500/15 dark:text-orange-200"
                    : "border-zinc-300 bg-white text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-200 dark:hover:bg-zinc-800",
                )}
              >
                {t(`ranges.${r ?? "all"}`)}
              </button>
            );
          })}
        </div>
        {p.range === "custom" ? (
          <>
            <Labelled id="f-from" label={t("from")}>
              <Input id="f-from" data-testid="f-from" type="date" className="w-40" value={p.from ?? ""} max={p.to ?? undefined} onChange={(e) => update({ from: e.target.value || null })} />
            </Labelled>
            <Labelled id="f-to" label={t("to")}>
              <Input id="f-to" data-testid="f-to" type="date" className="w-40" value={p.to ?? ""} min={p.from ?? undefined} onChange={(e) => update({ to: e.target.value || null })} />
            </Labelled>
          </>
        ) : null}
      </div>
      <button
        type="button"
        aria-expanded={more}
        aria-controls="orders-more-filters"
        onClick={() => setMore(!more)}
        className="flex items-center gap-1.5 text-sm font-medium text-zinc-700 md:hidden dark:text-zinc-300"
        data-testid="more-filters"
      >
        <SlidersHorizontal aria-hidden className="size-4" />
        {t("more")}
      </button>
      <div id="orders-more-filters" className={clsx("grid-cols-2 gap-2 md:flex md:flex-wrap md:items-end", more ? "grid" : "hidden")}>
        <Labelled id="f-refund" label={t("refund")}>
          <Select id="f-refund" data-testid="f-refund" className="sm:w-44" value={p.refund ?? ""} onChange={(e) => update({ refund: opt<NonNullable<OrderParams["refund"]>>(e.target.value) })}>
            <option value="">{t("any")}</option>
            {REFUND_STATUSES.map((s) => (
              <option key={s} value={s}>
                {tt(`refund.${s}`)}
              </option>
            ))}
          </Select>
        </Labelled>
        <Labelled id="f-flag" label={t("flag")}>
          <Select id="f-flag" data-testid="f-flag" className="sm:w-28" value={p.flag ?? ""} onChange={(e) => update({ flag: e.target.value === "" ? null : (Number(e.target.value) as OrderParams["flag"]) })}>
            <option value="">{t("any")}</option>
            {SELLER_FLAGS.map((f) => (
              <option key={f} value={f}>
                {tt(`flag.${f}`)}
              </option>
            ))}
          </Select>
        </Labelled>
        <Labelled id="f-msg" label={t("msg")}>
          <Select id="f-msg" data-testid="f-msg" className="sm:w-28" value={p.msg === null ? "" : String(p.msg)} onChange={(e) => update({ msg: e.target.value === "" ? null : e.target.value === "true" })}>
            <option value="">{t("any")}</option>
            <option value="true">{t("msgYes")}</option>
            <option value="false">{t("msgNo")}</option>
          </Select>
        </Labelled>
        <Labelled id="f-type" label={t("type")}>
          <Select id="f-type" data-testid="f-type" className="sm:w-32" value={p.type ?? ""} onChange={(e) => update({ type: opt<NonNullable<OrderParams["type"]>>(e.target.value) })}>
            <option value="">{t("any")}</option>
            {TRADE_TYPES.map((s) => (
              <option key={s} value={s}>
                {tt.has(`type.${s}`) ? tt(`type.${s}` as "type.fixed") : s}
              </option>
            ))}
          </Select>
        </Labelled>
        <Labelled id="f-ship" label={t("ship")}>
          <Select id="f-ship" data-testid="f-ship" className="sm:w-28" value={p.ship ?? ""} onChange={(e) => update({ ship: opt<NonNullable<OrderParams["ship"]>>(e.target.value) })}>
            <option value="">{t("any")}</option>
            {SHIPPING_TYPES.map((s) => (
              <option key={s} value={s}>
                {tt(`shipping.${s}`)}
              </option>
            ))}
          </Select>
        </Labelled>
        <Labelled id="f-prov" label={t("prov")}>
          <Select id="f-prov" data-testid="f-prov" className="sm:w-32" value={p.prov ?? ""} onChange={(e) => update({ prov: e.target.value || null })}>
            <option value="">{t("any")}</option>
            {[...new Set([...(p.prov ? [p.prov] : []), ...provinces])].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </Labelled>
        <AmountInput key={`min-${p.min}`} id="f-min" label={t("min")} fen={p.min} onCommit={(min) => update({ min })} />
        <AmountInput key={`max-${p.max}`} id="f-max" label={t("max")} fen={p.max} onCommit={(max) => update({ max })} />
        {shops.length > 1 ? (
          <Labelled id="f-shop" label={t("shop")}>
            <Select id="f-shop" data-testid="f-shop" className="sm:w-40" value={p.shop ?? ""} onChange={(e) => update({ shop: e.target.value || null })}>
              {shops.map((s, i) => (
                <option key={s.id} value={i === 0 ? "" : s.id}>
                  {s.nick}
                </option>
              ))}
            </Select>
          </Labelled>
        ) : null}
        <Labelled id="f-sort" label={ts("label")} className="col-span-2 sm:col-span-1">
          <div className="flex gap-1">
            <Select id="f-sort" data-testid="f-sort" className="sm:w-32" value={p.sort} onChange={(e) => update({ sort: e.target.value as OrderParams["sort"] })}>
              {ORDER_SORTS.map((s) => (
                <option key={s} value={s}>
                  {ts(s)}
                </option>
              ))}
            </Select>
            <Select aria-label={ts("label")} data-testid="f-dir" className="sm:w-44" value={p.dir} onChange={(e) => update({ dir: e.target.value as OrderParams["dir"] })}>
              <option value="desc">{ts("desc")}</option>
              <option value="asc">{ts("asc")}</option>
            </Select>
          </div>
        </Labelled>
      </div>
    </section>
  );
}
