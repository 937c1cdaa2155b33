/**
 * What a method handler gets, and strict argument parsing that answers 40/41 with the
 * parameter's name (`Missing required arguments:fields`, `Invalid arguments:page_size`).
 */
import { parseTopTime, presetRange } from "../../lib/time";
import { err } from "../errors";
import type { JsonObject } from "../json";
import { ACCEPTED_TYPE_VALUES, DEFAULT_TYPE_QUERY, S, STATUSES, STATUS_GROUPS, typeMask } from "../model";
import type { ShopStore, TradeFilter } from "../shop";
import type { AppConfig, SandboxStore } from "../store";
import type { Account } from "../tokens";

export interface MethodContext {
  params: ReadonlyMap<string, string>;
  store: SandboxStore;
  app: AppConfig;
  /** The session's account and shop (null for methods without a session). */
  account: Account | null;
  shop: ShopStore | null;
  /** Sandbox clock, epoch seconds. */
  T: number;
}

export interface MethodDef {
  name: string;
  /** Needs a seller session. */
  session: boolean;
  /** Returns the members of `<method>_response` (request_id is added by the gateway). */
  handle(ctx: MethodContext): JsonObject;
}

export function shopOf(ctx: MethodContext): ShopStore {
  if (!ctx.shop) throw new Error("method needs a session");
  return ctx.shop;
}

export function str(ctx: MethodContext, name: string): string | undefined {
  const v = ctx.params.get(name);
  return v === undefined || v.trim() === "" ? undefined : v;
}

export function required(ctx: MethodContext, name: string): string {
  const v = str(ctx, name);
  if (v === undefined) throw err.missingArg(name);
  return v;
}

export function int(ctx: MethodContext, name: string, opts: { min: number; max: number; def?: number }): number | undefined {
  const v = str(ctx, name);
  if (v === undefined) return opts.def;
  if (!/^-?\d{1,15}$/.test(v.trim())) throw err.invalidArg(name, `${name} 必须是整数`);
  const n = Number(v.trim());
  if (n < opts.min || n > opts.max) throw err.invalidArg(name, `${name} 取值范围为 ${opts.min}~${opts.max}`);
  return n;
}

export function bool(ctx: MethodContext, name: string): boolean | undefined {
  const v = str(ctx, name);
  if (v === undefined) return undefined;
  if (v === "true") return true;
  if (v === "false") return false;
  throw err.invalidArg(name, `${name} 只能是 true 或 false`);
}

/** A TOP time argument, as epoch seconds. */
export function time(ctx: MethodContext, name: string): number | undefined {
  const v = str(ctx, name);
  if (v === undefined) return undefined;
  try {
    return Math.floor(parseTopTime(v).getTime() / 1000);
  } catch {
    throw err.invalidArg(name, `${name} 格式必须为 yyyy-MM-dd HH:mm:ss`);
  }
}

/** A tid / oid argument: up to 19 digits. */
export function id(ctx: MethodContext, name: string, need = true): string | undefined {
  const v = need ? required(ctx, name) : str(ctx, name);
  if (v === undefined) return undefined;
  if (!/^[1-9]\d{0,18}$/.test(v.trim())) throw err.invalidArg(name, `${name} 必须是数字编号`);
  return v.trim();
}

export function jsonArg(ctx: MethodContext, name: string): unknown {
  const v = required(ctx, name);
  try {
    return JSON.parse(v);
  } catch {
    throw err.invalidArg(name, `${name} 必须是 JSON`);
  }
}

/** The earliest creation time trades.sold.get may ask for: the start of the Shanghai day three calendar months ago. */
export function threeMonthsAgo(T: number): number {
  return Math.floor(presetRange("last3Months", new Date(T * 1000)).start.getTime() / 1000);
}

/** Page arguments: page_no ≥ 1, page_size 1–100 (default 40). */
export function paging(ctx: MethodContext): { pageNo: number; pageSize: number; useHasNext: boolean } {
  const pageNo = int(ctx, "page_no", { min: 1, max: 1_000_000, def: 1 })!;
  const pageSize = int(ctx, "page_size", { min: 1, max: 100, def: 40 })!;
  return { pageNo, pageSize, useHasNext: bool(ctx, "use_has_next") ?? false };
}

/** `status`, `type`, `buyer_nick`, `buyer_open_id` → a filter. Without `type`, the default-type trap applies. */
export function tradeFilter(ctx: MethodContext, shop: ShopStore): TradeFilter {
  let statuses: Set<number> | null = null;
  const status = str(ctx, "status");
  if (status !== undefined) {
    const group = STATUS_GROUPS[status];
    if (group) statuses = new Set(group.map((s) => S[s]));
    else if ((STATUSES as readonly string[]).includes(status)) statuses = new Set([S[status as keyof typeof S]]);
    else throw err.invalidArg("status", `不支持的交易状态：${status}`);
  }
  const typeParam = str(ctx, "type");
  let types: string[];
  if (typeParam === undefined) types = [...DEFAULT_TYPE_QUERY];
  else {
    types = typeParam.split(",").map((t) => t.trim()).filter(Boolean);
    const bad = types.find((t) => !ACCEPTED_TYPE_VALUES.has(t));
    if (bad !== undefined || types.length === 0) throw err.invalidArg("type", `不支持的交易类型：${bad ?? typeParam}`);
  }
  let buyers: Set<number> | null = null;
  const nick = str(ctx, "buyer_nick");
  const openId = str(ctx, "buyer_open_id");
  if (nick !== undefined || openId !== undefined) {
    buyers = shop.buyersMatching({ nick, openUid: openId });
  }
  return { statuses, types: typeMask(types), buyers };
}
