"use client";
/**
 * A small radio group of icon buttons (theme, list density): one choice of a few, applied on
 * click. `labelled` shows each option's name beside its icon; otherwise it is a tooltip and read
 * by screen readers only.
 */
import { clsx } from "clsx";
import type { ComponentType } from "react";

export interface SegmentedOption<V extends string> {
  value: V;
  label: string;
  icon: ComponentType<{ "aria-hidden"?: boolean; className?: string }>;
}

export function Segmented<V extends string>({ label, options, value, onChange, labelled = false, testIdPrefix }: { label: string; options: readonly SegmentedOption<V>[]; value: V; onChange: (v: V) => void; labelled?: boolean; testIdPrefix?: string }) {
  return (
    <div role="radiogroup" aria-label={label} className="flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
      {options.map(({ value: v, label: name, icon: Icon }) => (
        <button
          key={v}
          type="button"
          role="radio"
          aria-checked={value === v}
          title={labelled ? undefined : name}
          data-testid={testIdPrefix ? `${testIdPrefix}-${v}` : undefined}
          onClick={() => onChange(v)}
          className={clsx(
            "flex items-center rounded",
            labelled ? "gap-1 px-2 py-1 text-xs whitespace-nowrap" : "p-1",
            value === v ? "bg-zinc-200 font-medium text-zinc-900 dark:bg-zinc-700 dark:text-zinc-50" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
          )}
        >
          <Icon aria-hidden className={labelled ? "size-3.5" : "size-4"} />
          {labelled ? name : <span className="sr-only">{name}</span>}
        </button>
      ))}
    </div>
  );
}
