import { Store } from "lucide-react";
import Link from "next/link";
import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import type { Viewer } from "@/lib/auth/viewer";
import { THEME_COOKIE, parseTheme } from "@/lib/theme";
import { LanguageSwitch } from "./language-switch";
import { MobileMenu } from "./mobile-menu";
import { ShopSwitcher } from "./shop-switcher";
import { SidebarNav } from "./sidebar-nav";
import { ThemeSwitch } from "./theme-switch";
import { UserMenu } from "./user-menu";

/**
 * The top bar. Wide screens: the current shop (or the switcher) on the left, preferences and the
 * account on the right, the navigation in the sidebar. Phones: one bar of 56 px with the app's
 * name, the shop and a menu holding everything else (components/layout/mobile-menu.tsx).
 */
export async function Header({ viewer, showReports }: { viewer: Viewer; showReports: boolean }) {
  const t = await getTranslations("header");
  const ta = await getTranslations("app");
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  const shop = viewer.shops.length > 1 ? <ShopSwitcher shops={viewer.shops} current={viewer.shopId} /> : <span className="truncate font-medium">{viewer.shopNick}</span>;
  const account = <UserMenu nick={viewer.nick} roleLabel={t(`roles.${viewer.role}`)} signOutLabel={t("signOut")} />;
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" data-testid="app-header">
      <div className="flex h-14 items-center gap-2 px-3 md:hidden">
        <Link href="/orders" className="shrink-0 text-base font-semibold text-brand-700 dark:text-brand-500">
          {ta("name")}
        </Link>
        <p className="flex min-w-0 flex-1 items-center gap-1.5 text-sm" data-testid="mobile-shop">
          <Store aria-hidden className="size-4 shrink-0 text-zinc-500" />
          <span className="sr-only">{t("shopLabel")}</span>
          <span className="truncate">{viewer.shopNick}</span>
        </p>
        <MobileMenu label={t("menu")} closeLabel={t("closeMenu")}>
          <SidebarNav showReports={showReports} vertical />
          {viewer.shops.length > 1 ? (
            <div className="text-sm">
              <p className="mb-1 text-xs text-zinc-600 dark:text-zinc-400">{t("switchShop")}</p>
              <ShopSwitcher shops={viewer.shops} current={viewer.shopId} />
            </div>
          ) : null}
          <div className="flex flex-wrap items-center gap-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
            <LanguageSwitch />
            <ThemeSwitch initial={theme} />
          </div>
          <div className="border-t border-zinc-200 pt-4 dark:border-zinc-800">{account}</div>
        </MobileMenu>
      </div>
      <div className="hidden flex-wrap items-center justify-between gap-3 px-4 py-3 md:flex">
        <div className="flex min-w-0 items-center gap-2 text-sm" data-testid="current-shop">
          <Store aria-hidden className="size-4 shrink-0 text-zinc-500" />
          <span className="sr-only">{t("shopLabel")}</span>
          {shop}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <LanguageSwitch />
          <ThemeSwitch initial={theme} />
          {account}
        </div>
      </div>
    </header>
  );
}
