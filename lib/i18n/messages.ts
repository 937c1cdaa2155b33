/**
 * Messages per language: the shell's catalogue (`messages/<locale>.json`) plus one catalogue per
 * domain (`messages/<domain>/<locale>.json`, each a single top-level namespace), so that each
 * feature owns its strings and they never collide.
 */
import type { Locale } from "./config";
import type common from "./messages/zh-CN.json";
import type orders from "./messages/orders/zh-CN.json";
import type reports from "./messages/reports/zh-CN.json";

export type Messages = typeof common & typeof orders & typeof reports;

export const MESSAGE_DOMAINS = ["orders", "reports"] as const;

export async function loadMessages(locale: Locale): Promise<Messages> {
  const parts =
    locale === "en"
      ? await Promise.all([import("./messages/en.json"), import("./messages/orders/en.json"), import("./messages/reports/en.json")])
      : await Promise.all([import("./messages/zh-CN.json"), import("./messages/orders/zh-CN.json"), import("./messages/reports/zh-CN.json")]);
  return Object.assign({}, ...parts.map((p) => p.default)) as Messages;
}
