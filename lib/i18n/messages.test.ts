import { describe, expect, it } from "vitest";
import { loadMessages, MESSAGE_DOMAINS } from "./messages";

/** Every key path of a message tree, e.g. `orders.tabs.all`. */
function keys(tree: unknown, prefix = ""): string[] {
  if (typeof tree !== "object" || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("message catalogues", () => {
  it("Chinese and English have exactly the same keys", async () => {
    const [zh, en] = await Promise.all([loadMessages("zh-CN"), loadMessages("en")]);
    expect(keys(en).sort()).toEqual(keys(zh).sort());
  });

  it("no message is empty and every domain keeps to its own namespace", async () => {
    const zh = await loadMessages("zh-CN");
    for (const k of keys(zh)) expect(String(k.split(".").reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], zh)).trim(), k).not.toBe("");
    for (const domain of MESSAGE_DOMAINS) {
      const own = (await import(`./messages/${domain}/zh-CN.json`)).default as Record<string, unknown>;
      expect(Object.keys(own)).toEqual([domain]);
    }
  });
});
