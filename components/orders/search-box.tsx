"use client";
/**
 * The one search box. A phone number goes to Taobao through a server action (never into the URL:
 * the tids it finds do); everything else is the `q` URL param, searched in the cache.
 * `/` focuses it from anywhere on the page, Esc clears it.
 */
import { Loader2, Search, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { useUrlParams } from "@/components/use-url-params";
import { lookupByPhoneAction } from "@/lib/orders/actions";
import { orderParsers, SEARCH_MAX } from "@/lib/orders/filters";
import { classifySearch, maskPhone } from "@/lib/orders/search-kind";
import { useSettledAction } from "@/components/use-mutation-error";

export const SEARCH_INPUT_ID = "orders-search";

/**
 * `initialQuery` is the term the list below was searched with (the server's, after its checks), so
 * the box never shows a term whose results are not the ones listed. Keyed by it by its parent, so
 * back/forward (a new q) starts it afresh.
 */
export function SearchBox({ canLookupByPhone, initialQuery }: { canLookupByPhone: boolean; initialQuery: string }) {
  const t = useTranslations("orders.search");
  const [params, set, pending] = useUrlParams(orderParsers);
  const [value, setValue] = useState(initialQuery);
  // A look-up that could not run: said under the box, since the rows below are still the last search's.
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [looking, startLookup] = useTransition();
  const settled = useSettledAction();
  const ref = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      const typing = el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
      if (e.key === "/" && !typing && !e.metaKey && !e.ctrlKey && !e.altKey) {
        e.preventDefault();
        ref.current?.focus();
        ref.current?.select();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const clear = () => {
    setValue("");
    if (params.q || params.ids || params.phone) set({ q: null, ids: null, phone: null, page: null });
  };

  const submit = () => {
    setLookupError(null);
    const c = classifySearch(value);
    if (c?.kind === "phone") {
      if (!canLookupByPhone) {
        setLookupError(t("phoneNotRun", { reason: t("phoneForbidden") }));
        return;
      }
      startLookup(async () => {
        const r = await settled(lookupByPhoneAction({ phone: c.term, range: params.range }));
        if (!r.ok) {
          setLookupError(t("phoneNotRun", { reason: r.error.code === "forbidden" ? t("phoneForbidden") : r.error.message }));
          return;
        }
        if (r.data.failed > 0) toast.warning(t("phoneFailed", { count: r.data.failed }));
        const phone = maskPhone(c.term);
        if (r.data.tids.length > 0) toast.success(t("phoneFound", { phone, count: r.data.tids.length }));
        // Found or not, the list becomes this look-up's answer: with no tids it is an empty list
        // naming the (masked) number, never the previous search's rows under the new query.
        setValue("");
        set({ q: null, ids: r.data.tids.length > 0 ? r.data.tids : null, phone, tab: null, page: null });
      });
      return;
    }
    set({ q: value.trim() || null, ids: null, phone: null, page: null });
  };

  return (
    <form
      role="search"
      className="flex min-w-0 flex-1 flex-wrap gap-x-2 gap-y-1"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor={SEARCH_INPUT_ID} className="sr-only">
        {t("label")}
      </label>
      <div className="relative min-w-0 flex-1">
        <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-zinc-500" />
        <Input
          ref={ref}
          id={SEARCH_INPUT_ID}
          data-testid="orders-search"
          type="search"
          enterKeyHint="search"
          autoComplete="off"
          maxLength={SEARCH_MAX}
          value={value}
          placeholder={t("placeholder")}
          aria-describedby={lookupError ? `${SEARCH_INPUT_ID}-hint ${SEARCH_INPUT_ID}-error` : `${SEARCH_INPUT_ID}-hint`}
          // One clear button: ours (it also clears the URL), not the browser's own for type=search.
          className="pr-8 pl-8 [&::-webkit-search-cancel-button]:appearance-none"
          onChange={(e) => {
            setValue(e.target.value);
            setLookupError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              clear();
            }
          }}
        />
        <span id={`${SEARCH_INPUT_ID}-hint`} className="sr-only">
          {t("shortcut")}
        </span>
        {value ? (
          <button type="button" onClick={clear} aria-label={t("clear")} className="absolute top-1/2 right-1.5 -translate-y-1/2 rounded p-1 text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-100">
            <X aria-hidden className="size-3.5" />
          </button>
        ) : null}
      </div>
      <Button type="submit" variant="primary" disabled={looking} data-testid="orders-search-submit" aria-busy={looking || pending}>
        {looking || pending ? <Loader2 aria-hidden className="size-4 animate-spin" /> : null}
        {looking ? t("looking") : t("submit")}
      </Button>
      {lookupError ? (
        <p id={`${SEARCH_INPUT_ID}-error`} role="alert" data-testid="orders-search-error" className="basis-full text-xs text-red-700 dark:text-red-400">
          {lookupError}
        </p>
      ) : null}
    </form>
  );
}
