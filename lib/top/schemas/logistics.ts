/**
 * Wire schemas for taobao.logistics.trace.search, taobao.logistics.companies.get and
 * taobao.logistics.offline.send.
 */
import { z } from "zod";
import { requestId, topBool, topId, topInt, topList, topTime } from "./common";

export const rawTraceStepSchema = z.object({
  status_time: topTime,
  status_desc: z.string().optional(),
  action: z.string().optional(),
});

export const logisticsTraceSearchResponseSchema = z.object({
  tid: topId.optional(),
  out_sid: z.string().optional(),
  company_name: z.string().optional(),
  status: z.string().optional(),
  trace_list: topList("transit_step_info", rawTraceStepSchema),
  request_id: requestId,
});
export type RawTrace = z.output<typeof logisticsTraceSearchResponseSchema>;

export const rawLogisticsCompanySchema = z.object({
  // A carrier id is a small platform number, not an entity id: 其他 (OTHER) is -1.
  id: topInt.transform(String),
  code: z.string().min(1, "expected a carrier code"),
  name: z.string().min(1, "expected a carrier name"),
  reg_mail_no: z.string().optional(),
});
export type RawLogisticsCompany = z.output<typeof rawLogisticsCompanySchema>;

export const logisticsCompaniesGetResponseSchema = z.object({
  logistics_companies: topList("logistics_company", rawLogisticsCompanySchema),
  request_id: requestId,
});

export const logisticsOfflineSendResponseSchema = z.object({
  shipping: z.object({ is_success: topBool }),
  request_id: requestId,
});
