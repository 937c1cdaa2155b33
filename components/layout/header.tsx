import { Store, UserRound } from "lucide-react";
import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { THEME_COOKIE, parseTheme } from "@/lib/theme";
import { LanguageSwitch } from "./language-switch";
import { ThemeSwitch } from "./theme-switch";

/** The top bar: the current shop on the left, preferences and the account on the right. */
export async function Header() {
  const t = await getTranslations("header");
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <header className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex min-w-0 items-center gap-2 text-sm" data-testid="current-shop">
        <Store aria-hidden className="size-4 shrink-0 text-zinc-500" />
        <span className="sr-only">{t("shop")}：</span>
        <span className="truncate text-zinc-600 dark:text-zinc-400">{t("noShop")}</span>
      </div>
      <div className="flex items-center gap-3">
        <LanguageSwitch />
        <ThemeSwitch initial={theme} />
        <div className="flex items-center gap-1 text-sm text-zinc-600 dark:text-zinc-400" data-testid="account">
          <UserRound aria-hidden className="size-4" />
          <span className="sr-only">{t("account")}：</span>
          {t("notSignedIn")}
        </div>
      </div>
    </header>
  );
}
