/**
 * Export of everything a filtered view matches (not just the page): CSV (UTF-8 with BOM, so Excel
 * reads the Chinese) or XLSX (exceljs's streaming WorkbookWriter), one row per order line or per
 * trade, headers in the UI's language, Asia/Shanghai times, yuan from fen by string arithmetic.
 *
 * Memory stays flat whatever the size: trades are read in keyset batches on (created, tid), the
 * same covering index the list pages on, and each batch is written out before the next is read
 * (the CSV stream pulls batches as the client reads; the XLSX writer waits for the socket to drain).
 * The row count is computed first: the client shows progress against it, and the audit records it.
 *
 * Excel and ids: a 19-digit tid written as a bare number in a CSV becomes 3.07218E+18 in Excel (it
 * keeps 15 significant digits), and a waybill or an outer id loses its leading zeros. So in CSV every
 * all-digit id cell is written as the text formula ="…" (lib/csv-cells.ts), which Excel, WPS and
 * Google Sheets show as exactly those digits; in XLSX ids are string cells formatted as text ("@").
 *
 * Receivers (`receiver`): none (default), masked (as the cache holds them: 闫**, 157****1234, the
 * street with digits masked) or full — decrypted through taobao.top.oaid.decrypt with each field's
 * own scene (lib/orders/reveal.ts), for roles that may reveal only. A full export counts as reveals:
 * three (name, mobile, address) for every trade, taken all at once from the reveal allowance before
 * anything is written, and its audit entry says so with the row count.
 *
 * Limits (lib/auth/limits.ts): one export at a time per user (an ActionLock held, and renewed,
 * until the file is written out or the download is cancelled), the user's and the shop's exports
 * per hour, and a cap on the rows of one file: a view over the cap is refused before anything is
 * written (the dialog says so before the download starts), never cut short.
 */
import "server-only";
import { PassThrough, Readable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { audit } from "@/lib/audit";
import { takeActionLock, type ActionLockHandle } from "@/lib/auth/action-lock";
import { AppError } from "@/lib/auth/errors";
import { actorOf, consumeLimit, shopLimits, type ShopLimits } from "@/lib/auth/limits";
import { authorize } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import type { Locale } from "@/lib/i18n/config";
import ordersEn from "@/lib/i18n/messages/orders/en.json";
import ordersZh from "@/lib/i18n/messages/orders/zh-CN.json";
import tradeEn from "@/lib/i18n/messages/trade/en.json";
import tradeZh from "@/lib/i18n/messages/trade/zh-CN.json";
import { csvId, csvText, QUOTE_NEUTRALISED } from "@/lib/csv-cells";
import { fenToYuan } from "@/lib/money";
import { withShopSession } from "@/lib/shops/tokens";
import { syncSql, type SqlDriver } from "@/lib/sync/sql";
import { oaidDecrypt } from "@/lib/top";
import { formatShanghai } from "@/lib/time";
import { serializeOrderParams, type OrderParams } from "./filters";
import { clientOf, mapPlatformError, type OrderDeps } from "./detail-access";
import { authorizeView, viewShop } from "./list";
import { REVEAL_FIELDS, REVEAL_SCENE, type RevealField } from "./reveal";
import { streetOf } from "./reveal-address";
import { joinAnd, unindexed, viewWhere, type SqlPart } from "./where";

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_PER = ["line", "trade"] as const;
export type ExportPer = (typeof EXPORT_PER)[number];
export const EXPORT_RECEIVER = ["none", "masked", "full"] as const;
export type ExportReceiver = (typeof EXPORT_RECEIVER)[number];
/** Reveals a full-receiver export takes per trade: name, mobile and address, as three 查看 would. */
export const REVEALS_PER_TRADE = REVEAL_FIELDS.length;
const BATCH = 500;
/** oaid.decrypt takes at most 20 entries a call: six trades of three fields each. */
const DECRYPT_TRADES_PER_CALL = Math.floor(20 / REVEALS_PER_TRADE);

const LINE_COLUMNS = ["tid", "oid", "created", "payTime", "consignTime", "status", "buyerNick", "receiverState", "receiverCity", "receiverDistrict", "title", "sku", "outerIid", "num", "price", "linePayment", "lineStatus", "refundStatus", "logisticsCompany", "invoiceNo", "payment", "postFee", "flag", "sellerMemo", "type", "shippingType"] as const;
const TRADE_COLUMNS = ["tid", "created", "payTime", "consignTime", "status", "buyerNick", "receiverState", "receiverCity", "receiverDistrict", "items", "itemCount", "totalFee", "postFee", "discountFee", "adjustFee", "payment", "flag", "sellerMemo", "hasBuyerMessage", "type", "shippingType", "invoiceNo"] as const;
const RECEIVER_COLUMNS = ["receiverName", "receiverMobile", "receiverAddress"] as const;
type Column = (typeof LINE_COLUMNS)[number] | (typeof TRADE_COLUMNS)[number] | (typeof RECEIVER_COLUMNS)[number];
/** Ids and codes: text in both formats, however numeric they look (leading zeros, 19 digits). */
const ID = new Set<Column>(["tid", "oid", "invoiceNo", "outerIid", "receiverMobile"]);
/** Yuan columns: numbers with two decimals in XLSX, exact strings in CSV. */
const MONEY = new Set<Column>(["price", "linePayment", "totalFee", "postFee", "discountFee", "adjustFee", "payment"]);
const INTEGER = new Set<Column>(["num", "itemCount"]);
/** CSV: text cells are neutralised against formula injection (lib/csv-cells.ts); number columns are written as they are. */
const csvRow = (columns: readonly Column[], row: readonly Cell[]): Cell[] =>
  row.map((v, i) => (typeof v !== "string" || MONEY.has(columns[i]!) || INTEGER.has(columns[i]!) ? v : ID.has(columns[i]!) ? csvId(v) : csvText(v)));
const CSV_OPTIONS = { quoted_match: QUOTE_NEUTRALISED };

const MESSAGES = { "zh-CN": { orders: ordersZh.orders, trade: tradeZh.trade }, en: { orders: ordersEn.orders, trade: tradeEn.trade } };

function labels(locale: Locale) {
  const m = MESSAGES[locale];
  const lookup = (table: Record<string, string>, code: string | null, other: string) => (code === null ? "" : (table[code] ?? other.replace("{code}", code)));
  return {
    column: (c: Column) => m.orders.export.columns[c],
    status: (s: string | null) => lookup(m.trade.status, s, m.trade.status.unknown),
    refund: (s: string | null) => lookup(m.trade.refund, s, m.trade.refund.unknown),
    flag: (f: number) => (m.trade.flag as Record<string, string>)[String(f)] ?? String(f),
    type: (s: string | null) => lookup(m.trade.type, s, m.trade.type.other),
    shipping: (s: string | null) => lookup(m.trade.shipping, s, m.trade.shipping.other),
    yesNo: (b: boolean) => (b ? m.orders.export.columns.yes : m.orders.export.columns.no),
    sheet: m.orders.export.sheet,
    fileName: m.orders.export.fileName,
  };
}

interface ExportTrade {
  tid: string;
  created: number;
  payTime: number | null;
  consignTime: number | null;
  status: string;
  buyerNick: string | null;
  receiverState: string | null;
  receiverCity: string | null;
  receiverDistrict: string | null;
  receiverName: string | null;
  receiverMobile: string | null;
  receiverAddress: string | null;
  oaid: string | null;
  totalFeeFen: number;
  postFeeFen: number;
  discountFeeFen: number;
  adjustFeeFen: number;
  paymentFen: number;
  sellerFlag: number;
  sellerMemo: string | null;
  hasBuyerMessage: number | boolean;
  type: string | null;
  shippingType: string | null;
}

interface ExportLine {
  tid: string;
  oid: string;
  title: string;
  skuPropertiesName: string | null;
  outerIid: string | null;
  num: number;
  priceFen: number;
  paymentFen: number;
  status: string;
  refundStatus: string;
  logisticsCompany: string | null;
  invoiceNo: string | null;
}

type Cell = string | number | null;

const time = (ms: number | null) => (ms === null ? "" : formatShanghai(new Date(Number(ms))));

async function* batches(sql: SqlDriver, shopId: string, where: SqlPart): AsyncGenerator<{ trade: ExportTrade; lines: ExportLine[] }[]> {
  let after: { created: number; tid: string } | null = null;
  for (;;) {
    const keyset: SqlPart | null = after ? { sql: `(t."created" < ? OR (t."created" = ? AND t."tid" < ?))`, params: [new Date(after.created), new Date(after.created), after.tid] } : null;
    const w = joinAnd([where, keyset]);
    const trades = await sql.all<ExportTrade>(
      `SELECT t."tid", t."created", t."payTime", t."consignTime", t."status", t."buyerNick", t."receiverState", t."receiverCity", t."receiverDistrict", t."receiverName", t."receiverMobile", t."receiverAddress", t."oaid", t."totalFeeFen", t."postFeeFen", t."discountFeeFen", t."adjustFeeFen", t."paymentFen", t."sellerFlag", t."sellerMemo", t."hasBuyerMessage", t."type", t."shippingType" FROM "Trade" t WHERE ${w.sql} ORDER BY t."created" DESC, t."tid" DESC LIMIT ${BATCH}`,
      ...w.params,
    );
    if (trades.length === 0) return;
    const inO = sql.dialect.in(`o."tid"`, trades.map((t) => t.tid));
    const lines = await sql.all<ExportLine>(
      `SELECT o."tid", o."oid", o."title", o."skuPropertiesName", o."outerIid", o."num", o."priceFen", o."paymentFen", o."status", o."refundStatus", o."logisticsCompany", o."invoiceNo" FROM "TradeOrder" o WHERE ${unindexed(sql.dialect)}o."shopId" = ? AND ${inO.sql} ORDER BY o."tid", o."position"`,
      shopId,
      ...inO.params,
    );
    const byTid = new Map<string, ExportLine[]>();
    for (const l of lines) {
      let list = byTid.get(l.tid);
      if (!list) byTid.set(l.tid, (list = []));
      list.push(l);
    }
    yield trades.map((trade) => ({ trade, lines: byTid.get(trade.tid) ?? [] }));
    const last = trades[trades.length - 1]!;
    after = { created: Number(last.created), tid: last.tid };
    if (trades.length < BATCH) return;
  }
}

export interface ExportResult {
  stream: ReadableStream<Uint8Array>;
  rows: number;
  fileName: string;
  contentType: string;
}

/** An export's lock lives this long past its last batch (a holder that died frees it by then). */
const EXPORT_LOCK_TTL_MS = 2 * 60 * 1000;

export interface ExportOptions {
  format: ExportFormat;
  per: ExportPer;
  locale: Locale;
  receiver?: ExportReceiver;
  now?: Date;
  deps?: OrderDeps;
}

export async function exportOrders(viewer: Viewer, p: OrderParams, opts: ExportOptions): Promise<ExportResult> {
  const shopId = authorizeView(viewer, p.shop, "orders.export");
  // Unmasked receivers are a reveal: the role in the exported shop must be allowed to reveal.
  if (opts.receiver === "full") authorize(viewShop(viewer, p.shop), "orders.revealReceiver");
  const limits = await shopLimits(shopId);
  const lock = await takeActionLock(`export:${viewer.userId}`, EXPORT_LOCK_TTL_MS);
  if (!lock) throw new AppError("rateLimited", "another export of this user is running", undefined, { reason: "busy" });
  try {
    await consumeLimit(actorOf(viewer, shopId), "export", { limits });
    return await writeExport(viewer, shopId, p, opts, limits, lock);
  } catch (e) {
    await lock.release();
    throw e;
  }
}

/** One decrypted receiver per tid; a trade Taobao did not match keeps its masked values. */
type Revealed = Map<string, Partial<Record<RevealField, string>>>;

async function decryptBatch(shopId: string, trades: readonly ExportTrade[], deps: OrderDeps | undefined): Promise<Revealed> {
  const out: Revealed = new Map();
  const withOaid = trades.filter((t) => t.oaid);
  const client = clientOf(deps);
  for (let i = 0; i < withOaid.length; i += DECRYPT_TRADES_PER_CALL) {
    const chunk = withOaid.slice(i, i + DECRYPT_TRADES_PER_CALL);
    const query_list = chunk.flatMap((t) => REVEAL_FIELDS.map((f) => ({ oaid: t.oaid!, tid: t.tid, scene: REVEAL_SCENE[f] })));
    const answers = await withShopSession(shopId, (session) => oaidDecrypt(client, session, { query_list })).catch(mapPlatformError);
    for (const r of answers) {
      if (!r.tid || r.matched === false) continue;
      const trade = chunk.find((t) => t.tid === r.tid);
      const got = out.get(r.tid) ?? {};
      if (r.name) got.name = r.name;
      if (r.mobile) got.mobile = r.mobile;
      if (r.addressDetail) got.address = [r.town, streetOf({ ...r, state: r.state ?? trade?.receiverState ?? null, city: r.city ?? trade?.receiverCity ?? null, district: r.district ?? trade?.receiverDistrict ?? null })].filter(Boolean).join(" ");
      out.set(r.tid, got);
    }
  }
  return out;
}

async function writeExport(viewer: Viewer, shopId: string, p: OrderParams, opts: ExportOptions, limits: ShopLimits, lock: ActionLockHandle): Promise<ExportResult> {
  const maxRows = limits.exportMaxRows;
  const now = opts.now ?? new Date();
  const sql = await syncSql();
  const where = viewWhere(sql.dialect, shopId, p, now).withTab;
  // Counted up to the cap + 1: a view over it is refused without counting all of it.
  const [count] =
    opts.per === "trade"
      ? await sql.all<{ n: number }>(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM "Trade" t WHERE ${where.sql} LIMIT ${maxRows + 1}) AS x`, ...where.params)
      : await sql.all<{ n: number }>(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM "TradeOrder" o JOIN "Trade" t ON t."tid" = o."tid" WHERE ${where.sql} LIMIT ${maxRows + 1}) AS x`, ...where.params);
  const rows = Number(count?.n ?? 0);
  if (rows > maxRows) throw new AppError("invalidInput", `export over ${maxRows} rows`, { rows: ["orders.export.tooMany"] }, { max: maxRows });
  const receiver = opts.receiver ?? "none";
  let reveals = 0;
  if (receiver === "full") {
    const trades = opts.per === "trade" ? rows : Number((await sql.all<{ n: number }>(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM "Trade" t WHERE ${where.sql} LIMIT ${maxRows + 1}) AS x`, ...where.params))[0]?.n ?? 0);
    reveals = trades * REVEALS_PER_TRADE;
    // More than an hour's whole allowance can never be granted: said as such, not as "try at …".
    const allowance = Math.min(limits.actions.reveal.user, limits.actions.reveal.shop);
    if (reveals > allowance) throw new AppError("invalidInput", `receiver export of ${trades} trades over the reveal limit`, { receiver: ["orders.export.receiverTooMany"] }, { max: Math.floor(allowance / REVEALS_PER_TRADE) });
    if (reveals > 0) await consumeLimit(actorOf(viewer, shopId), "reveal", { limits, count: reveals });
  }
  await audit({
    shopId,
    actor: { id: viewer.userId, nick: viewer.nick },
    action: "orders.export",
    newValue: { filter: serializeOrderParams({ ...p, page: 1, size: 20 }) || "(all)", format: opts.format, per: opts.per, rows, receiver, ...(receiver === "full" ? { reveals } : {}) },
  });

  const L = labels(opts.locale);
  const base: readonly Column[] = opts.per === "line" ? LINE_COLUMNS : TRADE_COLUMNS;
  // The receiver's columns follow the region's.
  const at = base.indexOf("receiverDistrict") + 1;
  const columns: readonly Column[] = receiver === "none" ? base : [...base.slice(0, at), ...RECEIVER_COLUMNS, ...base.slice(at)];
  const header = columns.map((c) => L.column(c));
  const money = (fen: number, asNumber: boolean): Cell => (asNumber ? Number(fenToYuan(Number(fen))) : fenToYuan(Number(fen)));
  const toRows = (batch: { trade: ExportTrade; lines: ExportLine[] }[], numbers: boolean, revealed: Revealed): Cell[][] => {
    const out: Cell[][] = [];
    for (const { trade: t, lines } of batch) {
      const r = revealed.get(t.tid) ?? {};
      const common: Partial<Record<Column, Cell>> = {
        tid: t.tid,
        created: time(t.created),
        payTime: time(t.payTime),
        consignTime: time(t.consignTime),
        status: L.status(t.status),
        buyerNick: t.buyerNick ?? "",
        receiverState: t.receiverState ?? "",
        receiverCity: t.receiverCity ?? "",
        receiverDistrict: t.receiverDistrict ?? "",
        receiverName: r.name ?? t.receiverName ?? "",
        receiverMobile: r.mobile ?? t.receiverMobile ?? "",
        receiverAddress: r.address ?? streetOf({ state: t.receiverState, city: t.receiverCity, district: t.receiverDistrict, town: null, addressDetail: t.receiverAddress }),
        payment: money(t.paymentFen, numbers),
        postFee: money(t.postFeeFen, numbers),
        flag: L.flag(Number(t.sellerFlag)),
        sellerMemo: t.sellerMemo ?? "",
        type: L.type(t.type),
        shippingType: L.shipping(t.shippingType),
      };
      if (opts.per === "trade") {
        const row: Partial<Record<Column, Cell>> = {
          ...common,
          items: lines.map((l) => `${l.title}${l.skuPropertiesName ? `（${l.skuPropertiesName}）` : ""} ×${l.num}`).join("；"),
          itemCount: lines.reduce((s, l) => s + Number(l.num), 0),
          totalFee: money(t.totalFeeFen, numbers),
          discountFee: money(t.discountFeeFen, numbers),
          adjustFee: money(t.adjustFeeFen, numbers),
          hasBuyerMessage: L.yesNo(Boolean(t.hasBuyerMessage)),
          invoiceNo: [...new Set(lines.map((l) => l.invoiceNo).filter(Boolean))].join(" "),
        };
        out.push(columns.map((c) => row[c] ?? ""));
      } else {
        for (const l of lines) {
          const row: Partial<Record<Column, Cell>> = {
            ...common,
            oid: l.oid,
            title: l.title,
            sku: l.skuPropertiesName ?? "",
            outerIid: l.outerIid ?? "",
            num: Number(l.num),
            price: money(l.priceFen, numbers),
            linePayment: money(l.paymentFen, numbers),
            lineStatus: L.status(l.status),
            refundStatus: L.refund(l.refundStatus),
            logisticsCompany: l.logisticsCompany ?? "",
            invoiceNo: l.invoiceNo ?? "",
          };
          out.push(columns.map((c) => row[c] ?? ""));
        }
      }
    }
    return out;
  };

  const stamp = formatShanghai(now, "datetime").replace(/[-: ]/g, "").slice(0, 12);
  const fileName = `${L.fileName}-${stamp}.${opts.format}`;
  if (opts.format === "csv") {
    const encoder = new TextEncoder();
    const it = batches(sql, shopId, where);
    let first = true;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (first) {
          first = false;
          controller.enqueue(encoder.encode(stringify([header.map(csvText)], { ...CSV_OPTIONS, bom: true })));
          return;
        }
        try {
          const next = await it.next();
          if (next.done) {
            await lock.release();
            return controller.close();
          }
          await lock.renew();
          const revealed = receiver === "full" ? await decryptBatch(shopId, next.value.map((b) => b.trade), opts.deps) : new Map();
          controller.enqueue(encoder.encode(stringify(toRows(next.value, false, revealed).map((r) => csvRow(columns, r)), CSV_OPTIONS)));
        } catch (e) {
          await lock.release();
          throw e;
        }
      },
      async cancel() {
        await lock.release();
        await it.return(undefined);
      },
    });
    return { stream, rows, fileName, contentType: "text/csv; charset=utf-8" };
  }

  const pass = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: pass, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(L.sheet, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: L.column(c),
    key: c,
    width: c === "title" || c === "items" || c === "receiverAddress" ? 40 : c === "tid" || c === "oid" ? 22 : MONEY.has(c) ? 14 : 16,
    style: MONEY.has(c) ? { numFmt: "0.00" } : INTEGER.has(c) ? { numFmt: "0" } : ID.has(c) ? { numFmt: "@" } : {},
  }));
  // A cancelled or failed download closes the stream: the writer stops and the lock is given up.
  pass.once("close", () => void lock.release());
  const write = async () => {
    for await (const batch of batches(sql, shopId, where)) {
      if (pass.destroyed) return;
      await lock.renew();
      const revealed = receiver === "full" ? await decryptBatch(shopId, batch.map((b) => b.trade), opts.deps) : new Map();
      for (const r of toRows(batch, true, revealed)) sheet.addRow(r).commit();
      if (pass.writableNeedDrain) await new Promise<void>((resolve) => (pass.once("drain", resolve), pass.once("close", resolve)));
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((e: unknown) => pass.destroy(e instanceof Error ? e : new Error(String(e))));
  // The file ends only once the lock is given up, so the next export of this user can start at once.
  const reader = (Readable.toWeb(pass) as ReadableStream<Uint8Array>).getReader();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (!done) return controller.enqueue(value);
        await lock.release();
        controller.close();
      } catch (e) {
        await lock.release();
        throw e;
      }
    },
    async cancel(reason) {
      await lock.release();
      await reader.cancel(reason);
    },
  });
  return {
    stream,
    rows,
    fileName,
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  };
}
