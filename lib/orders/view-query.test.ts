import { describe, expect, it } from "vitest";
import { parseOrderFilters } from "./filters";
import { viewHref, viewQueryOf } from "./view-query";

const parse = (raw: Record<string, string>) => parseOrderFilters(raw, ["shop-a"]).params;

describe("a saved view's query", () => {
  it("is the list's own serialisation without shop, page and the view marker", () => {
    expect(viewQueryOf(parse({ tab: "waitShip", prov: "浙江省", page: "4", shop: "shop-a", view: "abc12345", sort: "payment", dir: "asc" }))).toBe("tab=waitShip&prov=浙江省&sort=payment&dir=asc");
    // Defaults are left out, so the unfiltered list is the empty query.
    expect(viewQueryOf(parse({ tab: "all", sort: "created", dir: "desc", size: "20" }))).toBe("");
  });

  it("is the same whatever order the URL gave the parameters in", () => {
    expect(viewQueryOf(parse({ msg: "true", tab: "refunding", min: "100" }))).toBe(viewQueryOf(parse({ min: "100", tab: "refunding", msg: "true" })));
  });

  it("opens as /orders?<query>&view=<id>", () => {
    expect(viewHref({ id: "ck1", query: "tab=closed" })).toBe("/orders?tab=closed&view=ck1");
    expect(viewHref({ id: "ck1", query: "" })).toBe("/orders?view=ck1");
  });
});
