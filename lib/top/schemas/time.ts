/** Wire schema for taobao.time.get: `time` (yyyy-MM-dd HH:mm:ss, GMT+8). */
import { z } from "zod";
import { requestId, topTime } from "./common";

export const timeGetResponseSchema = z.object({ time: topTime, request_id: requestId });
