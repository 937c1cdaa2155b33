import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { SignInButton } from "@/components/auth/sign-in-button";
import { LanguageSwitch } from "@/components/layout/language-switch";
import { safeCallbackPath } from "@/lib/auth/redirect";
import { getSessionUser, getViewer } from "@/lib/auth/viewer";
import { env } from "@/lib/env";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("login");
  return { title: t("title") };
}

const KNOWN_ERRORS = ["ShopNotConnected", "SignInFailed", "OAuthCallback", "AccessDenied", "NoMembership"] as const;
/** A sign-in that found no active membership: a page of its own, not an error line. */
const MEMBERSHIP_NOTICES = ["MembershipPending", "MembershipRemoved"] as const;
type MembershipNotice = (typeof MEMBERSHIP_NOTICES)[number];

const searchSchema = z.object({
  // A repeated or odd value is an unknown error (the generic message), never a crash (500).
  error: z.string().max(64).optional().catch("unknown"),
  // Checked by safeCallbackPath below (same origin only): never an open redirect.
  callbackUrl: z.string().max(2000).optional().catch(undefined),
});

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getTranslations();
  const { error, callbackUrl: requested } = searchSchema.parse(await searchParams);
  // Only a path on this origin: never an open redirect (lib/auth/redirect.ts).
  const callbackUrl = safeCallbackPath(requested, new URL(env().NEXTAUTH_URL).origin);
  const user = await getSessionUser();
  if (user && (await getViewer())) redirect(callbackUrl);
  const notice = !user && (MEMBERSHIP_NOTICES as readonly string[]).includes(error ?? "") ? (error as MembershipNotice) : null;
  const errorKey = notice ? null : user ? "NoMembership" : error ? ((KNOWN_ERRORS as readonly string[]).includes(error) ? error : "default") : null;
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-zinc-200 bg-white p-8 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <p className="text-lg font-semibold text-brand-700 dark:text-brand-500">OrderDesk</p>
        {notice ? (
          <div role="alert" data-testid="membership-notice" data-notice={notice}>
            <h1 className="mt-4 text-xl font-semibold">{t(`access.notice.${notice}.title`)}</h1>
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t(`access.notice.${notice}.body`)}</p>
          </div>
        ) : (
          <>
            <h1 className="mt-4 text-xl font-semibold">{t("login.subtitle")}</h1>
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t("login.body")}</p>
          </>
        )}
        {errorKey ? (
          <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
            {t(`login.errors.${errorKey}` as "login.errors.default")}
          </p>
        ) : null}
        <div className="mt-6">
          <SignInButton label={notice ? t(`access.notice.${notice}.retry`) : t("login.button")} workingLabel={t("login.working")} callbackUrl={callbackUrl} />
        </div>
        <div className="mt-6 flex justify-end">
          <LanguageSwitch />
        </div>
      </div>
    </main>
  );
}
