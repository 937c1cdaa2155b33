"use server";
/** The owner saves the shop's limits on sensitive actions (lib/auth/limits.ts checks shop.manage and audits). */
import { revalidatePath } from "next/cache";
import { viewerAction, type ActionResult } from "@/lib/auth/action";
import { shopLimitsInput, updateShopLimits, type ShopLimits } from "@/lib/auth/limits";

export async function updateLimitsAction(input: unknown): Promise<ActionResult<ShopLimits>> {
  const r = await viewerAction(shopLimitsInput, (viewer, limits) => updateShopLimits(viewer, limits))(input);
  if (r.ok) revalidatePath("/settings");
  return r;
}
