/**
 * Issue 18, item 7: every parser of user input and every zod schema of an action or route either
 * accepts or rejects; none throws, whatever it is given (fast-check). The database side of the
 * same promise is lib/orders/url-input.db.test.ts and lib/auth/action-input.db.test.ts; the HTTP
 * side against the production build, e2e/security-input.spec.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { changeRoleInput, removeMemberInput, switchShopInput } from "@/lib/shops/members";
import { syncRunInput } from "@/lib/sync/run-input";
import { REFUND_STATUSES, SHIPPING_TYPES, TRADE_TYPES } from "@/lib/top/types";
import { actionInput, hostileString, mostly, rawParams } from "@/test/fuzz";
import { bulkMemoInput } from "./orders/bulk";
import { flagSchema, memoInputSchema, memoTextSchema, tidSchema } from "./orders/detail-input";
import { hasFilters, isSearchableText, ORDER_DATE_FIELDS, ORDER_RANGES, ORDER_SORTS, parseOrderFilters, SEARCH_MAX, serializeOrderParams } from "./orders/filters";
import { tidInputSchema } from "./orders/refresh";
import { revealInputSchema } from "./orders/reveal";
import { classifySearch } from "./orders/search-kind";
import { shipInputSchema } from "./orders/ship";
import { ORDER_TABS } from "./orders/status";
import { reportParamsSchema } from "./reports/params";

const anyInput = fc.oneof(fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, maxDepth: 3 }), hostileString, actionInput({}));

describe("parseOrderFilters", () => {
  it("property: never throws; what it keeps can be searched and serialised", () => {
    const fields = {
      tab: ORDER_TABS,
      q: ["梳子", "t**", "3796207345637527441", "YT1234567890"],
      df: ORDER_DATE_FIELDS,
      range: ORDER_RANGES,
      from: ["2026-11-01"],
      to: ["2026-11-28"],
      refund: REFUND_STATUSES,
      flag: ["0", "5"],
      msg: ["true", "false"],
      type: TRADE_TYPES,
      ship: SHIPPING_TYPES,
      prov: ["浙江省"],
      min: ["1"],
      max: ["99.5"],
      shop: ["s1"],
      ids: ["3796207345637527441,3796207345637527442"],
      phone: ["138****5678", "13812345678"],
      sort: ORDER_SORTS,
      dir: ["asc", "desc"],
      page: ["1", "7"],
      size: ["20", "100"],
    };
    fc.assert(
      fc.property(rawParams(fields), (raw) => {
        const { params } = parseOrderFilters(raw, ["s1"]);
        expect(params.q.length).toBeLessThanOrEqual(SEARCH_MAX);
        expect(isSearchableText(params.q)).toBe(true);
        if (params.prov !== null) expect(isSearchableText(params.prov)).toBe(true);
        expect(params.page).toBeGreaterThanOrEqual(1);
        serializeOrderParams(params);
        hasFilters(params);
        classifySearch(params.q);
      }),
      { numRuns: 3000, seed: 1807 },
    );
  });
});

describe("every action and route schema accepts or rejects, never throws", () => {
  const schemas: Record<string, [z.ZodType, fc.Arbitrary<unknown>]> = {
    tidSchema: [tidSchema, mostly(["3796207345637527441"])],
    memoTextSchema: [memoTextSchema, mostly(["好评", "😀"])],
    flagSchema: [flagSchema, mostly([0, 5])],
    memoInputSchema: [memoInputSchema, actionInput({ tid: mostly(["1"]), memo: mostly(["好"]), flag: mostly([1]), append: mostly([true]) })],
    tidInputSchema: [tidInputSchema, actionInput({ tid: mostly(["1"]) })],
    revealInputSchema: [revealInputSchema, actionInput({ tid: mostly(["1"]), field: mostly(["mobile"]) })],
    shipInputSchema: [shipInputSchema, actionInput({ tid: mostly(["1"]), companyCode: mostly(["YTO"]), waybill: mostly(["YT1"]), oids: mostly([["1"]]) })],
    bulkMemoInput: [bulkMemoInput, actionInput({ tids: mostly([["1"]]), flag: mostly([1]), memo: mostly(["好"]) })],
    changeRoleInput: [changeRoleInput, actionInput({ memberId: mostly(["c1"]), role: mostly(["MANAGER"]) })],
    removeMemberInput: [removeMemberInput, actionInput({ memberId: mostly(["c1"]) })],
    switchShopInput: [switchShopInput, actionInput({ shopId: mostly(["s1"]) })],
    syncRunInput: [syncRunInput, actionInput({})],
    reportParamsSchema: [reportParamsSchema, rawParams({ preset: ["custom", "last7"], from: ["2026-11-01"], to: ["2026-11-28"], granularity: ["week"], shop: ["all"] })],
  };
  for (const [name, [schema, likely]] of Object.entries(schemas)) {
    it(name, () => {
      fc.assert(
        fc.property(fc.oneof(likely, anyInput), (input) => {
          const r = schema.safeParse(input);
          expect(typeof r.success).toBe("boolean");
        }),
        { numRuns: 1000, seed: 1807 },
      );
    });
  }
});

describe("classifySearch", () => {
  it("property: any text gets a kind or null, never an exception", () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const r = classifySearch(s);
        expect(r === null || typeof r.kind === "string").toBe(true);
      }),
      { numRuns: 2000, seed: 1807 },
    );
  });
});
