import { RefreshCw } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/layout/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { pageViewer } from "@/lib/auth/page";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pages.orders");
  return { title: t("title") };
}

export default async function OrdersPage() {
  await pageViewer("orders.read");
  const t = await getTranslations("pages");
  return (
    <>
      <PageHeader title={t("orders.title")} description={t("orders.description")} />
      <EmptyState testId="orders-syncing" icon={<RefreshCw aria-hidden className="size-5" />} title={t("orders.title")}>
        <p>{t("orders.syncing")}</p>
        <Link href="/sync" className="mt-3 inline-block font-medium text-brand-600 hover:underline">
          {t("sync.title")}
        </Link>
      </EmptyState>
    </>
  );
}
