import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getViewer } from "@/lib/auth/viewer";

export default async function Forbidden() {
  const t = await getTranslations();
  const viewer = await getViewer();
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-3 px-6 text-center">
      <p className="text-5xl font-semibold text-brand-600">403</p>
      <h1 className="text-xl font-semibold">{t("forbidden.title")}</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("forbidden.body", { role: viewer ? t(`header.roles.${viewer.role}`) : "—" })}</p>
      <Link href="/orders" className="mt-2 rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        {t("forbidden.back")}
      </Link>
    </main>
  );
}
