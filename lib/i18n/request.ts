/**
 * next-intl's per-request configuration. The language lives in a cookie (no locale prefix in
 * URLs, so a shared order link works for colleagues in either language); without the cookie we
 * follow the browser's Accept-Language, then fall back to Chinese.
 */
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { DEFAULT_LOCALE, DISPLAY_TIME_ZONE, LOCALE_COOKIE, isLocale, type Locale } from "./config";
import { loadMessages } from "./messages";

function fromAcceptLanguage(header: string | null): Locale | undefined {
  if (!header) return undefined;
  const first = header.split(",")[0]?.trim().toLowerCase() ?? "";
  if (first.startsWith("zh")) return "zh-CN";
  if (first.startsWith("en")) return "en";
  return undefined;
}

export async function resolveLocale(): Promise<Locale> {
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(cookie)) return cookie;
  return fromAcceptLanguage((await headers()).get("accept-language")) ?? DEFAULT_LOCALE;
}

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  return { locale, messages: await loadMessages(locale), timeZone: DISPLAY_TIME_ZONE };
});
