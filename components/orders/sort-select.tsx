"use client";
/** The list's order: a column and a direction named for it (newest / oldest, or highest / lowest for 实付). Back to page 1 on a change. */
import { useTranslations } from "next-intl";
import { Select } from "@/components/ui/field";
import { useUrlParams } from "@/components/use-url-params";
import { ORDER_SORTS, orderParsers, type OrderParams } from "@/lib/orders/filters";

export function SortSelect() {
  const t = useTranslations("orders.sort");
  const [p, set] = useUrlParams(orderParsers);
  const byAmount = p.sort === "payment";
  return (
    <div className="flex items-center gap-1">
      <label htmlFor="f-sort" className="text-xs font-medium whitespace-nowrap text-zinc-600 dark:text-zinc-400">
        {t("label")}
      </label>
      {/* Sized by max-content wrappers, so the longest option fits in either language (the control's own w-full would win over a width class). */}
      <div className="w-max">
        <Select id="f-sort" data-testid="f-sort" value={p.sort} onChange={(e) => set({ sort: e.target.value as OrderParams["sort"], page: null })}>
          {ORDER_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(s)}
            </option>
          ))}
        </Select>
      </div>
      <div className="w-max">
        <Select aria-label={t("dirLabel")} data-testid="f-dir" value={p.dir} onChange={(e) => set({ dir: e.target.value as OrderParams["dir"], page: null })}>
          <option value="desc">{t(byAmount ? "highest" : "newest")}</option>
          <option value="asc">{t(byAmount ? "lowest" : "oldest")}</option>
        </Select>
      </div>
    </div>
  );
}
