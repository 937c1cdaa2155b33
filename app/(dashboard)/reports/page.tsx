import { BarChart3 } from "lucide-react";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/layout/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { pageViewer } from "@/lib/auth/page";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pages.reports");
  return { title: t("title") };
}

export default async function ReportsPage() {
  await pageViewer("reports.read");
  const t = await getTranslations("pages");
  return (
    <>
      <PageHeader title={t("reports.title")} description={t("reports.description")} />
      <EmptyState testId="reports-syncing" icon={<BarChart3 aria-hidden className="size-5" />} title={t("reports.title")}>
        <p>{t("orders.syncing")}</p>
      </EmptyState>
    </>
  );
}
