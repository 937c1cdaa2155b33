import { Store } from "lucide-react";
import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import type { Viewer } from "@/lib/auth/viewer";
import { THEME_COOKIE, parseTheme } from "@/lib/theme";
import { LanguageSwitch } from "./language-switch";
import { ShopSwitcher } from "./shop-switcher";
import { ThemeSwitch } from "./theme-switch";
import { UserMenu } from "./user-menu";

/** The top bar: the current shop on the left, preferences and the account on the right. */
export async function Header({ viewer }: { viewer: Viewer }) {
  const t = await getTranslations("header");
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <header className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex min-w-0 items-center gap-2 text-sm" data-testid="current-shop">
        <Store aria-hidden className="size-4 shrink-0 text-zinc-500" />
        <span className="sr-only">{t("shop")}：</span>
        {viewer.shops.length > 1 ? <ShopSwitcher shops={viewer.shops} current={viewer.shopId} /> : <span className="truncate font-medium">{viewer.shopNick}</span>}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <LanguageSwitch />
        <ThemeSwitch initial={theme} />
        <UserMenu nick={viewer.nick} roleLabel={t(`roles.${viewer.role}`)} signOutLabel={t("signOut")} />
      </div>
    </header>
  );
}
