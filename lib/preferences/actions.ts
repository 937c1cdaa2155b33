"use server";
/** Preference writes from the header: language and theme, each kept for a year in a cookie. */
import { cookies } from "next/headers";
import { z } from "zod";
import { LOCALES, LOCALE_COOKIE } from "@/lib/i18n/config";
import { THEMES, THEME_COOKIE } from "@/lib/theme";

const YEAR = 60 * 60 * 24 * 365;

export type PreferenceResult = { ok: true } | { ok: false; error: "invalid" };

const localeInput = z.enum(LOCALES);
const themeInput = z.enum(THEMES);

export async function setLocale(input: unknown): Promise<PreferenceResult> {
  const parsed = localeInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: "invalid" };
  (await cookies()).set(LOCALE_COOKIE, parsed.data, { path: "/", maxAge: YEAR, sameSite: "lax" });
  return { ok: true };
}

export async function setTheme(input: unknown): Promise<PreferenceResult> {
  const parsed = themeInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: "invalid" };
  (await cookies()).set(THEME_COOKIE, parsed.data, { path: "/", maxAge: YEAR, sameSite: "lax" });
  return { ok: true };
}
