import { inject } from "vitest";
import { describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "../../lib/db/url";
import { cacheDigest } from "../../lib/sync/digest";
import { verifyRollups } from "../../lib/sync/rollups";
import { createSqlDriver } from "../../lib/sync/sql";
import { shopAccounts } from "../../sandbox/defaults";
import { ShopStore } from "../../sandbox/shop";
import { seedCache } from "./seed-cache";

describe("seedCache (benchmark data)", () => {
  // A seed of its own: the database is shared with other test files, and shop accounts (taobaoUserId) are unique per seed.
  it("stores the sandbox's trades exactly (digest = the generator's truth) with consistent rollups", async () => {
    const url = inject("databaseUrl");
    const anchor = new Date("2026-11-20T04:00:00Z");
    const seeded = await seedCache({ databaseUrl: url, trades: 1500, days: 200, seed: 8101, anchor, batch: 400 });
    expect(seeded.trades).toBe(1500);

    const sql = createSqlDriver(parseDatabaseUrl(url));
    try {
      const account = shopAccounts(8101, 1)[0]!;
      const a = Math.floor(anchor.getTime() / 1000);
      const truth = new ShopStore({ seed: 8101, account, trades: 1500, anchor: a, historyStart: a - 200 * 86_400, arrivalPerHour: 0 }).truth(a);
      const digest = await cacheDigest(seeded.shopId, sql);
      expect({ trades: digest.trades, digest: digest.digest }).toEqual(truth);
      expect(await verifyRollups(sql, seeded.shopId)).toEqual([]);
      // The history really spans the requested days (the reports benchmark needs a year, not three months).
      const [span] = await sql.all<{ lo: number | string | Date; hi: number | string | Date }>(`SELECT MIN("created") AS "lo", MAX("created") AS "hi" FROM "Trade" WHERE "shopId" = ?`, seeded.shopId);
      const days = (new Date(span!.hi as string).getTime() - new Date(span!.lo as string).getTime()) / 86_400_000;
      expect(days).toBeGreaterThan(150);
      const [member] = await sql.all<{ role: string }>(`SELECT "role" FROM "Membership" WHERE "shopId" = ? AND "userId" = ?`, seeded.shopId, seeded.userId);
      expect(member?.role).toBe("OWNER");
    } finally {
      await sql.close();
    }
  }, 60_000);
});
