"use client";
/**
 * The filter bar: one row (the search box, the date field and range, 更多筛选 with the number of
 * less-used filters set) and, behind 更多筛选, the rest (the sort sits with the density in the
 * page header: both say how the list is shown, not which orders). Every control writes the URL
 * (the same nuqs parsers the server reads) and goes back to page 1; the server re-renders the list
 * under a new Suspense key, so the skeleton shows.
 *
 * Pairs are checked here as the seller types, with the same rules as the URL parser
 * (lib/orders/filters.ts): an inverted amount or date range, or a malformed amount, is said next
 * to its fields and never written to the URL; 自定义 opens its date fields and changes the URL only
 * once a day is chosen.
 */
import { clsx } from "clsx";
import { SlidersHorizontal } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { Input, Select } from "@/components/ui/field";
import { useUrlParams } from "@/components/use-url-params";
import { amountRangeError, dayRangeError, ORDER_RANGES, orderParsers, parseAsYuan, secondaryCount, type OrderParams } from "@/lib/orders/filters";
import { REFUND_STATUSES, SELLER_FLAGS, SHIPPING_TYPES, type KnownTradeType } from "@/lib/top/types";

type Patch = Partial<{ [K in keyof OrderParams]: OrderParams[K] | null }>;

function Labelled({ id, label, children, className }: { id: string; label: string; children: ReactNode; className?: string }) {
  return (
    <div className={clsx("flex min-w-0 flex-col gap-1", className)}>
      <label htmlFor={id} className="text-xs font-medium whitespace-nowrap text-zinc-600 dark:text-zinc-400">
        {label}
      </label>
      {children}
    </div>
  );
}

function FieldError({ id, message }: { id: string; message: string | null }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" data-testid={id} className="basis-full text-xs text-red-700 dark:text-red-400">
      {message}
    </p>
  );
}

/**
 * 最低 / 最高实付 as typed (yuan). Written to the URL together on Enter, or when focus leaves the
 * pair (not when it moves from one to the other: the first would be written, and the list
 * re-rendered, before the second is typed), when both read as amounts and the least is not above
 * the most; otherwise the fields say why and the URL keeps the last good pair. Keyed by the URL's
 * pair, so a URL change resets it.
 */
function AmountRange({ min, max, onCommit }: { min: number | null; max: number | null; onCommit: (min: number | null, max: number | null) => void }) {
  const t = useTranslations("orders.filters");
  const shown = (fen: number | null) => (fen === null ? "" : parseAsYuan.serialize(fen));
  const [text, setText] = useState({ min: shown(min), max: shown(max) });
  const [error, setError] = useState<{ field: "min" | "max" | "both"; message: string } | null>(null);
  const read = (v: string): number | null | undefined => (v.trim() === "" ? null : (parseAsYuan.parse(v.trim()) ?? undefined));
  const commit = () => {
    const lo = read(text.min);
    const hi = read(text.max);
    if (lo === undefined || hi === undefined) return setError({ field: lo === undefined ? "min" : "max", message: t("amountInvalid") });
    if (amountRangeError(lo, hi)) return setError({ field: "both", message: t("minAboveMax") });
    setError(null);
    if (lo !== min || hi !== max) onCommit(lo, hi);
  };
  const input = (field: "min" | "max") => {
    const bad = error !== null && (error.field === field || error.field === "both");
    return (
      <Labelled id={`f-${field}`} label={t(field)}>
        <Input
          id={`f-${field}`}
          data-testid={`f-${field}`}
          inputMode="decimal"
          value={text[field]}
          aria-invalid={bad}
          aria-describedby={bad ? "f-amount-error" : undefined}
          className="w-28"
          onChange={(e) => setText({ ...text, [field]: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === "Enter") commit();
          }}
        />
      </Labelled>
    );
  };
  return (
    <div
      role="group"
      aria-label={`${t("min")} – ${t("max")}`}
      className="col-span-2 flex flex-wrap items-end gap-2"
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) commit();
      }}
    >
      {input("min")}
      <span aria-hidden className="pb-2 text-zinc-500">
        –
      </span>
      {input("max")}
      <FieldError id="f-amount-error" message={error?.message ?? null} />
    </div>
  );
}

/** 自定义's two days, written to the URL as soon as one is chosen and the pair is in order. Keyed by the URL's pair. */
function CustomDays({ from, to, onCommit }: { from: string | null; to: string | null; onCommit: (from: string | null, to: string | null) => void }) {
  const t = useTranslations("orders.filters");
  const [days, setDays] = useState({ from: from ?? "", to: to ?? "" });
  const inverted = dayRangeError(days.from || null, days.to || null) !== null;
  const change = (next: { from: string; to: string }) => {
    setDays(next);
    if (dayRangeError(next.from || null, next.to || null)) return;
    if ((next.from || null) !== from || (next.to || null) !== to) onCommit(next.from || null, next.to || null);
  };
  const describedBy = inverted ? "f-days-error" : !days.from && !days.to ? "f-days-hint" : undefined;
  return (
    <div role="group" aria-label={t("ranges.custom")} className="flex flex-wrap items-center gap-1.5">
      <label htmlFor="f-from" className="sr-only">
        {t("from")}
      </label>
      <div className="w-40">
        <Input id="f-from" data-testid="f-from" type="date" value={days.from} aria-invalid={inverted} aria-describedby={describedBy} onChange={(e) => change({ ...days, from: e.target.value })} />
      </div>
      <span aria-hidden className="text-zinc-500">
        –
      </span>
      <label htmlFor="f-to" className="sr-only">
        {t("to")}
      </label>
      <div className="w-40">
        <Input id="f-to" data-testid="f-to" type="date" value={days.to} aria-invalid={inverted} aria-describedby={describedBy} onChange={(e) => change({ ...days, to: e.target.value })} />
      </div>
      {!days.from && !days.to ? (
        <span id="f-days-hint" className="text-xs text-zinc-500 dark:text-zinc-400">
          {t("customHint")}
        </span>
      ) : null}
      <FieldError id="f-days-error" message={inverted ? t("fromAfterTo") : null} />
    </div>
  );
}

export function FilterBar({ search, provinces, types, shops }: { search: ReactNode; provinces: string[]; types: readonly KnownTradeType[]; shops: { id: string; nick: string }[] }) {
  const t = useTranslations("orders.filters");
  const tt = useTranslations("trade");
  const [p, set] = useUrlParams(orderParsers);
  const update = (patch: Patch) => set({ ...patch, page: null });
  const opt = <T extends string>(v: string): T | null => (v === "" ? null : (v as T));
  const [more, setMore] = useState(false);
  // 自定义 chosen but no day yet: the fields show, the URL still holds the previous range.
  const [customOpen, setCustomOpen] = useState(false);
  const custom = customOpen || p.range === "custom";
  const active = secondaryCount(p, shops.length > 1);
  // A type in the URL that the shop no longer has stays choosable (and shown as chosen).
  const typeOptions = p.type && !types.includes(p.type) ? [p.type, ...types] : types;

  return (
    <section aria-label={t("label")} className="mb-3 rounded-lg border border-zinc-200 bg-white p-2 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-center gap-2">
        <div className="flex min-w-[min(100%,18rem)] flex-[1_1_18rem]">{search}</div>
        <div className="flex flex-wrap items-center gap-1">
          {/* Sized by a max-content wrapper, so the longest option fits in either language (the control's own w-full would win over a width class). */}
          <div className="w-max">
            <Select id="f-df" data-testid="f-df" aria-label={t("dateFieldLabel")} value={p.df} onChange={(e) => update({ df: e.target.value as OrderParams["df"] })}>
              <option value="created">{t("created")}</option>
              <option value="paid">{t("paid")}</option>
            </Select>
          </div>
          <div role="group" aria-label={t("range")} className="flex flex-wrap gap-1">
            {([null, ...ORDER_RANGES] as const).map((r) => {
              const pressed = r === "custom" ? custom : !custom && p.range === r;
              return (
                <button
                  key={r ?? "all"}
                  type="button"
                  aria-pressed={pressed}
                  data-testid={`range-${r ?? "all"}`}
                  onClick={() => {
                    if (r === "custom") return setCustomOpen(true);
                    setCustomOpen(false);
                    update({ range: r, from: null, to: null });
                  }}
                  className={clsx(
                    "h-9 rounded-md border px-2 text-sm whitespace-nowrap",
                    pressed
                      ? "border-brand-600 bg-brand-50 font-medium text-brand-700 dark:bg-brand-500/15 dark:text-orange-200"
                      : "border-zinc-300 bg-white text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-200 dark:hover:bg-zinc-800",
                  )}
                >
                  {t(`ranges.${r ?? "all"}`)}
                </button>
              );
            })}
          </div>
        </div>
        {custom ? <CustomDays key={`${p.from}|${p.to}`} from={p.from} to={p.to} onCommit={(from, to) => update({ range: "custom", from, to })} /> : null}
        <button
          type="button"
          aria-expanded={more}
          aria-controls="orders-more-filters"
          onClick={() => setMore(!more)}
          className={clsx(
            "flex h-9 items-center gap-1.5 rounded-md border px-2.5 text-sm font-medium whitespace-nowrap",
            active > 0 ? "border-brand-600 text-brand-700 dark:text-orange-200" : "border-zinc-300 text-zinc-700 dark:border-zinc-700 dark:text-zinc-200",
          )}
          data-testid="more-filters"
          data-active={active}
        >
          <SlidersHorizontal aria-hidden className="size-4" />
          {active > 0 ? t("moreCount", { count: active }) : t("more")}
        </button>
      </div>
      <div id="orders-more-filters" data-testid="more-filters-panel" className={clsx("mt-2 grid-cols-2 items-end gap-2 border-t border-zinc-200 pt-2 sm:flex-wrap dark:border-zinc-800", more ? "grid sm:flex" : "hidden")}>
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
          <Select id="f-type" data-testid="f-type" className="sm:w-36" value={p.type ?? ""} onChange={(e) => update({ type: opt<NonNullable<OrderParams["type"]>>(e.target.value) })}>
            <option value="">{t("any")}</option>
            {typeOptions.map((s) => (
              <option key={s} value={s}>
                {tt(`type.${s}`)}
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
        <AmountRange key={`${p.min}|${p.max}`} min={p.min} max={p.max} onCommit={(min, max) => update({ min, max })} />
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
      </div>
    </section>
  );
}
