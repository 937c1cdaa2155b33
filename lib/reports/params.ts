/**
 * The reports page's controls, all in the URL: one definition for the server (validation, the
 * range) and the client (nuqs state). `?preset=last30&granularity=week&shop=all`, or
 * `?preset=custom&from=2026-11-01&to=2026-11-30`.
 */
import { parseAsInteger, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { z } from "zod";
import { addShanghaiDays, parseShanghaiDay, presetRange, shanghaiDayKey, type DatePreset, type DateRange } from "@/lib/time";

export const REPORT_PRESETS = ["today", "yesterday", "last7", "last30", "thisMonth", "lastMonth", "last90", "custom"] as const satisfies readonly (DatePreset | "custom")[];
export type ReportPreset = (typeof REPORT_PRESETS)[number];
export const GRANULARITIES = ["day", "week", "month"] as const;
export type ReportGranularity = (typeof GRANULARITIES)[number];
export const ALL_SHOPS = "all";
export const DEFAULT_PRESET: ReportPreset = "last30";
/** A custom range spans at most this many days (two years: the longest a comparison makes sense over). */
export const MAX_RANGE_DAYS = 731;
/** Days outside these years are typos, not reports (Taobao opened in 2003). */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** nuqs parsers: the client's URL state. Absent shop = the shop the viewer is in. */
export const reportParsers = {
  preset: parseAsStringLiteral(REPORT_PRESETS).withDefault(DEFAULT_PRESET),
  from: parseAsString,
  to: parseAsString,
  granularity: parseAsStringLiteral(GRANULARITIES).withDefault("day"),
  shop: parseAsString,
  /** Page of the full product table (1-based). */
  productsPage: parseAsInteger,
};

/** Error keys (messages `reports.errors.*`) for a bad URL. */
export const PARAM_ERRORS = ["preset", "granularity", "day", "dayRange", "customNeedsDays", "fromAfterTo", "rangeTooLong", "shop", "productsPage"] as const;
export type ParamError = (typeof PARAM_ERRORS)[number];

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Why `s` is not a day a report can cover: not `yyyy-MM-dd` or no such date ("day"), outside MIN_YEAR…MAX_YEAR ("dayRange"). */
export function dayProblem(s: string): "day" | "dayRange" | null {
  const m = DAY.exec(s);
  if (!m) return "day";
  const [y, mo, d] = m.slice(1).map(Number) as [number, number, number];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  if (monthDays === undefined || d < 1 || d > monthDays) return "day";
  return y < MIN_YEAR || y > MAX_YEAR ? "dayRange" : null;
}

/** The instant a valid day starts (Asia/Shanghai), or null: never throws. */
function dayStartMs(s: unknown): number | null {
  return typeof s === "string" && dayProblem(s) === null ? parseShanghaiDay(s).getTime() : null;
}

const dayString = z.string({ error: "day" }).superRefine((s, ctx) => {
  const problem = dayProblem(s);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const one = (v: unknown) => (Array.isArray(v) ? v : v === "" ? undefined : v);

/** The controls as the server validates them (the same names and values as the parsers). */
export const reportParamsSchema = z
  .object({
    preset: z.preprocess(one, z.enum(REPORT_PRESETS, { error: "preset" }).default(DEFAULT_PRESET)),
    from: z.preprocess(one, dayString.optional()),
    to: z.preprocess(one, dayString.optional()),
    granularity: z.preprocess(one, z.enum(GRANULARITIES, { error: "granularity" }).default("day")),
    shop: z.preprocess(one, z.string({ error: "shop" }).regex(/^[A-Za-z0-9_-]{1,64}$/, "shop").optional()),
    productsPage: z.preprocess(one, z.string({ error: "productsPage" }).regex(/^[1-9]\d{0,5}$/, "productsPage").transform(Number).optional()),
  })
  .superRefine((p, ctx) => {
    if (p.preset !== "custom") return;
    if (!p.from || !p.to) return void ctx.addIssue({ code: "custom", message: "customNeedsDays", path: ["from"] });
    // zod runs this refinement even when a day above failed (its issue is already reported):
    // only real days are compared, never parsed here.
    const from = dayStartMs(p.from);
    const to = dayStartMs(p.to);
    if (from === null || to === null) return;
    if (from > to) return void ctx.addIssue({ code: "custom", message: "fromAfterTo", path: ["from"] });
    const days = Math.round((to - from) / 86_400_000) + 1;
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
