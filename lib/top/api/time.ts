/**
 * taobao.time.get: the platform's current time (`yyyy-MM-dd HH:mm:ss`, GMT+8). App-level: no
 * session. Every answer's Date header already measures `client.platformClock`; this is the call
 * for a caller that needs the platform's now before it has made any other call.
 */
import { parseTopTime } from "../../time";
import type { TopClient } from "../client";
import { timeGetResponseSchema } from "../schemas/time";
import { invoke, type TopWrapperOptions } from "./shared";

export const TIME_GET = "taobao.time.get";

/**
 * The platform's time as taobao.time.get answers it (whole seconds). It is also recorded in
 * `client.platformClock` (a lower bound, like the Date header: the time was read before the
 * answer arrived), so the clock is measured even behind a proxy that drops the Date header.
 */
export async function timeGet(client: TopClient, options?: TopWrapperOptions): Promise<Date> {
  const data = await invoke(client, TIME_GET, {}, undefined, options, timeGetResponseSchema);
  const time = parseTopTime(data.time);
  client.platformClock.observe(time.getTime());
  return time;
}

/** The platform's now: `client.platformClock.now()`, measured first with one taobao.time.get when nothing was measured yet. */
export async function platformNow(client: TopClient, options?: TopWrapperOptions): Promise<Date> {
  const measured = client.platformClock.now();
  if (measured) return measured;
  const time = await timeGet(client, options);
  return client.platformClock.now() ?? time;
}
