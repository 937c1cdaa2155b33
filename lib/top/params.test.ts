/** Business parameters → wire strings: nothing is ever changed silently on the way (issue 18, item 10). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TopValidationError } from "./errors";
import { serializeParams } from "./params";

describe("serializeParams", () => {
  it("refuses a string holding a lone UTF-16 surrogate instead of sending U+FFFD in its place", () => {
    for (const memo of ["好\ud83d", "\udc00", "a\ud800b", "\ude00😀"]) {
      const e = (() => {
        try {
          serializeParams("taobao.trade.memo.update", { tid: "1", memo });
          return null;
        } catch (x) {
          return x;
        }
      })();
      expect(TopValidationError.is(e), JSON.stringify(memo)).toBe(true);
      expect((e as TopValidationError).param).toBe("memo");
    }
  });

  it("property: every well-formed string is sent exactly as given", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1 }), (memo) => {
        fc.pre(memo.trim() !== "");
        expect(serializeParams("m", { memo }).memo).toBe(memo);
        expect(new TextDecoder().decode(new TextEncoder().encode(memo))).toBe(memo);
      }),
      { numRuns: 500, seed: 1807 },
    );
  });
});
