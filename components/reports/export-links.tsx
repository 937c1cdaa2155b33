import { Download } from "lucide-react";
import { buttonClass } from "@/components/ui/button";

/** CSV and Excel downloads of one report, with the page's current parameters. */
export function ExportLinks({ report, query, labels }: { report: string; query: string; labels: { csv: string; xlsx: string; title: string } }) {
  const href = (format: string) => `/api/reports/export?${new URLSearchParams([...new URLSearchParams(query), ["report", report], ["format", format]]).toString()}`;
  return (
    <div className="flex gap-1 print:hidden">
      {(["csv", "xlsx"] as const).map((f) => (
        <a key={f} href={href(f)} download data-testid={`export-${report}-${f}`} className={buttonClass("ghost", "sm")} aria-label={`${labels.title} ${labels[f]}`} title={labels.title}>
          <Download aria-hidden className="size-3.5" />
          {labels[f]}
        </a>
      ))}
    </div>
  );
}
