/**
 * The cache's digest, computed exactly as the sandbox's /_sandbox/truth (sandbox/README.md):
 * one line `tid|status|modified|payment` per trade (modified as TOP's GMT+8 `yyyy-MM-dd HH:mm:ss`,
 * payment in yuan with two decimals), lines sorted, joined with "\n", SHA-256 in hex. Equal
 * digests prove the cache holds every trade of the shop, each in its current state.
 */
import "server-only";
import { createHash } from "node:crypto";
import { fenToYuan } from "@/lib/money";
import { formatTopTime } from "@/lib/time";
import type { SqlDriver } from "./sql";
import { syncSql } from "./sql";

export interface CacheDigest {
  nick: string;
  trades: number;
  digest: string;
}

/** The digest lines of a list of trades (exported for tests). */
export function digestOf(lines: string[]): string {
  lines.sort();
  return createHash("sha256").update(lines.join("\n"), "utf8").digest("hex");
}

export function digestLine(tid: string, status: string, modifiedMs: number, paymentFen: number): string {
  return `${tid}|${status}|${formatTopTime(new Date(modifiedMs))}|${fenToYuan(paymentFen)}`;
}

const PAGE = 20_000;

export async function cacheDigest(shopId: string, sql?: SqlDriver): Promise<CacheDigest> {
  const driver = sql ?? (await syncSql());
  const [shop] = await driver.all<{ nick: string }>(`SELECT "nick" FROM "Shop" WHERE "id" = ?`, shopId);
  if (!shop) throw new Error(`No shop ${shopId}`);
  const lines: string[] = [];
  let after = "";
  for (;;) {
    const rows = await driver.all<{ tid: string; status: string; modified: number; paymentFen: number }>(
      `SELECT "tid", "status", "modified", "paymentFen" FROM "Trade" WHERE "shopId" = ? AND "tid" > ? ORDER BY "tid" LIMIT ${PAGE}`,
      shopId,
      after,
    );
    for (const r of rows) lines.push(digestLine(r.tid, r.status, Number(r.modified), Number(r.paymentFen)));
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.tid;
  }
  return { nick: shop.nick, trades: lines.length, digest: digestOf(lines) };
}
