import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { SignInButton } from "@/components/auth/sign-in-button";
import { LanguageSwitch } from "@/components/layout/language-switch";
import { getSessionUser, getViewer } from "@/lib/auth/viewer";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("login");
  return { title: t("title") };
}

const KNOWN_ERRORS = ["ShopNotConnected", "SignInFailed", "OAuthCallback", "AccessDenied", "NoMembership"] as const;
const searchSchema = z.object({
  // A repeated or odd value is an unknown error (the generic message), never a crash (500).
  error: z.string().max(64).optional().catch("unknown"),
  // Only same-site paths: never an open redirect.
  callbackUrl: z.string().max(2000).regex(/^\/(?!\/)/).optional().catch(undefined),
});

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getTranslations("login");
  const { error, callbackUrl } = searchSchema.parse(await searchParams);
  const user = await getSessionUser();
  if (user && (await getViewer())) redirect(callbackUrl ?? "/orders");
  const errorKey = user ? "NoMembership" : error ? ((KNOWN_ERRORS as readonly string[]).includes(error) ? error : "default") : null;
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-zinc-200 bg-white p-8 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <p className="text-lg font-semibold text-brand-600">OrderDesk</p>
        <h1 className="mt-4 text-xl font-semibold">{t("subtitle")}</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t("body")}</p>
        {errorKey ? (
          <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
            {t(`errors.${errorKey}` as "errors.default")}
          </p>
        ) : null}
        <div className="mt-6">
          <SignInButton label={t("button")} workingLabel={t("working")} callbackUrl={callbackUrl ?? "/orders"} />
        </div>
        <div className="mt-6 flex justify-end">
          <LanguageSwitch />
        </div>
      </div>
    </main>
  );
}
