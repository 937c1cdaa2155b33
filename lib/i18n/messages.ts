/**
 * Messages per language: the shell's catalogue (`messages/<locale>.json`) plus one catalogue per
 * domain (`messages/<domain>/<locale>.json`, each a single top-level namespace named after its
 * folder), so that each feature owns its strings and they never collide. `trade` is the shared
 * vocabulary of statuses, refunds, flags, types and shipping.
 */
import type { Locale } from "./config";
import type common from "./messages/zh-CN.json";
import type access from "./messages/access/zh-CN.json";
import type orderDetail from "./messages/orderDetail/zh-CN.json";
import type orders from "./messages/orders/zh-CN.json";
import type reports from "./messages/reports/zh-CN.json";
import type limits from "./messages/limits/zh-CN.json";
import type orderViews from "./messages/orderViews/zh-CN.json";
import type trade from "./messages/trade/zh-CN.json";

export type Messages = typeof common & typeof trade & typeof orders & typeof orderDetail & typeof reports & typeof access & typeof limits & typeof orderViews;

export const MESSAGE_DOMAINS = ["trade", "orders", "orderDetail", "reports", "access", "limits", "orderViews"] as const;

const CATALOGUES: Record<Locale, () => Promise<{ default: object }[]>> = {
  "zh-CN": () =>
    Promise.all([
      import("./messages/zh-CN.json"),
      import("./messages/trade/zh-CN.json"),
      import("./messages/orders/zh-CN.json"),
      import("./messages/orderDetail/zh-CN.json"),
      import("./messages/reports/zh-CN.json"),
      import("./messages/access/zh-CN.json"),
      import("./messages/limits/zh-CN.json"),
      import("./messages/orderViews/zh-CN.json"),
    ]),
  en: () =>
    Promise.all([
      import("./messages/en.json"),
      import("./messages/trade/en.json"),
      import("./messages/orders/en.json"),
      import("./messages/orderDetail/en.json"),
      import("./messages/reports/en.json"),
      import("./messages/access/en.json"),
      import("./messages/limits/en.json"),
      import("./messages/orderViews/en.json"),
    ]),
};

export async function loadMessages(locale: Locale): Promise<Messages> {
  const parts = await CATALOGUES[locale]();
  return Object.assign({}, ...parts.map((p) => p.default)) as Messages;
}
