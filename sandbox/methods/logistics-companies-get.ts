/**
 * taobao.logistics.companies.get — the carrier list (no session needed). `fields` is required
 * (id, code, name, reg_mail_no); `is_recommended=true` narrows to the carriers the shops use.
 */
import { err } from "../errors";
import { CARRIERS, SHIPPING_CARRIERS } from "../carriers";
import type { JsonObject } from "../json";
import { bool, required, type MethodDef } from "./context";

const FIELDS = ["id", "code", "name", "reg_mail_no"] as const;
const RECOMMENDED = new Set([...SHIPPING_CARRIERS.map((c) => c.code), "OTHER"]);

export const logisticsCompaniesGet: MethodDef = {
  name: "taobao.logistics.companies.get",
  session: false,
  handle(ctx) {
    const asked = new Set(required(ctx, "fields").split(",").map((f) => f.trim()));
    const fields = FIELDS.filter((f) => asked.has(f));
    if (fields.length === 0) throw err.invalidArg("fields", "fields 可选值：id,code,name,reg_mail_no");
    const recommended = bool(ctx, "is_recommended") ?? false;
    const list = CARRIERS.filter((c) => !recommended || RECOMMENDED.has(c.code)).map((c) => {
      const o: JsonObject = {};
      for (const f of fields) {
        const v = c[f];
        if (v !== undefined) o[f] = v;
      }
      return o;
    });
    return { logistics_companies: { logistics_company: list } };
  },
};
