import type { ReportTable } from "@/lib/reports/tables";

/** A report's numbers beneath its chart: a real table with a caption, in a disclosure (opened for print). */
export function DataTable({ table, summary, open = false }: { table: ReportTable; summary: string; open?: boolean }) {
  return (
    <details data-report-table className="group mt-3" open={open}>
      <summary className="cursor-pointer text-xs font-medium text-zinc-600 select-none hover:text-zinc-900 print:hidden dark:text-zinc-400 dark:hover:text-zinc-100">{summary}</summary>
      <div className="mt-2 overflow-x-auto" role="region" aria-label={table.caption} tabIndex={0}>
        <table data-testid={`table-${table.name}`} className="w-full min-w-max border-collapse text-xs tabular-nums">
          <caption className="pb-2 text-left text-xs text-zinc-500 dark:text-zinc-400">{table.caption}</caption>
          <thead>
            <tr className="border-b border-zinc-200 dark:border-zinc-700">
              {table.columns.map((c, i) => (
                <th key={i} scope="col" className={`px-2 py-1.5 font-medium text-zinc-600 dark:text-zinc-300 ${i === 0 ? "text-left" : "text-right"}`}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r, i) => (
              <tr key={i} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
                {r.map((c, j) =>
                  j === 0 ? (
                    <th key={j} scope="row" className="px-2 py-1.5 text-left font-normal text-zinc-800 dark:text-zinc-200">
                      {c.text}
                    </th>
                  ) : (
                    <td key={j} className="px-2 py-1.5 text-right text-zinc-800 dark:text-zinc-200">
                      {c.text}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
