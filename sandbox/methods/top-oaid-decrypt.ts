/**
 * taobao.top.oaid.decrypt — reveals a receiver for one scene. `query_list`: JSON array of 1–20
 * {oaid, tid, scene}. The scene decides what is revealed: 1001–1007 (发货/面单) everything,
 * 1008 (改地址) the address only, 1009 the name only, 2001/2002 (售后/关怀) the phone numbers
 * only. An oaid that is not the trade's current one comes back `matched: false` with nothing
 * revealed; a tid that is not the seller's fails the call.
 */
import { err } from "../errors";
import { raw, type JsonObject } from "../json";
import { jsonArg, shopOf, type MethodDef } from "./context";
import { findTrade } from "./shared";

const ALL = ["name", "mobile", "phone", "address_detail", "state", "city", "district", "town"] as const;
type Part = (typeof ALL)[number];
const ADDRESS: Part[] = ["address_detail", "state", "city", "district", "town"];

export const OAID_SCENE_REVEALS: Record<string, readonly Part[]> = {
  "1001": ALL,
  "1002": ALL,
  "1003": ALL,
  "1004": ALL,
  "1005": ALL,
  "1006": ALL,
  "1007": ALL,
  "1008": ADDRESS,
  "1009": ["name"],
  "2001": ["mobile", "phone"],
  "2002": ["mobile", "phone"],
};

export const topOaidDecrypt: MethodDef = {
  name: "taobao.top.oaid.decrypt",
  session: true,
  handle(ctx) {
    const shop = shopOf(ctx);
    const list = jsonArg(ctx, "query_list");
    if (!Array.isArray(list) || list.length === 0 || list.length > 20) throw err.invalidArg("query_list", "query_list 必须是 1~20 个解密请求的数组");
    const receivers: JsonObject[] = [];
    for (const q of list as unknown[]) {
      if (typeof q !== "object" || q === null) throw err.invalidArg("query_list", "解密请求必须是对象");
      const e = q as Record<string, unknown>;
      const oaid = typeof e.oaid === "string" ? e.oaid : "";
      const tid = typeof e.tid === "string" || typeof e.tid === "number" ? String(e.tid) : "";
      const scene = typeof e.scene === "string" || typeof e.scene === "number" ? String(e.scene) : "";
      if (!oaid || oaid.length > 128) throw err.invalidArg("query_list", "oaid 不能为空且不超过 128 个字符");
      if (!/^[1-9]\d{0,18}$/.test(tid)) throw err.invalidArg("query_list", "tid 必须是交易编号");
      if (typeof e.tid === "number" && !Number.isSafeInteger(e.tid)) throw err.invalidArg("query_list", "tid 超出了安全整数范围，请以字符串传入");
      const reveals = OAID_SCENE_REVEALS[scene];
      if (!reveals) throw err.invalidArg("query_list", `不支持的解密场景：${scene || "(空)"}`);
      const idx = findTrade(ctx, tid);
      const rcv = shop.view(idx, ctx.T).receiver;
      const matched = rcv.oaid === oaid;
      const r: JsonObject = { oaid, tid: raw(tid), matched };
      if (matched) {
        const values: Record<Part, string> = {
          name: rcv.name,
          mobile: rcv.mobile,
          phone: rcv.phone,
          address_detail: rcv.address,
          state: rcv.state,
          city: rcv.city,
          district: rcv.district,
          town: rcv.town,
        };
        for (const p of reveals) r[p] = values[p];
      }
      receivers.push(r);
    }
    return { receiver_list: { receiver: receivers } };
  },
};
