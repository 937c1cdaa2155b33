/** A CSV reader for tests that check what the exports write. */

/** RFC 4180: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/**
 * A CSV cell as Excel reads it on opening the file (no import wizard): ="…" is a formula whose value
 * is that text; a cell that looks like a number becomes a double, shown with at most 15 significant
 * digits (a 19-digit tid turns into 3.07218E+18 and its last digits are gone); anything else is
 * text. Returns what the cell then holds, as text: compare it with the value that was exported.
 */
export function excelReads(cell: string): { type: "text" | "number"; text: string } {
  const formula = /^="((?:[^"]|"")*)"$/.exec(cell);
  if (formula) return { type: "text", text: formula[1]!.replace(/""/g, '"') };
  if (/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(cell)) return { type: "number", text: String(Number(Number(cell).toPrecision(15))) };
  return { type: "text", text: cell };
}

/** Everything a download stream (an export's body) holds. */
export async function streamBytes(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

/** A CSV download's text without its UTF-8 BOM. */
export async function csvText(stream: ReadableStream<Uint8Array>): Promise<string> {
  return (await streamBytes(stream)).subarray(3).toString("utf8");
}
