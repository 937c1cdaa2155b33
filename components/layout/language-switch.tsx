"use client";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { LOCALES } from "@/lib/i18n/config";
import { setLocale } from "@/lib/preferences/actions";

export function LanguageSwitch() {
  const t = useTranslations();
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failed, setFailed] = useState(false);
  return (
    <label className="flex items-center gap-1 text-sm">
      <span className="sr-only">{t("language.label")}</span>
      <select
        data-testid="language-switch"
        className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        value={locale}
        disabled={pending}
        aria-invalid={failed || undefined}
        title={failed ? t("preferences.saveFailed") : t("language.label")}
        onChange={(e) => {
          const next = e.target.value;
          startTransition(async () => {
            const result = await setLocale(next);
            setFailed(!result.ok);
            if (result.ok) router.refresh();
          });
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
