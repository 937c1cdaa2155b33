"use client";
import { useTranslations } from "next-intl";
import { Select } from "@/components/ui/field";
import { useUrlParams } from "@/components/use-url-params";
import { orderParsers, PAGE_SIZES, type PageSize } from "@/lib/orders/filters";

/** 20 / 50 / 100 per page; a new size starts again at page 1. */
export function PageSizeSelect({ size, label }: { size: PageSize; label: string }) {
  const t = useTranslations("orders.pager");
  const [, set] = useUrlParams(orderParsers);
  return (
    <label className="flex shrink-0 items-center gap-1.5 whitespace-nowrap text-zinc-600 dark:text-zinc-400">
      <span>{label}</span>
      <Select
        data-testid="page-size"
        className="w-auto"
        value={size}
        onChange={(e) => set({ size: Number(e.target.value) as PageSize, page: null })}
      >
        {PAGE_SIZES.map((s) => (
          <option key={s} value={s}>
            {t("perPage", { size: s })}
          </option>
        ))}
      </Select>
    </label>
  );
}
