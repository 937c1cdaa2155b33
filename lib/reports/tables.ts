/**
 * Every report as a plain table of formatted cells: the page renders it beneath its chart and the
 * export writes the very same cells (CSV text; XLSX numbers where a cell has one), so what a
 * manager reads on screen and in the file cannot differ.
 */
import { fenToYuan, formatCny, fenToYuanNumber } from "@/lib/money";
import type { PeriodCoverage } from "./coverage";
import type { HoursReport, KpiReport, KpiKey, Period, ProductRow, ProductsReport, ProvincesReport, ShippingReport, SkuRow, StatusReport, TrendReport, TrendBucket } from "./queries";
import { KPI_KEYS, KPI_KIND, kpiValue, PRODUCTS_PAGE_SIZE } from "./queries";
import { div, percentString, ratio, roundScaled, sub, type Ratio } from "./ratio";

export type Translate = (key: string, values?: Record<string, string | number>) => string;

export interface Cell {
  text: string;
  /** The number a spreadsheet gets (yuan for money, percent for rates, as the column's unit says); absent: text only. */
  value?: number;
  /** The same number exactly as the CSV writes it (money with two decimals, from fen by string arithmetic). */
  csv?: string;
  /** Not known (a period the cache does not fully hold, a ratio over 0): the text says why, exports leave the cell empty, never 0. */
  unknown?: true;
}

export interface ReportTable {
  name: string;
  title: string;
  caption: string;
  columns: string[];
  rows: Cell[][];
  /** What the figures do not cover (lib/reports/coverage.ts), shown above the table and written below it in exports. */
  notes: string[];
}

const txt = (text: string): Cell => ({ text });
const unknown = (text: string): Cell => ({ text, unknown: true });
const count = (n: number): Cell => ({ text: n.toLocaleString("en-US"), value: n, csv: String(n) });
const money = (fen: bigint): Cell => ({ text: formatCny(fen), value: fenToYuanNumber(fen), csv: fenToYuan(fen) });
/** A rate as a percent with two decimals (the column says "%"). */
const pct = (r: Ratio | null): Cell => (r ? { text: `${percentString(r)}%`, value: Number(percentString(r)), csv: percentString(r) } : unknown("—"));
const signed = (s: string) => (s.startsWith("-") ? s : `+${s}`);
/** A column or row label with its unit: 支付金额（元）, 占比（%）. */
export const withUnit = (t: Translate, label: string, unit: "yuan" | "percent" | "hours") => t(`unit.${unit}`, { label });

/** Why a period's figures are missing or incomplete, one sentence each (empty when fully covered). */
export function coverageNotes(c: PeriodCoverage, p: Period, t: Translate): string[] {
  if (c.status === "full") return [];
  const notes: string[] = [];
  if (c.status === "none") notes.push(c.from ? t("coverage.noneBefore", { from: c.from }) : t("coverage.noneYet"));
  else {
    if (c.from && p.from < c.from) notes.push(t("coverage.partialBefore", { from: c.from }));
    if (c.holes.length) notes.push(t("coverage.holes", { days: c.holes.slice(0, 5).join("、"), count: c.holes.length }));
    if (!c.from) notes.push(t("coverage.partialShops"));
  }
  if (c.growing) notes.push(t("coverage.growing"));
  return notes;
}

/** The text of a comparison against a period that is not fully covered. */
export function noBaseText(c: PeriodCoverage, t: Translate): string {
  return c.from ? t("coverage.noBaseBefore", { from: c.from }) : t("coverage.noBase");
}

/** The text of a current figure of a period nothing of which is covered. */
export function noDataText(c: PeriodCoverage, t: Translate): string {
  return c.from ? t("coverage.noDataBefore", { from: c.from }) : t("coverage.noData");
}

export function periodLabel(p: Period): string {
  return p.from === p.to ? p.from : `${p.from} ~ ${p.to}`;
}

export function bucketLabel(b: Period, granularity: TrendReport["granularity"]): string {
  if (granularity === "month" && b.from.endsWith("-01")) {
    const next = new Date(`${b.from}T00:00:00Z`);
    next.setUTCMonth(next.getUTCMonth() + 1);
    next.setUTCDate(0);
    if (next.toISOString().slice(0, 10) === b.to) return b.from.slice(0, 7);
  }
  return periodLabel(b);
}

/* ------------------------------------------------------------------ KPI formatting */

/** A KPI value as shown (exact rounding once, at the end). */
export function formatKpi(key: KpiKey, v: Ratio | null, t: Translate): string {
  if (!v) return t("kpi.none");
  switch (KPI_KIND[key]) {
    case "money":
      return formatCny(roundScaled(v));
    case "count":
      return roundScaled(v).toLocaleString("en-US");
    case "rate":
      return `${percentString(v)}%`;
    case "hours": {
      const h = Number(roundScaled(v));
      return h >= 168 ? t("shipBin.open", { from: 168 }) : t("kpi.hours", { from: h, to: h + 1 });
    }
  }
}

export interface KpiComparison {
  delta: string;
  pct: string;
  /** Sign of the change, for colour: 1 up, -1 down, 0 none/unknown. */
  sign: number;
  /** No comparison: the compared period is not fully covered (the text says why). */
  unknown: boolean;
  /** The change and its percentage as exported numbers (absent when unknown). */
  deltaCell: Cell;
  pctCell: Cell;
}

export function compareKpi(key: KpiKey, cur: Ratio | null, base: Ratio | null, t: Translate, baseCoverage?: PeriodCoverage): KpiComparison {
  if (baseCoverage && baseCoverage.status !== "full") {
    const why = noBaseText(baseCoverage, t);
    return { delta: why, pct: why, sign: 0, unknown: true, deltaCell: unknown(why), pctCell: unknown(why) };
  }
  if (!cur || !base) return { delta: t("kpi.noBase"), pct: t("kpi.noBase"), sign: 0, unknown: false, deltaCell: unknown(t("kpi.noBase")), pctCell: unknown(t("kpi.noBase")) };
  const d = sub(cur, base);
  const sign = d.num > 0n ? 1 : d.num < 0n ? -1 : 0;
  let delta: string;
  let exact: string;
  switch (KPI_KIND[key]) {
    case "money":
      exact = fenToYuan(roundScaled(d));
      delta = signed(formatCny(roundScaled(d)));
      break;
    case "count":
      exact = roundScaled(d).toString();
      delta = signed(roundScaled(d).toLocaleString("en-US"));
      break;
    case "rate":
      exact = percentString(d);
      delta = t("kpi.pp", { value: signed(percentString(d)) });
      break;
    case "hours":
      exact = roundScaled(d).toString();
      delta = t("kpi.hoursDelta", { value: signed(roundScaled(d).toString()) });
      break;
  }
  const rel = base.num === 0n ? null : div(d, base);
  const pctText = rel ? `${signed(percentString(rel))}%` : t("kpi.noBase");
  return {
    delta,
    pct: pctText,
    sign,
    unknown: false,
    deltaCell: { text: delta, value: Number(exact), csv: exact },
    pctCell: rel ? { text: pctText, value: Number(percentString(rel)), csv: percentString(rel) } : unknown(pctText),
  };
}

/** The metric's name with its unit, for the KPI table's rows (the table mixes units). */
function kpiRowLabel(key: KpiKey, t: Translate): string {
  const kind = KPI_KIND[key];
  return kind === "money" ? withUnit(t, t(`kpi.${key}`), "yuan") : kind === "rate" ? withUnit(t, t(`kpi.${key}`), "percent") : kind === "hours" ? withUnit(t, t(`kpi.${key}`), "hours") : t(`kpi.${key}`);
}

/** A KPI value as a table cell: the exported number is yuan, percent or the hour bucket's lower bound. */
function kpiCell(key: KpiKey, v: Ratio | null, t: Translate): Cell {
  const text = formatKpi(key, v, t);
  if (!v) return unknown(text);
  switch (KPI_KIND[key]) {
    case "money":
      return { text, value: fenToYuanNumber(roundScaled(v)), csv: fenToYuan(roundScaled(v)) };
    case "count":
      return { text, value: Number(roundScaled(v)), csv: roundScaled(v).toString() };
    case "rate":
      return { text, value: Number(percentString(v)), csv: percentString(v) };
    case "hours":
      return { text, value: Number(roundScaled(v)), csv: roundScaled(v).toString() };
  }
}

/** "较上期" / "较昨日同时段", "较去年同期" / "较去年同期同时段". */
export function comparisonLabels(r: { sameTime: { until: string } | null }, t: Translate): { previous: string; lastYear: string } {
  return r.sameTime ? { previous: t("kpi.vsYesterdaySameTime"), lastYear: t("kpi.vsLastYearSameTime") } : { previous: t("kpi.vsPrevious"), lastYear: t("kpi.vsLastYear") };
}

export function kpiTable(r: KpiReport, t: Translate): ReportTable {
  const title = t("section.kpis");
  const labels = comparisonLabels(r, t);
  const until = r.sameTime ? t("table.until", { time: r.sameTime.until }) : "";
  const noCurrent = r.coverage.current.status === "none";
  return {
    name: "kpis",
    title,
    caption: t("table.caption", { title, period: periodLabel(r.periods.current) }),
    columns: [
      t("table.metric"),
      `${t("table.current")} ${periodLabel(r.periods.current)}${until}`,
      `${t("table.previous")} ${periodLabel(r.periods.previous)}${until}`,
      `${labels.previous} ${t("table.delta")}`,
      `${labels.previous} ${withUnit(t, t("table.deltaPct"), "percent")}`,
      `${t("table.lastYear")} ${periodLabel(r.periods.lastYear)}${until}`,
      `${labels.lastYear} ${t("table.delta")}`,
      `${labels.lastYear} ${withUnit(t, t("table.deltaPct"), "percent")}`,
    ],
    rows: KPI_KEYS.map((key) => {
      const [c, p, y] = [kpiValue(r.current, key), kpiValue(r.previous, key), kpiValue(r.lastYear, key)];
      if (noCurrent) {
        const why = unknown(noDataText(r.coverage.current, t));
        const cmp = (cov: PeriodCoverage) => (cov.status === "full" ? kpiCell(key, cov === r.coverage.previous ? p : y, t) : unknown(noBaseText(cov, t)));
        return [txt(kpiRowLabel(key, t)), why, cmp(r.coverage.previous), why, why, cmp(r.coverage.lastYear), why, why];
      }
      const vp = compareKpi(key, c, p, t, r.coverage.previous);
      const vy = compareKpi(key, c, y, t, r.coverage.lastYear);
      const base = (v: Ratio | null, cov: PeriodCoverage) => (cov.status === "full" ? kpiCell(key, v, t) : unknown(noBaseText(cov, t)));
      return [txt(kpiRowLabel(key, t)), kpiCell(key, c, t), base(p, r.coverage.previous), vp.deltaCell, vp.pctCell, base(y, r.coverage.lastYear), vy.deltaCell, vy.pctCell];
    }),
    notes: coverageNotes(r.coverage.current, r.periods.current, t),
  };
}

/* ------------------------------------------------------------------ over time */

/** A bucket's label, marked when the cache holds only part of it. */
function bucketCell(b: TrendBucket, r: TrendReport, t: Translate): Cell {
  const label = bucketLabel(b.current, r.granularity);
  return txt(b.curCoverage === "partial" ? t("coverage.partialMark", { label }) : label);
}

export function trendTable(r: TrendReport, t: Translate): ReportTable {
  const title = t("section.trend");
  const why = noBaseText(r.coverage.previous, t);
  const none = noDataText(r.coverage.current, t);
  const until = r.sameTime ? t("table.until", { time: r.sameTime.until }) : "";
  return {
    name: "trend",
    title,
    caption: t("table.caption", { title, period: periodLabel(r.periods.current) }),
    columns: [t("table.bucket"), withUnit(t, t("table.gmv"), "yuan"), t("table.paidTrades"), t("table.compareBucket"), withUnit(t, t("table.cmpGmv"), "yuan"), t("table.cmpPaidTrades")],
    rows: r.buckets.map((b: TrendBucket) => {
      const known = b.curCoverage !== "none";
      return [
        bucketCell(b, r, t),
        known ? money(b.cur.gmvFen) : unknown(none),
        known ? count(b.cur.paidTrades) : unknown(none),
        txt(`${periodLabel(b.previous)}${until}`),
        b.prev ? money(b.prev.gmvFen) : unknown(why),
        b.prev ? count(b.prev.paidTrades) : unknown(why),
      ];
    }),
    notes: coverageNotes(r.coverage.current, r.periods.current, t),
  };
}

export function refundsTable(r: TrendReport, t: Translate): ReportTable {
  const title = t("section.refunds");
  const none = noDataText(r.coverage.current, t);
  return {
    name: "refunds",
    title,
    caption: t("table.caption", { title, period: periodLabel(r.periods.current) }),
    columns: [t("table.bucket"), withUnit(t, t("table.refundFen"), "yuan"), t("table.refundLines"), withUnit(t, t("table.gmv"), "yuan"), withUnit(t, t("table.refundRate"), "percent")],
    rows: r.buckets.map((b) =>
      b.curCoverage === "none"
        ? [bucketCell(b, r, t), unknown(none), unknown(none), unknown(none), unknown(none)]
        : [bucketCell(b, r, t), money(b.cur.refundFen), count(b.cur.refundLines), money(b.cur.gmvFen), pct(ratio(b.cur.refundFen, b.cur.gmvFen))],
    ),
    notes: coverageNotes(r.coverage.current, r.periods.current, t),
  };
}

/* ------------------------------------------------------------------ by dimension */

export function statusTable(r: StatusReport, t: Translate, statusLabel: (code: string) => string): ReportTable {
  const title = t("section.status");
  const n = r.rows.reduce((s, x) => s + x.trades, 0);
  return {
    name: "status",
    title,
    caption: t("table.caption", { title, period: periodLabel(r.period) }),
    columns: [t("table.status"), t("table.trades"), withUnit(t, t("table.amount"), "yuan"), withUnit(t, t("table.share"), "percent")],
    rows: r.coverage.status === "none" ? [] : r.rows.map((x) => [txt(statusLabel(x.key)), count(x.trades), money(x.gmvFen), pct(ratio(x.trades, n))]),
    notes: coverageNotes(r.coverage, r.period, t),
  };
}

const productName = (p: ProductRow, t: Translate) => p.title ?? t("chart.untitled", { id: p.key });

export function productsTable(r: ProductsReport, by: "gmv" | "quantity", t: Translate): ReportTable {
  const title = t(by === "gmv" ? "section.productsGmv" : "section.productsQty");
  const rows = by === "gmv" ? r.byGmv : r.byQuantity;
  return {
    name: by === "gmv" ? "productsGmv" : "productsQty",
    title,
    caption: t("table.caption", { title, period: periodLabel(r.period) }),
    columns: [t("table.rank"), t("table.product"), t("table.numIid"), withUnit(t, t("table.gmv"), "yuan"), t("table.quantity"), t("table.lines")],
    rows: r.coverage.status === "none" ? [] : rows.map((x, i) => [count(i + 1), txt(productName(x, t)), txt(x.key), money(x.gmvFen), count(x.quantity), count(x.trades)]),
    notes: coverageNotes(r.coverage, r.period, t),
  };
}

/** The SKU's name: its properties (颜色分类:红色), else its id; a product without SKUs says so. */
export function skuName(s: SkuRow, t: Translate): string {
  return s.skuId === null ? t("table.noSku") : (s.name ?? t("table.skuId", { id: s.skuId }));
}

/** The full product table: every product of the page (or all, for the export) by GMV, each followed by its SKUs. */
export function productsAllTable(r: ProductsReport, t: Translate): ReportTable {
  const title = t("section.productsAll");
  const offset = (r.detail.page - 1) * PRODUCTS_PAGE_SIZE;
  const rows: Cell[][] = [];
  if (r.coverage.status !== "none")
    r.detail.rows.forEach((p, i) => {
      rows.push([count(offset + i + 1), txt(productName(p, t)), txt(t("table.allSkus")), money(p.gmvFen), count(p.quantity), count(p.trades), txt(p.key), txt("")]);
      for (const s of p.skus) rows.push([txt(""), txt(productName(p, t)), txt(skuName(s, t)), money(s.gmvFen), count(s.quantity), count(s.trades), txt(p.key), txt(s.skuId ?? "")]);
    });
  return {
    name: "productsAll",
    title,
    caption: t("table.caption", { title, period: periodLabel(r.period) }),
    // Names and figures first (what a narrow screen shows), the ids last.
    columns: [t("table.rank"), t("table.product"), t("table.sku"), withUnit(t, t("table.gmv"), "yuan"), t("table.quantity"), t("table.lines"), t("table.numIid"), t("table.skuIdColumn")],
    rows,
    notes: coverageNotes(r.coverage, r.period, t),
  };
}

export function provincesTable(r: ProvincesReport, t: Translate): ReportTable {
  const title = t("section.provinces");
  const gmv = r.rows.reduce((s, x) => s + x.gmvFen, 0n);
  return {
    name: "provinces",
    title,
    caption: t("table.caption", { title, period: periodLabel(r.period) }),
    columns: [t("table.rank"), t("table.province"), withUnit(t, t("table.gmv"), "yuan"), t("table.paidTrades"), withUnit(t, t("table.share"), "percent")],
    rows: r.coverage.status === "none" ? [] : r.rows.map((x, i) => [count(i + 1), txt(x.key || t("table.unknownProvince")), money(x.gmvFen), count(x.trades), pct(ratio(x.gmvFen, gmv))]),
    notes: coverageNotes(r.coverage, r.period, t),
  };
}

export function hoursTable(r: HoursReport, t: Translate): ReportTable {
  const title = t("section.hours");
  const none = r.coverage.status === "none" ? noDataText(r.coverage, t) : null;
  return {
    name: "hours",
    title,
    caption: t("table.caption", { title, period: periodLabel(r.period) }),
    columns: [t("table.weekday"), ...Array.from({ length: 24 }, (_, h) => String(h).padStart(2, "0")), t("table.total")],
    rows: r.cells.map((row, w) => [txt(t(`weekday.${w}`)), ...(none ? row.map(() => unknown("—")) : row.map(count)), none ? unknown("—") : count(row.reduce((s, x) => s + x, 0))]),
    notes: coverageNotes(r.coverage, r.period, t),
  };
}

export function shippingTable(r: ShippingReport, t: Translate): ReportTable {
  const title = t("section.shipping");
  const none = r.coverage.status === "none";
  const median = r.medianHour === null ? unknown(t("kpi.none")) : txt(formatKpi("shipMedian", ratio(r.medianHour), t));
  const mean = r.meanSeconds ? percentString({ num: r.meanSeconds.num, den: r.meanSeconds.den * 360_000n }, 1) : null;
  const label = (b: ShippingReport["bins"][number]) => txt(b.to === null ? t("shipBin.open", { from: b.from }) : t("shipBin.range", { from: b.from, to: b.to }));
  return {
    name: "shipping",
    title,
    caption: t("table.caption", { title, period: periodLabel(r.period) }),
    columns: [t("table.shipBin"), t("table.trades"), withUnit(t, t("table.share"), "percent")],
    rows: [
      ...r.bins.map((b) => (none ? [label(b), unknown("—"), unknown("—")] : [label(b), count(b.trades), pct(ratio(b.trades, r.shipped))])),
      [txt(t("table.shipped")), none ? unknown("—") : count(r.shipped), txt("")],
      [txt(t("table.median")), none ? unknown("—") : median, txt("")],
      [txt(withUnit(t, t("table.mean"), "hours")), none || mean === null ? unknown(t("kpi.none")) : { text: t("kpi.hoursDelta", { value: mean }), value: Number(mean), csv: mean }, txt("")],
    ],
    notes: coverageNotes(r.coverage, r.period, t),
  };
}
