"use client";
import { Monitor, Moon, Sun } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Segmented } from "@/components/ui/segmented";
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
    <Segmented
      label={t("label")}
      options={OPTIONS.map((o) => ({ ...o, label: t(o.value) }))}
      value={theme}
      onChange={(value) => {
        // Applied at once; the cookie makes it stick on the next page load.
        document.documentElement.dataset.theme = value;
        setLocalTheme(value);
        startTransition(async () => {
          await setTheme(value);
        });
      }}
    />
  );
}
