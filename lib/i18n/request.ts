/**
 * next-intl's per-request configuration. The language lives in a cookie (no locale prefix in
 * URLs, so a shared order link works for colleagues in either language); without the cookie we
 * follow the browser's Accept-Language, then fall back to Chinese.
 */
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { DISPLAY_TIME_ZONE, LOCALE_COOKIE, localeOf, type Locale } from "./config";
import { loadMessages } from "./messages";

export async function resolveLocale(): Promise<Locale> {
  return localeOf((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
}

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  return { locale, messages: await loadMessages(locale), timeZone: DISPLAY_TIME_ZONE };
});
