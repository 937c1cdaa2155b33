import { clsx } from "clsx";
import type { ReactNode } from "react";

/** A titled region of a page. The title is a heading and labels the region for screen readers. */
export function Card({ title, actions, children, className, id, testId }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string; id?: string; testId?: string }) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section
      id={id}
      data-testid={testId}
      aria-labelledby={title && headingId ? headingId : undefined}
      className={clsx("rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900", className)}
    >
      {title || actions ? (
        <header className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          {title ? (
            <h2 id={headingId} className="text-sm font-semibold">
              {title}
            </h2>
          ) : null}
          {actions}
        </header>
      ) : null}
      <div className="p-4">{children}</div>
    </section>
  );
}
