/**
 * Export: the file holds exactly the filtered set (row count and sums equal the database), CSV
 * starts with the UTF-8 BOM, XLSX parses with exceljs, headers follow the language, it is
 * audited, and roles without orders.export are refused.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { parseYuan } from "@/lib/money";
import { closeSyncSql } from "@/lib/sync/sql";
import type { TopTrade } from "@/lib/top";
import { presetRange } from "@/lib/time";
import { exportOrders } from "./export";
import { parseOrderFilters } from "./filters";
import { parseCsv } from "@/test/csv";
import { genTrades, newTestShop, testViewer, writeTrades } from "./testing";

const NOW = new Date(Date.UTC(2026, 10, 28, 4, 0, 0));
let shopId: string;
let userId: string;
let trades: TopTrade[];

beforeAll(async () => {
  shopId = await newTestShop("导出测试店");
  // More than one keyset batch (500 trades).
  trades = genTrades({ n: 1_300, seed: 21, end: NOW, days: 30, tidPrefix: "33" });
  await writeTrades(shopId, trades);
  await writeTrades(await newTestShop("别的店"), genTrades({ n: 100, seed: 22, end: NOW, days: 30, tidPrefix: "34" }));
  userId = (await db().user.create({ data: { taobaoUserId: `export-${Date.now()}`, nick: "经理" } })).id;
}, 120_000);

afterAll(async () => {
  await closeSyncSql();
  await db().$disconnect();
});

async function bytes(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}



describe(`export on ${inject("databaseProvider")}`, () => {
  const manager = () => ({ ...testViewer(shopId, "MANAGER"), userId });
  const last7 = presetRange("last7", NOW);
  const inView = (t: TopTrade) => t.created >= last7.start && t.created < last7.end && t.receiverState === "浙江省";

  it("CSV per line: BOM, Chinese headers, exactly the filtered lines, sums equal to the fen", async () => {
    const { params } = parseOrderFilters({ range: "last7", prov: "浙江省" });
    const r = await exportOrders(manager(), params, { format: "csv", per: "line", locale: "zh-CN", now: NOW });
    const buf = await bytes(r.stream);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(buf.subarray(3).toString("utf8"));
    const [header, ...body] = rows;
    expect(header![0]).toBe("订单号");
    expect(header).toContain("子订单实付（元）");
    const want = trades.filter(inView);
    const wantLines = want.flatMap((t) => t.orders);
    expect(r.rows).toBe(wantLines.length);
    expect(body).toHaveLength(wantLines.length);
    const col = header!.indexOf("子订单实付（元）");
    expect(body.reduce((s, row) => s + parseYuan(row[col]!), 0)).toBe(wantLines.reduce((s, o) => s + o.paymentFen, 0));
    expect(new Set(body.map((row) => row[0]))).toEqual(new Set(want.map((t) => t.tid)));
    // Times in Asia/Shanghai (the test host runs in Los Angeles).
    const t0 = want.find((t) => t.tid === body[0]![0])!;
    const sh = new Date(t0.created.getTime() + 8 * 3_600_000).toISOString().replace("T", " ").slice(0, 19);
    expect(body[0]![header!.indexOf("下单时间")]).toBe(sh);
    const entry = await db().auditLog.findFirstOrThrow({ where: { shopId, action: "orders.export" }, orderBy: { createdAt: "desc" } });
    expect(entry.newValue).toMatchObject({ rows: wantLines.length, format: "csv", per: "line" });
    expect(JSON.stringify(entry.newValue)).toContain("last7");
  });

  it("XLSX per trade parses with exceljs: rows and paid sums equal the database; English headers", async () => {
    const { params } = parseOrderFilters({ range: "last7", prov: "浙江省" });
    const r = await exportOrders(manager(), params, { format: "xlsx", per: "trade", locale: "en", now: NOW });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bytes(r.stream)) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header[0]).toBe("Order no.");
    const payCol = header.indexOf("Paid incl. shipping (¥)") + 1;
    const want = trades.filter(inView);
    expect(sheet.rowCount - 1).toBe(want.length);
    expect(r.rows).toBe(want.length);
    let sum = 0;
    const tids = new Set<string>();
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      sum += parseYuan(String(row.getCell(payCol).value));
      tids.add(String(row.getCell(1).value));
    });
    expect(sum).toBe(want.reduce((s, t) => s + t.paymentFen, 0));
    expect(tids).toEqual(new Set(want.map((t) => t.tid)));
  });

  it("exports every batch of an unfiltered view, and only this shop's trades", async () => {
    const r = await exportOrders(manager(), parseOrderFilters({}).params, { format: "csv", per: "trade", locale: "zh-CN", now: NOW });
    const rows = parseCsv((await bytes(r.stream)).subarray(3).toString("utf8")).slice(1);
    expect(rows).toHaveLength(1_300);
    expect(new Set(rows.map((x) => x[0])).size).toBe(1_300);
    expect(rows.every((x) => x[0]!.startsWith("33"))).toBe(true);
  });

  it("refuses customer service", async () => {
    await expect(exportOrders({ ...testViewer(shopId, "CUSTOMER_SERVICE"), userId }, parseOrderFilters({}).params, { format: "csv", per: "line", locale: "zh-CN" })).rejects.toMatchObject({ code: "forbidden" });
  });
});
