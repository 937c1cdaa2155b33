/**
 * Money is integer fen (分) everywhere in OrderDesk. TOP sends yuan as decimal strings
 * ("199.99"); we convert them by string arithmetic, never through a float, so no amount ever
 * loses a fen. Sums that may pass 2^53 fen use bigint.
 */

export class MoneyFormatError extends Error {
  override readonly name = "MoneyFormatError";
  constructor(readonly input: unknown) {
    const shown = typeof input === "string" ? JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input) : String(input);
    super(`Invalid amount ${shown}: expected yuan with at most two decimals, e.g. "199.99"`);
  }
}

const YUAN = /^(-)?(\d{1,15})(?:\.(\d{1,2}))?$/;

/** "199.99" → 19999. Accepts an optional minus (改价 can be negative) and 0–2 decimals. */
export function parseYuan(input: string): number {
  if (typeof input !== "string") throw new MoneyFormatError(input);
  const m = YUAN.exec(input.trim());
  if (!m) throw new MoneyFormatError(input);
  const [, minus, whole, frac = ""] = m;
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  return minus && fen !== 0 ? -fen : fen;
}

/** Like parseYuan, but an absent field (undefined, null, "") is zero fen. */
export function parseYuanOrZero(input: string | null | undefined): number {
  return input === undefined || input === null || input === "" ? 0 : parseYuan(input);
}

function assertFen(fen: number | bigint): bigint {
  if (typeof fen === "bigint") return fen;
  if (!Number.isSafeInteger(fen)) throw new MoneyFormatError(fen);
  return BigInt(fen);
}

/** 19999 → "199.99": the TOP money string (no symbol, no grouping, always two decimals). */
export function fenToYuan(fen: number | bigint): string {
  const v = assertFen(fen);
  const abs = v < 0n ? -v : v;
  const yuan = abs / 100n;
  const cents = (abs % 100n).toString().padStart(2, "0");
  return `${v < 0n ? "-" : ""}${yuan}.${cents}`;
}

const GROUPED = /\B(?=(\d{3})+(?!\d))/g;

/**
 * 1234599 → "¥12,345.99". Chinese and English sellers both read yuan as "¥" (Intl's English
 * form "CN¥" is noise to them). Built from the exact digits rather than Intl.NumberFormat(number)
 * so that bigint sums beyond 2^53 fen stay exact too.
 */
export function formatCny(fen: number | bigint): string {
  const s = fenToYuan(fen);
  const negative = s.startsWith("-");
  const [whole = "0", cents = "00"] = (negative ? s.slice(1) : s).split(".");
  return `${negative ? "-" : ""}¥${whole.replace(GROUPED, ",")}.${cents}`;
}

/** Yuan as a plain decimal number for spreadsheets and charts: exact for any amount under 2^53 fen / 100. */
export function fenToYuanNumber(fen: number | bigint): number {
  return Number(fenToYuan(fen));
}
