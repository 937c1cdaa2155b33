/** A report table as a file: CSV (UTF-8 with BOM, so Excel reads the Chinese) or XLSX (numbers as numbers). */
import "server-only";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { csvText, QUOTE_NEUTRALISED } from "@/lib/csv-cells";
import type { Cell, ReportTable } from "./tables";

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * A CSV cell: numbers as plain numbers (yuan with two decimals, the unit in the header, as the
 * orders export writes them, lib/orders/export.ts), unknowns empty (never 0), text neutralised
 * against formula injection.
 */
const csvCell = (c: Cell): string => (c.unknown ? "" : c.csv !== undefined ? c.csv : csvText(c.text));

/** The notes (what the figures do not cover) follow the table after an empty row, so the header stays the first row. */
const noteRows = (table: ReportTable): string[][] => (table.notes.length ? [[], ...table.notes.map((n) => [csvText(n)])] : []);

export function tableToCsv(table: ReportTable): Buffer {
  const body = stringify([table.columns.map(csvText), ...table.rows.map((r) => r.map(csvCell)), ...noteRows(table)], { record_delimiter: "\r\n", quoted_match: QUOTE_NEUTRALISED });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, "utf8")]);
}

export async function tableToXlsx(table: ReportTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "OrderDesk";
  const ws = wb.addWorksheet(table.title.slice(0, 31).replace(/[\\/?*[\]:]/g, " "));
  ws.addRow([table.caption]).font = { bold: true };
  ws.addRow(table.columns).font = { bold: true };
  for (const r of table.rows) ws.addRow(r.map((c) => (c.unknown ? null : c.value !== undefined ? c.value : c.text)));
  if (table.notes.length) {
    ws.addRow([]);
    for (const n of table.notes) ws.addRow([n]);
  }
  ws.columns.forEach((col, i) => {
    col.width = Math.min(40, Math.max(10, ...[table.columns[i] ?? "", ...table.rows.map((r) => r[i]?.text ?? "")].map((s) => s.length * 1.6)));
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
