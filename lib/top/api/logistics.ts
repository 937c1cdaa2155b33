/**
 * Logistics APIs: taobao.logistics.trace.search, taobao.logistics.companies.get,
 * taobao.logistics.offline.send. Trades and traces carry the carrier **name**; offline.send
 * takes the carrier **code**.
 */
import { z } from "zod";
import type { TopClient } from "../client";
import { joinFields, LOGISTICS_COMPANY_FIELDS } from "../fields";
import { toTopLogisticsCompany, toTopTrace } from "../normalize";
import { logisticsCompaniesGetResponseSchema, logisticsOfflineSendResponseSchema, logisticsTraceSearchResponseSchema } from "../schemas/logistics";
import type { TopLogisticsCompany, TopTrace } from "../types";
import { fieldsParam, idParam, invoke, validateInput, type TopWrapperOptions } from "./shared";

export const LOGISTICS_TRACE_SEARCH = "taobao.logistics.trace.search";
export const LOGISTICS_COMPANIES_GET = "taobao.logistics.companies.get";
export const LOGISTICS_OFFLINE_SEND = "taobao.logistics.offline.send";

/** `sub_tid`: order ids of a split shipment, as a list or a comma-separated string. */
const subTids = z.union([z.array(idParam).min(1), z.string().regex(/^\d{1,20}(,\d{1,20})*$/, "must be comma-separated ids")], {
  error: "must be a list of order ids",
});
const joinIds = (v: readonly string[] | string | undefined) => (v === undefined ? undefined : typeof v === "string" ? v : v.join(","));

const traceInput = z
  .strictObject({
    tid: idParam,
    is_split: z.union([z.literal(0), z.literal(1)], { error: "must be 0 or 1" }).optional(),
    sub_tid: subTids.optional(),
    seller_nick: z.string().optional(),
  })
  .refine((p) => p.is_split !== 1 || p.sub_tid !== undefined, { path: ["sub_tid"], message: "is required when is_split is 1" });
export type LogisticsTraceSearchParams = z.input<typeof traceInput>;

/** A parcel's tracking steps (oldest first). */
export async function logisticsTraceSearch(
  client: TopClient,
  session: string,
  params: LogisticsTraceSearchParams,
  options?: TopWrapperOptions,
): Promise<TopTrace> {
  const p = validateInput(LOGISTICS_TRACE_SEARCH, traceInput, params);
  const data = await invoke(
    client,
    LOGISTICS_TRACE_SEARCH,
    { tid: p.tid, is_split: p.is_split, sub_tid: joinIds(p.sub_tid), seller_nick: p.seller_nick },
    session,
    options,
    logisticsTraceSearchResponseSchema,
  );
  return toTopTrace(data);
}

const companiesInput = z.strictObject({
  fields: fieldsParam.optional(),
  is_recommended: z.boolean({ error: "must be a boolean" }).optional(),
  order_mode: z.enum(["offline", "online", "all"], { error: "must be offline, online or all" }).optional(),
});
export type LogisticsCompaniesGetParams = z.input<typeof companiesInput>;

/** The carriers (code, name, waybill pattern). No session needed. */
export async function logisticsCompaniesGet(
  client: TopClient,
  params: LogisticsCompaniesGetParams = {},
  options?: TopWrapperOptions & { session?: string },
): Promise<TopLogisticsCompany[]> {
  const p = validateInput(LOGISTICS_COMPANIES_GET, companiesInput, params);
  const { session, ...rest } = options ?? {};
  const data = await invoke(
    client,
    LOGISTICS_COMPANIES_GET,
    { fields: joinFields(p.fields ?? LOGISTICS_COMPANY_FIELDS), is_recommended: p.is_recommended, order_mode: p.order_mode },
    session,
    rest,
    logisticsCompaniesGetResponseSchema,
  );
  return data.logistics_companies.map(toTopLogisticsCompany);
}

const offlineSendInput = z
  .strictObject({
    tid: idParam,
    out_sid: z
      .string({ error: "is required: the waybill number" })
      .trim()
      .min(1, "is required: the waybill number")
      .max(64, "must be at most 64 characters")
      .regex(/^[A-Za-z0-9-]+$/, "must contain only letters, digits and '-'"),
    company_code: z
      .string({ error: "is required: a carrier code such as ZTO" })
      .trim()
      .min(1, "is required: a carrier code such as ZTO")
      .regex(/^[A-Za-z0-9_]+$/, "must be a carrier code such as ZTO (not a name)"),
    is_split: z.union([z.literal(0), z.literal(1)], { error: "must be 0 or 1" }).optional(),
    sub_tid: subTids.optional(),
  })
  .refine((p) => p.is_split !== 1 || p.sub_tid !== undefined, { path: ["sub_tid"], message: "is required when is_split is 1" });
export type LogisticsOfflineSendParams = z.input<typeof offlineSendInput>;

/** Ships a trade (or some of its orders) with a self-arranged carrier. */
export async function logisticsOfflineSend(
  client: TopClient,
  session: string,
  params: LogisticsOfflineSendParams,
  options?: TopWrapperOptions,
): Promise<{ isSuccess: boolean; requestId: string | null }> {
  const p = validateInput(LOGISTICS_OFFLINE_SEND, offlineSendInput, params);
  const data = await invoke(
    client,
    LOGISTICS_OFFLINE_SEND,
    { tid: p.tid, out_sid: p.out_sid, company_code: p.company_code, is_split: p.is_split, sub_tid: joinIds(p.sub_tid) },
    session,
    options,
    logisticsOfflineSendResponseSchema,
  );
  return { isSuccess: data.shipping.is_success, requestId: data.request_id ?? null };
}
