/**
 * taobao.tmc.messages.consume — up to `quantity` (1–200, default 100) ready messages of the app's
 * queue; they stay invisible for the ack timeout and come back unless confirmed.
 */
import { err } from "../errors";
import { int, str, type MethodContext, type MethodDef } from "./context";

const GROUP = /^[A-Za-z0-9_-]{1,64}$/;

/** `group_name` is optional; when given it must look like a TMC group name. */
export function checkGroupName(ctx: MethodContext): void {
  const g = str(ctx, "group_name");
  if (g !== undefined && !GROUP.test(g)) throw err.invalidArg("group_name", "group_name 只能包含字母、数字、下划线和短横线");
}

export const tmcMessagesConsume: MethodDef = {
  name: "taobao.tmc.messages.consume",
  session: false,
  handle(ctx) {
    checkGroupName(ctx);
    const quantity = int(ctx, "quantity", { min: 1, max: 200, def: 100 })!;
    const messages = ctx.store.tmc.consume(ctx.app.appKey, ctx.store.shops, quantity, ctx.T);
    return messages.length > 0 ? { messages: { tmc_message: messages } } : {};
  },
};
