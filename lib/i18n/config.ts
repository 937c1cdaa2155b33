/** Languages OrderDesk speaks: Chinese first, English second. Shared by server and client code. */
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const LOCALE_COOKIE = "NEXT_LOCALE";
/** Every time is shown in Beijing time, whatever the server's or the browser's zone. */
export const DISPLAY_TIME_ZONE = "Asia/Shanghai";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The language of a request: the cookie, else the browser's first Accept-Language entry, else Chinese. */
export function localeOf(cookie: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookie)) return cookie;
  const first = acceptLanguage?.split(",")[0]?.trim().toLowerCase() ?? "";
  if (first.startsWith("zh")) return "zh-CN";
  if (first.startsWith("en")) return "en";
  return DEFAULT_LOCALE;
}
