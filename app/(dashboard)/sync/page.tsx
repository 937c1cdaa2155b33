import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NoShopState } from "@/components/layout/no-shop-state";
import { PageHeader } from "@/components/layout/page-header";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pages.sync");
  return { title: t("title") };
}

export default async function SyncPage() {
  const t = await getTranslations("pages.sync");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <NoShopState what={t("emptyWhat")} />
    </>
  );
}
