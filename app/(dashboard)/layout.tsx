import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Header } from "@/components/layout/header";
import { ReauthBanner } from "@/components/layout/reauth-banner";
import { SidebarNav } from "@/components/layout/sidebar-nav";
import { can } from "@/lib/auth/permissions";
import { getSessionUser, getViewer } from "@/lib/auth/viewer";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer();
  if (!viewer) redirect((await getSessionUser()) ? "/login?error=NoMembership" : "/login");
  const t = await getTranslations("app");
  const showReports = can(viewer.role, "reports.read");
  return (
    <div className="flex min-h-dvh flex-col md:flex-row">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm">
        {t("skipToContent")}
      </a>
      {/* The aside stretches with the page (its background with it); its content stays in view. */}
      <aside className="hidden shrink-0 border-r border-zinc-200 bg-white md:block md:w-52 dark:border-zinc-800 dark:bg-zinc-900" data-testid="sidebar">
        <div className="sticky top-0 max-h-dvh overflow-y-auto px-3 py-3">
          <Link href="/orders" className="mb-3 flex flex-col px-3">
            <span className="text-lg font-semibold text-brand-700 dark:text-brand-500">{t("name")}</span>
            <span className="text-xs whitespace-nowrap text-zinc-600 dark:text-zinc-400">{t("tagline")}</span>
          </Link>
          <SidebarNav showReports={showReports} />
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <Header viewer={viewer} showReports={showReports} />
        <ReauthBanner viewer={viewer} />
        <main id="main" className="flex-1 px-4 py-6 md:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}
