import { clsx } from "clsx";

/** A placeholder block while a region loads; hidden from screen readers (the region says "loading"). */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={clsx("animate-pulse rounded bg-zinc-200 dark:bg-zinc-800", className)} />;
}

/** A loading region: announced once, then skeleton rows. */
export function SkeletonRows({ rows = 8, label, testId }: { rows?: number; label: string; testId?: string }) {
  return (
    <div role="status" aria-live="polite" data-testid={testId} className="space-y-2">
      <span className="sr-only">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className="h-12 w-full" />
      ))}
    </div>
  );
}
