"use client";
import { Monitor, Moon, Sun } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { clsx } from "clsx";
import { setTheme } from "@/lib/preferences/actions";
import type { Theme } from "@/lib/theme";

const OPTIONS = [
  { value: "system", icon: Monitor },
  { value: "light", icon: Sun },
  { value: "dark", icon: Moon },
] as const satisfies readonly { value: Theme; icon: unknown }[];

export function ThemeSwitch({ initial }: { initial: Theme }) {
  const t = useTranslations("theme");
  const [theme, setLocalTheme] = useState<Theme>(initial);
  const [, startTransition] = useTransition();
  return (
    <div role="radiogroup" aria-label={t("label")} className="flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
      {OPTIONS.map(({ value, icon: Icon }) => (
        <button
          key={value}
          type="button"
          role="radio"
          aria-checked={theme === value}
          title={t(value)}
          className={clsx(
            "rounded p-1",
            theme === value ? "bg-zinc-200 text-zinc-900 dark:bg-zinc-700 dark:text-zinc-50" : "text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100",
          )}
          onClick={() => {
            // Applied at once; the cookie makes it stick on the next page load.
            document.documentElement.dataset.theme = value;
            setLocalTheme(value);
            startTransition(async () => {
              await setTheme(value);
            });
          }}
        >
          <Icon aria-hidden className="size-4" />
          <span className="sr-only">{t(value)}</span>
        </button>
      ))}
    </div>
  );
}
