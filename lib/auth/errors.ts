/**
 * Failures every data-access function may raise. Each carries a code that the action and route
 * wrappers turn into an HTTP status and a translated message (messages key `errors.<code>`).
 */
import { errorBrand } from "@/lib/errors/brand";

export const APP_ERROR_CODES = ["unauthenticated", "forbidden", "notFound", "invalidInput", "conflict", "rateLimited", "shopNeedsReauth", "platform", "internal"] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  notFound: 404,
  invalidInput: 400,
  conflict: 409,
  rateLimited: 429,
  shopNeedsReauth: 409,
  platform: 502,
  internal: 500,
};

export class AppError extends Error {
  override readonly name = "AppError";
  /** Recognises an AppError from any copy of this module (lib/errors/brand.ts); never `instanceof`. */
  static is = errorBrand(AppError, "AppError");
  constructor(
    readonly code: AppErrorCode,
    message: string = code,
    /** Field → message keys, for invalidInput. */
    readonly fields?: Record<string, string[]>,
    /** Values for the translated message `errors.<code>` (e.g. rateLimited: which limit, when it frees up). */
    readonly values?: Record<string, string | number>,
  ) {
    super(message);
  }
}

export const unauthenticated = () => new AppError("unauthenticated");
export const forbidden = (permission?: string) => new AppError("forbidden", permission ? `missing permission ${permission}` : "forbidden");
/** Also used for records of another shop, so a probe learns nothing about them. */
export const notFound = () => new AppError("notFound");
