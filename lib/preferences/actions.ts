"use server";
/** Preference writes: language and theme (the header), the orders list's density; each kept for a year in a cookie. */
import { cookies } from "next/headers";
import { z } from "zod";
import { DENSITIES, DENSITY_COOKIE } from "@/lib/density";
import { LOCALES, LOCALE_COOKIE } from "@/lib/i18n/config";
import { THEMES, THEME_COOKIE } from "@/lib/theme";

const YEAR = 60 * 60 * 24 * 365;

export type PreferenceResult = { ok: true } | { ok: false; error: "invalid" };

const localeInput = z.enum(LOCALES);
const themeInput = z.enum(THEMES);
const densityInput = z.enum(DENSITIES);

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

export async function setDensity(input: unknown): Promise<PreferenceResult> {
  const parsed = densityInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: "invalid" };
  (await cookies()).set(DENSITY_COOKIE, parsed.data, { path: "/", maxAge: YEAR, sameSite: "lax" });
  return { ok: true };
}
