/**
 * Trade APIs: taobao.trades.sold.get, taobao.trades.sold.increment.get,
 * taobao.trade.fullinfo.get, taobao.trades.sold.query.
 *
 * The list APIs always send the full `type` list unless the caller overrides it: without it TOP
 * silently returns only five trade types (top-data.md §4).
 */
import { z } from "zod";
import type { TopClient } from "../client";
import { joinFields, TRADE_FULLINFO_FIELDS, TRADE_LIST_FIELDS } from "../fields";
import { toTopTrade } from "../normalize";
import { tradeFullinfoGetResponseSchema, tradesSoldGetResponseSchema, tradesSoldQueryResponseSchema } from "../schemas/trade";
import { ALL_TRADE_TYPES_QUERY, SOLD_QUERY_SCENES, TRADE_STATUSES, TRADE_STATUS_QUERY_GROUPS, type TopTrade, type TopTradePage } from "../types";
import { fieldsParam, idParam, invoke, pageNoParam, pageSizeParam, topTimeParam, validateInput, type TopWrapperOptions } from "./shared";

export const TRADES_SOLD_GET = "taobao.trades.sold.get";
export const TRADES_SOLD_INCREMENT_GET = "taobao.trades.sold.increment.get";
export const TRADE_FULLINFO_GET = "taobao.trade.fullinfo.get";
export const TRADES_SOLD_QUERY = "taobao.trades.sold.query";

/** Trade list APIs accept at most 100 per page. */
export const MAX_TRADE_PAGE_SIZE = 100;
/** increment.get rejects a `modified` window longer than one day. */
export const MAX_INCREMENT_WINDOW_MS = 24 * 60 * 60 * 1000;

const statusFilter = z.enum([...TRADE_STATUSES, ...TRADE_STATUS_QUERY_GROUPS], {
  error: `must be one of ${[...TRADE_STATUSES, ...TRADE_STATUS_QUERY_GROUPS].join(", ")}`,
});
const typeList = z.union([z.array(z.string().regex(/^[a-z0-9_]+$/, "must be a trade type such as fixed")).min(1), z.string().trim().min(1)], {
  error: "must be a non-empty list of trade types",
});

const listCommon = {
  fields: fieldsParam.optional(),
  status: statusFilter.optional(),
  type: typeList.optional(),
  page_no: pageNoParam.optional(),
  page_size: pageSizeParam(MAX_TRADE_PAGE_SIZE).optional(),
  use_has_next: z.boolean({ error: "must be a boolean" }).optional(),
  buyer_nick: z.string().optional(),
};

const soldGetInput = z
  .strictObject({
    ...listCommon,
    start_created: topTimeParam.optional(),
    end_created: topTimeParam.optional(),
    buyer_open_id: z.string().optional(),
  })
  .superRefine((p, ctx) => {
    if (p.start_created && p.end_created && p.start_created.getTime() >= p.end_created.getTime()) {
      ctx.addIssue({ code: "custom", path: ["start_created"], message: "must be before end_created" });
    }
  });

export type TradesSoldGetParams = z.input<typeof soldGetInput>;

const incrementGetInput = z
  .strictObject({
    ...listCommon,
    start_modified: topTimeParam,
    end_modified: topTimeParam,
  })
  .superRefine((p, ctx) => {
    const span = p.end_modified.getTime() - p.start_modified.getTime();
    if (span <= 0) ctx.addIssue({ code: "custom", path: ["start_modified"], message: "must be before end_modified" });
    else if (span > MAX_INCREMENT_WINDOW_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["end_modified"],
        message: `must be within one day of start_modified (the window spans ${(span / 3_600_000).toFixed(2)} h)`,
      });
    }
  });

export type TradesSoldIncrementGetParams = z.input<typeof incrementGetInput>;

function listParams(p: z.output<typeof soldGetInput> | z.output<typeof incrementGetInput>) {
  return {
    fields: joinFields(p.fields ?? TRADE_LIST_FIELDS),
    status: p.status,
    type: joinFields(p.type ?? ALL_TRADE_TYPES_QUERY),
    page_no: p.page_no,
    page_size: p.page_size,
    use_has_next: p.use_has_next,
    buyer_nick: p.buyer_nick,
  };
}

function toPage(method: string, data: z.output<typeof tradesSoldGetResponseSchema>): TopTradePage {
  return {
    trades: data.trades.map((t, i) => toTopTrade(t, `trades.trade[${i}]`, method)),
    totalResults: data.total_results ?? null,
    hasNext: data.has_next ?? null,
    requestId: data.request_id ?? null,
  };
}

/** The seller's trades by creation time (last 3 months), newest first. */
export async function tradesSoldGet(client: TopClient, session: string, params: TradesSoldGetParams = {}, options?: TopWrapperOptions): Promise<TopTradePage> {
  const p = validateInput(TRADES_SOLD_GET, soldGetInput, params);
  const data = await invoke(
    client,
    TRADES_SOLD_GET,
    { ...listParams(p), start_created: p.start_created, end_created: p.end_created, buyer_open_id: p.buyer_open_id },
    session,
    options,
    tradesSoldGetResponseSchema,
  );
  return toPage(TRADES_SOLD_GET, data);
}

/** Trades by modification time in a window of at most one day (≤ 30 min recommended), most recently modified first. */
export async function tradesSoldIncrementGet(
  client: TopClient,
  session: string,
  params: TradesSoldIncrementGetParams,
  options?: TopWrapperOptions,
): Promise<TopTradePage> {
  const p = validateInput(TRADES_SOLD_INCREMENT_GET, incrementGetInput, params);
  const data = await invoke(
    client,
    TRADES_SOLD_INCREMENT_GET,
    { ...listParams(p), start_modified: p.start_modified, end_modified: p.end_modified },
    session,
    options,
    tradesSoldGetResponseSchema,
  );
  return toPage(TRADES_SOLD_INCREMENT_GET, data);
}

const fullinfoInput = z.strictObject({ tid: idParam, fields: fieldsParam.optional() });
export type TradeFullinfoGetParams = z.input<typeof fullinfoInput>;

/** One trade with every field, including the detail-only ones (buyer message, seller memo). */
export async function tradeFullinfoGet(client: TopClient, session: string, params: TradeFullinfoGetParams, options?: TopWrapperOptions): Promise<TopTrade> {
  const p = validateInput(TRADE_FULLINFO_GET, fullinfoInput, params);
  const data = await invoke(
    client,
    TRADE_FULLINFO_GET,
    { tid: p.tid, fields: joinFields(p.fields ?? TRADE_FULLINFO_FIELDS) },
    session,
    options,
    tradeFullinfoGetResponseSchema,
  );
  return toTopTrade(data.trade, "trade", TRADE_FULLINFO_GET);
}

const soldQueryItem = z
  .strictObject({
    receiver_name: z.string().trim().min(1).optional(),
    receiver_mobile: z.string().trim().min(1).optional(),
    receiver_phone: z.string().trim().min(1).optional(),
  })
  .refine((q) => q.receiver_name || q.receiver_mobile || q.receiver_phone, { message: "needs receiver_name, receiver_mobile or receiver_phone" });

const soldQueryInput = z.strictObject({
  query_list: z.array(soldQueryItem, { error: "must be a list of receiver queries" }).min(1, "must hold at least one query").max(20, "must hold at most 20 queries"),
  scene: z.enum(SOLD_QUERY_SCENES, { error: `must be one of ${SOLD_QUERY_SCENES.join(", ")}` }),
  order_type: z.enum(["1", "2", "3"], { error: "must be 1 (trade), 2 (fenxiao) or 3 (exchange)" }).optional(),
});
export type TradesSoldQueryParams = z.input<typeof soldQueryInput>;

/** The tids (newest first, at most 100) whose receiver matches a full phone number or name. */
export async function tradesSoldQuery(
  client: TopClient,
  session: string,
  params: TradesSoldQueryParams,
  options?: TopWrapperOptions,
): Promise<{ tids: string[]; requestId: string | null }> {
  const p = validateInput(TRADES_SOLD_QUERY, soldQueryInput, params);
  const data = await invoke(
    client,
    TRADES_SOLD_QUERY,
    { query_list: p.query_list, scene: p.scene, order_type: p.order_type },
    session,
    options,
    tradesSoldQueryResponseSchema,
  );
  return { tids: data.tid_list, requestId: data.request_id ?? null };
}
