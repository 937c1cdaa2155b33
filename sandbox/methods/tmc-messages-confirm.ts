/** taobao.tmc.messages.confirm — acknowledges `s_message_ids`; `f_message_ids` are delivered again at once. */
import { err } from "../errors";
import { str, type MethodDef } from "./context";
import { checkGroupName } from "./tmc-messages-consume";

export const tmcMessagesConfirm: MethodDef = {
  name: "taobao.tmc.messages.confirm",
  session: false,
  handle(ctx) {
    checkGroupName(ctx);
    const ids = (name: string) => {
      const v = str(ctx, name);
      if (v === undefined) return [];
      const list = v.split(",").map((s) => s.trim()).filter(Boolean);
      if (list.length > 200 || list.some((s) => !/^\d{1,20}$/.test(s))) throw err.invalidArg(name, `${name} 必须是逗号分隔的消息编号（最多 200 个）`);
      return list;
    };
    const ok = ids("s_message_ids");
    const failed = ids("f_message_ids");
    if (ok.length === 0 && failed.length === 0) throw err.missingArg("s_message_ids");
    ctx.store.tmc.confirm(ctx.app.appKey, ok, failed);
    return { is_success: true };
  },
};
