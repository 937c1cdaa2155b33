/**
 * Every report as a plain table of formatted cells: the page renders it beneath its chart and the
 * export writes the very same cells (CSV text; XLSX numbers where a cell has one), so what a
 * manager reads on screen and in the file cannot differ.
 */
import { formatCny, fenToYuanNumber } from "@/lib/money";
import type { HoursReport, KpiReport, KpiKey, Period, ProductsReport, ProvincesReport, ShippingReport, StatusReport, TrendReport, TrendBucket } from "./queries";
import { KPI_KEYS, KPI_KIND, kpiValue } from "./queries";
import { div, percentString, ratio, ratioToNumber, roundScaled, sub, type Ratio } from "./ratio";

export type Translate = (key: string, values?: Record<string, string | number>) => string;

export interface Cell {
  text: string;
  /** The number a spreadsheet gets (yuan for money, a fraction for rates); absent: text only. */
  value?: number;
  /** A figure this code formatted (a signed change, +¥12.00 or -3.4%): a number to the reader, so the CSV leaves it as it is (lib/csv-cells.ts). */
  figure?: true;
}

export interface ReportTable {
  name: string;
  title: string;
  caption: string;
  columns: string[];
  rows: Cell[][];
}

const txt = (text: string): Cell => ({ text });
const fig = (text: string): Cell => ({ text, figure: true });
const count = (n: number): Cell => ({ text: n.toLocaleString("en-US"), value: n });
const money = (fen: bigint): Cell => ({ text: formatCny(fen), value: fenToYuanNumber(fen) });
const pct = (r: Ratio | null): Cell => (r ? { text: `${percentString(r)}%`, value: Number(roundScaled(r, 6)) / 1e6 } : txt("—"));
const signed = (s: string) => (s.startsWith("-") ? s : `+${s}`);

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
}

export function compareKpi(key: KpiKey, cur: Ratio | null, base: Ratio | null, t: Translate): KpiComparison {
  if (!cur || !base) return { delta: t("kpi.noBase"), pct: t("kpi.noBase"), sign: 0 };
  const d = sub(cur, base);
  const sign = d.num > 0n ? 1 : d.num < 0n ? -1 : 0;
  let delta: string;
  switch (KPI_KIND[key]) {
    case "money":
      delta = signed(formatCny(roundScaled(d)));
      break;
    case "count":
      delta = signed(roundScaled(d).toLocaleString("en-US"));
      break;
    case "rate":
      delta = t("kpi.pp", { value: signed(percentString(d)) });
      break;
    case "hours":
      delta = t("kpi.hoursDelta", { value: signed(roundScaled(d).toString()) });
      break;
  }
  const rel = base.num === 0n ? null : div(d, base);
  return { delta, pct: rel ? `${signed(percentString(rel))}%` : t("kpi.noBase"), sign };
}

export function kpiTable(r: KpiReport, t: Translate): ReportTable {
  const title = t("section.kpis");
  return {
    name: "kpis",
    title,
    caption: t("table.caption", { title, period: periodLabel(r.periods.current) }),
    columns: [t("table.metric"), `${t("table.current")} ${periodLabel(r.periods.current)}`, `${t("table.previous")} ${periodLabel(r.periods.previous)}`, `${t("kpi.vsPrevious")} ${t("table.delta")}`, `${t("kpi.vsPrevious")} ${t("table.deltaPct")}`, `${t("table.lastYear")} ${periodLabel(r.periods.lastYear)}`, `${t("kpi.vsLastYear")} ${t("table.delta")}`, `${t("kpi.vsLastYear")} ${t("table.deltaPct")}`],
    rows: KPI_KEYS.map((key) => {
      const [c, p, y] = [kpiValue(r.current, key), kpiValue(r.previous, key), kpiValue(r.lastYear, key)];
      const vp = compareKpi(key, c, p, t);
      const vy = compareKpi(key, c, y, t);
      const cell = (v: Ratio | null): Cell => ({ text: formatKpi(key, v, t), ...(v && KPI_KIND[key] !== "hours" ? { value: KPI_KIND[key] === "money" ? Number(roundScaled(v)) / 100 : ratioToNumber(v) } : {}) });
      return [txt(t(`kpi.${key}`)), cell(c), cell(p), fig(vp.delta), fig(vp.pct), cell(y), fig(vy.delta), fig(vy.pct)];
    }),
  };
}

/* ------------------------------------------------------------------ over time */

export function trendTable(r: TrendReport, t: Translate): ReportTable {
  const title = t("section.trend");
  return {
    name: "trend",
    title,
    caption: t("table.caption", { title, period: periodLabel(r.periods.current) }),
    columns: [t("table.bucket"), t("table.gmv"), t("table.paidTrades"), t("table.compareBucket"), t("table.cmpGmv"), t("table.cmpPaidTrades")],
    rows: r.buckets.map((b: TrendBucket) => [txt(bucketLabel(b.current, r.granularity)), money(b.cur.gmvFen), count(b.cur.paidTrades), txt(periodLabel(b.previous)), money(b.prev.gmvFen), count(b.prev.paidTrades)]),
  };
}

export function refundsTable(r: TrendReport, t: Translate): ReportTable {
  const title = t("section.refunds");
  return {
    name: "refunds",
    title,
    caption: t("table.caption", { title, period: periodLabel(r.periods.current) }),
    columns: [t("table.bucket"), t("table.refundFen"), t("table.refundLines"), t("table.gmv"), t("table.refundRate")],
    rows: r.buckets.map((b) => [txt(bucketLabel(b.current, r.granularity)), money(b.cur.refundFen), count(b.cur.refundLines), money(b.cur.gmvFen), pct(ratio(b.cur.refundFen, b.cur.gmvFen))]),
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
    columns: [t("table.status"), t("table.trades"), t("table.amount"), t("table.share")],
    rows: r.rows.map((x) => [txt(statusLabel(x.key)), count(x.trades), money(x.gmvFen), pct(ratio(x.trades, n))]),
  };
}

export function productsTable(r: ProductsReport, by: "gmv" | "quantity", t: Translate): ReportTable {
  const title = t(by === "gmv" ? "section.productsGmv" : "section.productsQty");
  const rows = by === "gmv" ? r.byGmv : r.byQuantity;
  return {
    name: by === "gmv" ? "productsGmv" : "productsQty",
    title,
    caption: t("table.caption", { title, period: periodLabel(r.period) }),
    columns: [t("table.rank"), t("table.product"), t("table.numIid"), t("table.gmv"), t("table.quantity"), t("table.trades")],
    rows: rows.map((x, i) => [count(i + 1), txt(x.title ?? t("chart.untitled", { id: x.key })), txt(x.key), money(x.gmvFen), count(x.quantity), count(x.trades)]),
  };
}

export function provincesTable(r: ProvincesReport, t: Translate): ReportTable {
  const title = t("section.provinces");
  const gmv = r.rows.reduce((s, x) => s + x.gmvFen, 0n);
  return {
    name: "provinces",
    title,
    caption: t("table.caption", { title, period: periodLabel(r.period) }),
    columns: [t("table.rank"), t("table.province"), t("table.gmv"), t("table.paidTrades"), t("table.share")],
    rows: r.rows.map((x, i) => [count(i + 1), txt(x.key || t("table.unknownProvince")), money(x.gmvFen), count(x.trades), pct(ratio(x.gmvFen, gmv))]),
  };
}

export function hoursTable(r: HoursReport, t: Translate): ReportTable {
  const title = t("section.hours");
  return {
    name: "hours",
    title,
    caption: t("table.caption", { title, period: periodLabel(r.period) }),
    columns: [t("table.weekday"), ...Array.from({ length: 24 }, (_, h) => String(h).padStart(2, "0")), t("table.total")],
    rows: r.cells.map((row, w) => [txt(t(`weekday.${w}`)), ...row.map(count), count(row.reduce((s, x) => s + x, 0))]),
  };
}

export function shippingTable(r: ShippingReport, t: Translate): ReportTable {
  const title = t("section.shipping");
  const median = r.medianHour === null ? t("kpi.none") : formatKpi("shipMedian", ratio(r.medianHour), t);
  const mean = r.meanSeconds ? t("kpi.hoursDelta", { value: percentString({ num: r.meanSeconds.num, den: r.meanSeconds.den * 360_000n }, 1) }) : t("kpi.none");
  return {
    name: "shipping",
    title,
    caption: t("table.caption", { title, period: periodLabel(r.period) }),
    columns: [t("table.shipBin"), t("table.trades"), t("table.share")],
    rows: [
      ...r.bins.map((b) => [txt(b.to === null ? t("shipBin.open", { from: b.from }) : t("shipBin.range", { from: b.from, to: b.to })), count(b.trades), pct(ratio(b.trades, r.shipped))]),
      [txt(t("table.shipped")), count(r.shipped), txt("")],
      [txt(t("table.median")), txt(median), txt("")],
      [txt(t("table.mean")), txt(mean), txt("")],
    ],
  };
}
