import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";

/** One report: its title, a note on what it counts, export links, the chart and the data table. */
export function ReportSection({ id, title, note, actions, children, className }: { id: string; title: string; note?: string; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <Card
      id={`report-${id}`}
      testId={`report-${id}`}
      className={`min-w-0 break-inside-avoid ${className ?? ""}`}
      title={
        <span className="flex flex-col">
          <span>{title}</span>
          {note ? <span className="mt-0.5 text-xs font-normal text-zinc-500 dark:text-zinc-400">{note}</span> : null}
        </span>
      }
      actions={actions}
    >
      {children}
    </Card>
  );
}
