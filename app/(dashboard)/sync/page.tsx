import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/layout/page-header";
import { SyncPanel } from "@/components/sync/sync-panel";
import { pageViewer } from "@/lib/auth/page";
import { syncStatus } from "@/lib/sync/status";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pages.sync");
  return { title: t("title") };
}

export default async function SyncPage() {
  const viewer = await pageViewer("sync.read");
  const t = await getTranslations("pages.sync");
  const initial = await syncStatus(viewer);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <SyncPanel initial={initial} />
    </>
  );
}
