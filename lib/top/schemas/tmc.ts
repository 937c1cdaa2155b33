/** Wire schemas for taobao.tmc.messages.consume and taobao.tmc.messages.confirm. */
import { z } from "zod";
import { requestId, topBool, topId, topList, topTime } from "./common";

export const rawTmcMessageSchema = z.object({
  id: topId,
  topic: z.string().min(1, "expected a topic"),
  content: z.string({ error: "expected content as a JSON string" }),
  /** top-protocol.md names it `time`; the official SDKs `pub_time`. */
  time: topTime.optional(),
  pub_time: topTime.optional(),
  user_id: topId.optional(),
  nick: z.string().optional(),
  user_nick: z.string().optional(),
  pub_app_key: z.union([z.string(), z.number().transform(String)]).optional(),
});
export type RawTmcMessage = z.output<typeof rawTmcMessageSchema>;

export const tmcMessagesConsumeResponseSchema = z.object({
  messages: topList("tmc_message", rawTmcMessageSchema),
  request_id: requestId,
});

export const tmcMessagesConfirmResponseSchema = z.object({
  is_success: topBool.optional(),
  request_id: requestId,
});
