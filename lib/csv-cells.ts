/**
 * Spreadsheet formula injection (OWASP "CSV Injection"). Excel, LibreOffice and Google Sheets
 * open a CSV cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return, which they
 * skip before one) as a formula: a buyer's or an agent's text such as `=HYPERLINK(…)` or
 * `+cmd|' /C calc'!A0` would run on the machine of whoever opens the export. OWASP's rule: prefix
 * such a text cell with a single quote, which makes it plain text, and keep the cell quoted.
 *
 * Only text cells are neutralised: a number the export writes as a number (an amount of -12.50, a
 * quantity) stays as it is, so the spreadsheet still reads it as one. XLSX needs no prefix: its
 * cells are typed, and the exports write text as string cells, never as formulas.
 */

/** The first characters that make a spreadsheet read a CSV cell as a formula. */
export const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/** A text cell for a CSV file: prefixed with `'` when it would be read as a formula. */
export function csvText(text: string): string {
  return FORMULA_TRIGGER.test(text) ? `'${text}` : text;
}

/** csv-stringify's `quoted_match`: every neutralised cell is written quoted. */
export const QUOTE_NEUTRALISED = /^'[=+\-@\t\r]/;

/**
 * An id cell for a CSV file that Excel opens. Excel reads an all-digit cell as a number: a 19-digit
 * tid keeps 15 significant digits (3.07218E+18, the rest lost for good) and a waybill or an outer
 * id loses its leading zeros. Written as the text formula ="…" (csv-stringify then quotes it as
 * "=""…"""), Excel, WPS and Google Sheets show exactly the digits, as text. Only all-digit values
 * take this form: a formula of digits inside a string literal computes nothing, and anything else
 * goes through csvText like every other text cell.
 */
export function csvId(id: string): string {
  return /^\d+$/.test(id) ? `="${id}"` : csvText(id);
}
