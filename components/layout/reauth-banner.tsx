import { TriangleAlert } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { SignInButton } from "@/components/auth/sign-in-button";
import type { Viewer } from "@/lib/auth/viewer";

/** Shown to every member while the shop's authorisation is broken; only the owner can fix it. */
export async function ReauthBanner({ viewer }: { viewer: Viewer }) {
  if (viewer.shopStatus !== "NEEDS_REAUTH") return null;
  const t = await getTranslations("reauth");
  const owner = viewer.role === "OWNER" && !viewer.isSubAccount;
  return (
    <div role="alert" data-testid="reauth-banner" className="flex flex-wrap items-center gap-3 border-b border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <TriangleAlert aria-hidden className="size-4 shrink-0" />
      <div className="min-w-0 flex-1">
        <p className="font-medium">{t("title")}</p>
        <p>{t("body")}</p>
      </div>
      {owner ? <SignInButton variant="banner" label={t("ownerAction")} workingLabel={t("ownerAction")} callbackUrl="/sync" /> : <p>{t("memberHint")}</p>}
    </div>
  );
}
