/**
 * taobao.top.oaid.decrypt: reveals a receiver's real name/phone/address for one scene. The
 * result is personal data: callers audit it and never log it (this module logs nothing).
 */
import { z } from "zod";
import type { TopClient } from "../client";
import { toTopOaidReceiver } from "../normalize";
import { oaidDecryptResponseSchema } from "../schemas/oaid";
import { OAID_SCENES, type TopOaidReceiver } from "../types";
import { idParam, invoke, validateInput, type TopWrapperOptions } from "./shared";

export const TOP_OAID_DECRYPT = "taobao.top.oaid.decrypt";
export const MAX_OAID_QUERIES = 20;

const oaidQuery = z.strictObject({
  oaid: z.string({ error: "is required" }).trim().min(1, "is required"),
  tid: idParam,
  scene: z.enum(OAID_SCENES, { error: `must be one of ${OAID_SCENES.join(", ")}` }),
});

const oaidInput = z.strictObject({
  query_list: z
    .array(oaidQuery, { error: "must be a list of {oaid, tid, scene}" })
    .min(1, "must hold at least one query")
    .max(MAX_OAID_QUERIES, `must hold at most ${MAX_OAID_QUERIES} queries`),
});
export type OaidDecryptParams = z.input<typeof oaidInput>;

export async function oaidDecrypt(client: TopClient, session: string, params: OaidDecryptParams, options?: TopWrapperOptions): Promise<TopOaidReceiver[]> {
  const p = validateInput(TOP_OAID_DECRYPT, oaidInput, params);
  const data = await invoke(client, TOP_OAID_DECRYPT, { query_list: p.query_list }, session, options, oaidDecryptResponseSchema);
  return data.receiver_list.map(toTopOaidReceiver);
}
