/**
 * The orders workspace's status tabs (top-data.md §4): the seller centre's groups plus 退款中
 * (any line with an open refund, Trade.refunding). Shared by the list, the detail page and the
 * reports; safe on the client.
 */
import { TRADE_STATUS_GROUP, TRADE_STATUSES, type TradeStatus, type TradeStatusGroup } from "@/lib/top/types";

export const ORDER_TABS = ["all", "waitPay", "waitShip", "shipped", "refunding", "finished", "closed"] as const;
export type OrderTab = (typeof ORDER_TABS)[number];

/** The statuses of a group, in lifecycle order. */
export function statusesOfGroup(group: TradeStatusGroup): TradeStatus[] {
  return TRADE_STATUSES.filter((s) => TRADE_STATUS_GROUP[s] === group);
}

export function isTradeStatus(s: string): s is TradeStatus {
  return (TRADE_STATUSES as readonly string[]).includes(s);
}

/** The group of a stored status, or null for a status Taobao added after this list was written. */
export function groupOfStatus(status: string): TradeStatusGroup | null {
  return isTradeStatus(status) ? TRADE_STATUS_GROUP[status] : null;
}
