import type { Locale } from "./config";
import type zhCN from "./messages/zh-CN.json";

export type Messages = typeof zhCN;

export async function loadMessages(locale: Locale): Promise<Messages> {
  return locale === "en" ? (await import("./messages/en.json")).default : (await import("./messages/zh-CN.json")).default;
}
