/** Wire schema for taobao.top.oaid.decrypt: `receiver_list.receiver[]`. */
import { z } from "zod";
import { requestId, topBool, topId, topList } from "./common";

export const rawOaidReceiverSchema = z.object({
  oaid: z.string().optional(),
  tid: topId.optional(),
  name: z.string().optional(),
  mobile: z.string().optional(),
  phone: z.string().optional(),
  state: z.string().optional(),
  city: z.string().optional(),
  district: z.string().optional(),
  town: z.string().optional(),
  address_detail: z.string().optional(),
  matched: topBool.optional(),
});

export const oaidDecryptResponseSchema = z.object({
  receiver_list: topList("receiver", rawOaidReceiverSchema),
  request_id: requestId,
});
