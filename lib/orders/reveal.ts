/**
 * Reveals one receiver field (name, mobile or address) through taobao.top.oaid.decrypt with the
 * scene that covers exactly that field: 1009 查看收件人姓名 (name), 2001 客户售后服务 (mobile),
 * 1008 改地址 (address). Audited as `order.revealReceiver` (which field, which scene — never the
 * value); the value is returned to the caller only and never stored. Each reveal takes one from
 * the user's and the shop's hourly allowance (lib/auth/limits.ts) before Taobao is asked.
 */
import "server-only";
import { z } from "zod";
import { parseInput } from "@/lib/auth/action";
import { recordAudit } from "@/lib/audit";
import { actorOf, consumeLimit } from "@/lib/auth/limits";
import { authorize, type Viewer } from "@/lib/auth/viewer";
import { db } from "@/lib/db";
import { withShopSession } from "@/lib/shops/tokens";
import { oaidDecrypt, type OaidScene } from "@/lib/top";
import { clientOf, mapPlatformError, ownTrade, reason, type OrderDeps } from "./detail-access";
import { tidSchema } from "./detail-input";
import { revealedAddress } from "./reveal-address";

export const REVEAL_FIELDS = ["name", "mobile", "address"] as const;
export type RevealField = (typeof REVEAL_FIELDS)[number];

export const REVEAL_SCENE: Record<RevealField, OaidScene> = { name: "1009", mobile: "2001", address: "1008" };

/** How long the page shows a revealed value before masking it again. */
export const REVEAL_VISIBLE_MS = 5 * 60 * 1000;

export const revealInputSchema = z.strictObject({
  tid: tidSchema,
  field: z.enum(REVEAL_FIELDS, { error: "revealField" }),
});

export interface RevealResult {
  field: RevealField;
  value: string;
}

export async function revealReceiver(viewer: Viewer, input: z.input<typeof revealInputSchema>, deps?: OrderDeps): Promise<RevealResult> {
  authorize(viewer, "orders.revealReceiver");
  const { tid, field } = parseInput(revealInputSchema, input);
  const trade = await ownTrade(viewer, tid);
  if (!trade.oaid) throw reason("conflict", "field", "revealNoOaid");
  await consumeLimit(actorOf(viewer), "reveal");
  const scene = REVEAL_SCENE[field];
  const client = clientOf(deps);
  const [r] = await withShopSession(viewer.shopId, (session) => oaidDecrypt(client, session, { query_list: [{ oaid: trade.oaid!, tid, scene }] })).catch(mapPlatformError);
  let value: string | null = null;
  if (r && r.matched !== false) {
    if (field === "name") value = r.name;
    else if (field === "mobile") value = r.mobile;
    else value = revealedAddress(r);
  }
  await recordAudit(db(), {
    shopId: viewer.shopId,
    actor: { id: viewer.userId, nick: viewer.nick },
    action: "order.revealReceiver",
    target: { type: "trade", id: tid },
    newValue: { field, scene, revealed: value !== null },
  });
  if (value === null) throw reason("conflict", "field", "revealNotMatched");
  return { field, value };
}
