/** taobao.time.get — the platform's current time (the sandbox clock), GMT+8, whole seconds. No session needed. */
import { formatTopTime } from "../../lib/time";
import type { MethodDef } from "./context";

export const timeGet: MethodDef = {
  name: "taobao.time.get",
  session: false,
  handle(ctx) {
    return { time: formatTopTime(new Date(ctx.T * 1000)) };
  },
};
