import { CircleHelp } from "lucide-react";

/** The definitions of every figure (the same text as the README's "Sales reports"). */
export function ReportHelp({ title, items }: { title: string; items: string[] }) {
  return (
    <details data-testid="report-help" className="mb-4 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <summary className="flex cursor-pointer items-center gap-2 font-medium select-none">
        <CircleHelp aria-hidden className="size-4 text-zinc-500" />
        {title}
      </summary>
      <ul className="mt-3 list-disc space-y-1.5 pl-5 text-zinc-700 dark:text-zinc-300">
        {items.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
    </details>
  );
}
