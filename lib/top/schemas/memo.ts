/** Wire schema for taobao.trade.memo.update: `trade` {tid, modified}. */
import { z } from "zod";
import { requestId, topId, topTime } from "./common";

export const tradeMemoUpdateResponseSchema = z.object({
  trade: z
    .object({ tid: topId.optional(), tid_str: topId.optional(), modified: topTime.optional() })
    .refine((t) => t.tid !== undefined || t.tid_str !== undefined, { message: "expected tid", path: ["tid"] }),
  request_id: requestId,
});
