import type { ReactNode } from "react";

/** A region with nothing to show yet: what is missing, why, and what to do about it. */
export function EmptyState({ icon, title, children, testId }: { icon?: ReactNode; title: string; children?: ReactNode; testId?: string }) {
  return (
    <section
      data-testid={testId}
      aria-labelledby={testId ? `${testId}-title` : undefined}
      className="mx-auto max-w-xl rounded-lg border border-dashed border-zinc-300 bg-white px-6 py-10 text-center dark:border-zinc-700 dark:bg-zinc-900"
    >
      {icon ? <div className="mx-auto mb-3 flex size-10 items-center justify-center rounded-full bg-brand-50 text-brand-600 dark:bg-brand-500/15">{icon}</div> : null}
      <h2 id={testId ? `${testId}-title` : undefined} className="text-base font-semibold">
        {title}
      </h2>
      <div className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{children}</div>
    </section>
  );
}
