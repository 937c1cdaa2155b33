import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import type { ReportTable } from "@/lib/reports/tables";

/**
 * The full product table (every product of the period by GMV, a page at a time) with each
 * product's SKUs beneath it, indented; the export holds every page. Product rows are those with a
 * rank; the pager keeps the page's other parameters.
 */
/** Columns (lib/reports/tables.ts productsAllTable): rank, product, SKU, GMV, quantity, lines, product id, SKU id; the figures align right. */
const left = (i: number) => i < 3 || i > 5;

export function ProductDetailTable({ table, page, pages, query, labels }: { table: ReportTable; page: number; pages: number; query: string; labels: { page: string; prev: string; next: string; pager: string; empty: string } }) {
  const href = (p: number) => {
    const q = new URLSearchParams(query);
    q.set("productsPage", String(p));
    return `?${q.toString()}#report-productsAll`;
  };
  return (
    <div>
      {/* relative: the screen-reader-only ids of SKU rows stay inside the scrolling region (else they widen the page). */}
      <div className="relative overflow-x-auto" role="region" aria-label={table.caption} tabIndex={0}>
        <table data-testid={`table-${table.name}`} className="w-full min-w-max border-collapse text-xs tabular-nums">
          <caption className="pb-2 text-left text-xs text-zinc-500 dark:text-zinc-400">{table.caption}</caption>
          <thead>
            <tr className="border-b border-zinc-200 dark:border-zinc-700">
              {table.columns.map((c, i) => (
                <th key={i} scope="col" className={`px-2 py-1.5 font-medium text-zinc-600 dark:text-zinc-300 ${left(i) ? "text-left" : "text-right"}`}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.length === 0 ? (
              <tr>
                <td colSpan={table.columns.length} className="px-2 py-4 text-center text-zinc-500 dark:text-zinc-400">
                  {labels.empty}
                </td>
              </tr>
            ) : null}
            {table.rows.map((r, i) => {
              const product = r[0]!.text !== "";
              return (
                <tr key={i} data-row={product ? "product" : "sku"} className={product ? "border-t border-zinc-200 dark:border-zinc-700" : "text-zinc-600 dark:text-zinc-400"}>
                  {r.map((c, j) =>
                    j === 1 ? (
                      <th key={j} scope="row" className={`max-w-72 truncate px-2 py-1 text-left ${product ? "font-medium text-zinc-900 dark:text-zinc-100" : "pl-6 font-normal"}`} title={c.text}>
                        {product ? c.text : <span className="sr-only">{c.text}</span>}
                      </th>
                    ) : (
                      <td key={j} className={`px-2 py-1 ${left(j) ? "text-left" : "text-right"} ${!product && j === 2 ? "pl-6" : ""}`}>
                        {/* A SKU row repeats its product's id for the export; on screen the product row above says it. */}
                        {!product && j === 6 ? <span className="sr-only">{c.text}</span> : c.text}
                      </td>
                    ),
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <nav aria-label={labels.pager} className="mt-2 flex flex-wrap items-center justify-end gap-2 text-xs text-zinc-600 dark:text-zinc-400 print:hidden">
        <span data-testid="products-page">{labels.page}</span>
        {page > 1 ? (
          <Link href={href(page - 1)} scroll={false} className={buttonClass("secondary", "sm")} data-testid="products-prev">
            <ChevronLeft aria-hidden className="size-3.5" />
            {labels.prev}
          </Link>
        ) : null}
        {page < pages ? (
          <Link href={href(page + 1)} scroll={false} className={buttonClass("secondary", "sm")} data-testid="products-next">
            {labels.next}
            <ChevronRight aria-hidden className="size-3.5" />
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
