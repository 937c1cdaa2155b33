import { describe, expect, it } from "vitest";
import { safeCallbackPath, sameOriginPath } from "./redirect";

const ORIGIN = "http://127.0.0.1:3000";

describe("sameOriginPath (issue 18 item 1: open redirect)", () => {
  it.each([
    ["/orders", "/orders"],
    ["/orders?tab=toShip&q=%E5%B0%8F%E7%B1%B3", "/orders?tab=toShip&q=%E5%B0%8F%E7%B1%B3"],
    ["/orders/3521000000000000001#memo", "/orders/3521000000000000001#memo"],
    ["/orders?q=a%20b", "/orders?q=a%20b"],
    ["/sync", "/sync"],
    ["http://127.0.0.1:3000/reports?preset=last7", "/reports?preset=last7"],
    ["/a/../orders", "/orders"],
  ])("accepts the same-origin target %j", (value, path) => {
    expect(sameOriginPath(value, ORIGIN)).toBe(path);
  });

  it.each([
    "/\\evil.com",
    "/\\127.0.0.1:4100/_sandbox/clock",
    "\\\\evil.com",
    "//evil.com",
    "///evil.com",
    "//evil.com/orders",
    "/%2Fevil.com",
    "/%2fevil.com",
    "/%5Cevil.com",
    "/%252Fevil.com",
    "/orders%2F..%2F..%2Fevil",
    "/\t/evil.com",
    "/\n/evil.com",
    "/\r\n/evil.com",
    "/orders\u0000",
    "/orders%00",
    "/orders%0d%0aSet-Cookie:x=1",
    "/ /evil.com",
    "/\u3000/evil.com",
    " /orders",
    "https://evil.com",
    "http://evil.com/orders",
    "http://127.0.0.1:3001/orders",
    "https://127.0.0.1:3000/orders",
    "http://user:pass@127.0.0.1:3000/orders",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.com",
    "orders",
    "",
    "%",
    "/orders?q=100%",
    `/${"a".repeat(2001)}`,
  ])("refuses %j", (value) => {
    expect(sameOriginPath(value, ORIGIN)).toBeNull();
  });

  it("refuses what is not a string", () => {
    for (const v of [undefined, null, 1, ["/orders"], { href: "/orders" }]) expect(sameOriginPath(v, ORIGIN)).toBeNull();
  });

  it("falls back to the orders workspace", () => {
    expect(safeCallbackPath("/\\evil.com", ORIGIN)).toBe("/orders");
    expect(safeCallbackPath(undefined, ORIGIN)).toBe("/orders");
    expect(safeCallbackPath("/settings", ORIGIN)).toBe("/settings");
  });
});
