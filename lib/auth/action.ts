/**
 * The one way server actions and route handlers run: load the Viewer, validate the input with
 * zod, call the data-access function (which checks the permission and the shop itself), and turn
 * every expected failure into a translated, typed answer. Bad input never crashes anything.
 */
import "server-only";
import { NextResponse } from "next/server";
import { getTranslations } from "next-intl/server";
import type { z } from "zod";
import { log } from "@/lib/log";
import { ShopNeedsReauthError } from "@/lib/shops/tokens";
import { TopClientError } from "@/lib/top";
import { AppError, HTTP_STATUS, type AppErrorCode } from "./errors";
import { requireViewer, type Viewer } from "./viewer";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: AppErrorCode; message: string; fields?: Record<string, string[]> } };

function toAppError(error: unknown): AppError {
  // By brand, never instanceof: the client that threw may come from another copy of lib/top.
  if (AppError.is(error)) return error;
  if (ShopNeedsReauthError.is(error)) return new AppError("shopNeedsReauth");
  if (TopClientError.is(error)) return new AppError("platform", error.message);
  log.error({ err: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined }, "unexpected error in an action");
  return new AppError("internal");
}

async function failure(error: unknown): Promise<Extract<ActionResult<never>, { ok: false }>> {
  const e = toAppError(error);
  const t = await getTranslations("errors");
  return { ok: false, error: { code: e.code, message: t(e.code, e.values), ...(e.fields ? { fields: e.fields } : {}) } };
}

/**
 * PostgreSQL can neither store nor compare text holding NUL (it fails the whole query), and no
 * field of OrderDesk means one: any input string or key with NUL is invalid.
 */
function holdsNul(v: unknown, depth = 0): boolean {
  if (typeof v === "string") return v.includes("\u0000");
  if (v === null || typeof v !== "object" || depth > 64) return false;
  return Object.entries(v).some(([k, x]) => k.includes("\u0000") || holdsNul(x, depth + 1));
}

/** The schema's own reasons first (they are more specific), then no NUL in what it let through. */
function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  if (holdsNul(parsed.data)) throw new AppError("invalidInput", "invalid input", { input: ["nul"] });
  return parsed.data;
}

function invalid(issues: z.core.$ZodIssue[]): AppError {
  const fields: Record<string, string[]> = {};
  for (const i of issues) (fields[i.path.map(String).join(".") || "input"] ??= []).push(i.message);
  return new AppError("invalidInput", "invalid input", fields);
}

/** A server action body: `(input) => ActionResult`. */
export function viewerAction<S extends z.ZodType, T>(schema: S, run: (viewer: Viewer, input: z.output<S>) => Promise<T>) {
  return async (input: unknown): Promise<ActionResult<T>> => {
    try {
      const viewer = await requireViewer();
      return { ok: true, data: await run(viewer, validate(schema, input)) };
    } catch (error) {
      return failure(error);
    }
  };
}

/** A route handler body: JSON in and out, with the error's HTTP status. */
export async function viewerRoute<T>(run: (viewer: Viewer) => Promise<T>): Promise<NextResponse> {
  try {
    const viewer = await requireViewer();
    return NextResponse.json(await run(viewer), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    const f = await failure(error);
    return NextResponse.json({ error: f.error }, { status: HTTP_STATUS[f.error.code], headers: { "Cache-Control": "no-store" } });
  }
}

/** Parses route input (query or body) or throws invalidInput. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  return validate(schema, input);
}
