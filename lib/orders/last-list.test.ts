import { describe, expect, it } from "vitest";
import { lastListHref, rememberListUrl } from "./last-list";

function memoryStorage() {
  const m = new Map<string, string>();
  return { setItem: (k: string, v: string) => void m.set(k, v), getItem: (k: string) => m.get(k) ?? null };
}

describe("the last list view", () => {
  it("returns to the remembered filters, with or without a leading ?", () => {
    const s = memoryStorage();
    expect(lastListHref(s)).toBe("/orders");
    rememberListUrl("?tab=waitShip&preset=last7", s);
    expect(lastListHref(s)).toBe("/orders?tab=waitShip&preset=last7");
    rememberListUrl("tab=shipped", s);
    expect(lastListHref(s)).toBe("/orders?tab=shipped");
    rememberListUrl("", s);
    expect(lastListHref(s)).toBe("/orders");
  });

  it("never builds anything but an /orders query from what storage holds", () => {
    for (const bad of ["//evil.example/x", "javascript:alert(1)", "?a b", "?x#frag", `?${"a".repeat(5000)}`]) {
      const s = memoryStorage();
      s.setItem("orderdesk:orders:last-list", bad);
      expect(lastListHref(s)).toBe("/orders");
    }
  });

  it("falls back to /orders when storage throws", () => {
    const broken = {
      setItem: () => {
        throw new Error("quota");
      },
      getItem: () => {
        throw new Error("denied");
      },
    };
    expect(() => rememberListUrl("?tab=all", broken)).not.toThrow();
    expect(lastListHref(broken)).toBe("/orders");
  });
});
