/** taobao.tmc.user.permit — starts queueing the session seller's trade messages for the app (optionally only `topics`). */
import { err } from "../errors";
import { shopOf, str, type MethodDef } from "./context";

export const tmcUserPermit: MethodDef = {
  name: "taobao.tmc.user.permit",
  session: true,
  handle(ctx) {
    const shop = shopOf(ctx);
    const topics = str(ctx, "topics");
    const list = topics === undefined ? null : topics.split(",").map((t) => t.trim()).filter(Boolean);
    if (list && list.some((t) => !/^taobao_(trade|refund)_[A-Za-z]+$/.test(t))) throw err.invalidArg("topics", "不支持的消息主题");
    ctx.store.tmc.permit(ctx.app.appKey, shop.account.index, list, ctx.T);
    return { is_success: true };
  },
};
