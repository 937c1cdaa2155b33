/**
 * The reports page's controls, all in the URL: one definition for the server (validation, the
 * range) and the client (nuqs state). `?preset=last30&granularity=week&shop=all`, or
 * `?preset=custom&from=2026-11-01&to=2026-11-30`.
 */
import { parseAsString, parseAsStringLiteral } from "nuqs/server";
import { z } from "zod";
import { addShanghaiDays, parseShanghaiDay, presetRange, shanghaiDayKey, TimeFormatError, type DatePreset, type DateRange } from "@/lib/time";

export const REPORT_PRESETS = ["today", "yesterday", "last7", "last30", "thisMonth", "lastMonth", "last90", "custom"] as const satisfies readonly (DatePreset | "custom")[];
export type ReportPreset = (typeof REPORT_PRESETS)[number];
export const GRANULARITIES = ["day", "week", "month"] as const;
export type ReportGranularity = (typeof GRANULARITIES)[number];
export const ALL_SHOPS = "all";
export const DEFAULT_PRESET: ReportPreset = "last30";
/** A custom range spans at most this many days (two years: the longest a comparison makes sense over). */
export const MAX_RANGE_DAYS = 731;

/** nuqs parsers: the client's URL state. Absent shop = the shop the viewer is in. */
export const reportParsers = {
  preset: parseAsStringLiteral(REPORT_PRESETS).withDefault(DEFAULT_PRESET),
  from: parseAsString,
  to: parseAsString,
  granularity: parseAsStringLiteral(GRANULARITIES).withDefault("day"),
  shop: parseAsString,
};

/** Error keys (messages `reports.errors.*`) for a bad URL. */
export const PARAM_ERRORS = ["preset", "granularity", "day", "customNeedsDays", "fromAfterTo", "rangeTooLong", "shop"] as const;
export type ParamError = (typeof PARAM_ERRORS)[number];

const dayString = z.string().refine((s) => {
  try {
    parseShanghaiDay(s);
    return true;
  } catch (e) {
    if (TimeFormatError.is(e)) return false;
    throw e;
  }
}, "day");

const one = (v: unknown) => (Array.isArray(v) ? v : v === "" ? undefined : v);

/** The controls as the server validates them (the same names and values as the parsers). */
export const reportParamsSchema = z
  .object({
    preset: z.preprocess(one, z.enum(REPORT_PRESETS, { error: "preset" }).default(DEFAULT_PRESET)),
    from: z.preprocess(one, dayString.optional()),
    to: z.preprocess(one, dayString.optional()),
    granularity: z.preprocess(one, z.enum(GRANULARITIES, { error: "granularity" }).default("day")),
    shop: z.preprocess(one, z.string({ error: "shop" }).regex(/^[A-Za-z0-9_-]{1,64}$/, "shop").optional()),
  })
  .superRefine((p, ctx) => {
    if (p.preset !== "custom") return;
    if (!p.from || !p.to) return void ctx.addIssue({ code: "custom", message: "customNeedsDays", path: ["from"] });
    if (p.from > p.to) return void ctx.addIssue({ code: "custom", message: "fromAfterTo", path: ["from"] });
    const days = Math.round((parseShanghaiDay(p.to).getTime() - parseShanghaiDay(p.from).getTime()) / 86_400_000) + 1;
    if (days > MAX_RANGE_DAYS) ctx.addIssue({ code: "custom", message: "rangeTooLong", path: ["to"] });
  });
export type ReportParams = z.output<typeof reportParamsSchema>;

export type ParsedParams = { ok: true; params: ReportParams } | { ok: false; errors: ParamError[] };

/** Validates raw search params; every problem becomes one translatable key. */
export function parseReportParams(raw: Record<string, string | string[] | undefined>): ParsedParams {
  const r = reportParamsSchema.safeParse(raw);
  if (r.success) return { ok: true, params: r.data };
  const errors = new Set<ParamError>();
  for (const issue of r.error.issues) errors.add((PARAM_ERRORS as readonly string[]).includes(issue.message) ? (issue.message as ParamError) : issue.path[0] === "from" || issue.path[0] === "to" ? "day" : "preset");
  return { ok: false, errors: [...errors] };
}

/** The half-open instant range the controls name, in Asia/Shanghai days. */
export function rangeOf(p: Pick<ReportParams, "preset" | "from" | "to">, now: Date = new Date()): DateRange {
  if (p.preset === "custom") return { start: parseShanghaiDay(p.from!), end: addShanghaiDays(parseShanghaiDay(p.to!), 1) };
  return presetRange(p.preset, now);
}

/** First and last Asia/Shanghai day (inclusive) of a range of whole days. */
export function dayBounds(range: DateRange): { from: string; to: string } {
  return { from: shanghaiDayKey(range.start), to: shanghaiDayKey(new Date(range.end.getTime() - 1)) };
}
