"use client";
import { BarChart3, ClipboardList, RefreshCw, Settings } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { clsx } from "clsx";

const ITEMS = [
  { href: "/orders", key: "orders", icon: ClipboardList },
  { href: "/reports", key: "reports", icon: BarChart3 },
  { href: "/sync", key: "sync", icon: RefreshCw },
  { href: "/settings", key: "settings", icon: Settings },
] as const;

/** The sections the viewer's role may open: the sidebar's column on wide screens, the menu's column on phones. */
export function SidebarNav({ showReports, vertical = false }: { showReports: boolean; vertical?: boolean }) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  const items = ITEMS.filter((i) => i.key !== "reports" || showReports);
  return (
    <nav aria-label={t("label")}>
      <ul className={clsx("flex gap-1", vertical ? "flex-col" : "overflow-x-auto md:flex-col")}>
        {items.map(({ href, key, icon: Icon }) => {
          const active = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={clsx(
                  "flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap",
                  active
                    ? "bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-100"
                    : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
                )}
              >
                <Icon aria-hidden className="size-4 shrink-0" />
                {t(key)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
