"use server";
import { revalidatePath } from "next/cache";
import { viewerAction, type ActionResult } from "@/lib/auth/action";
import { changeMemberRole, changeRoleInput, removeMember, removeMemberInput, switchShop, switchShopInput } from "@/lib/shops/members";
import type { Role } from "@/lib/auth/permissions";

export async function changeRoleAction(input: unknown): Promise<ActionResult<{ role: Role }>> {
  const result = await viewerAction(changeRoleInput, changeMemberRole)(input);
  if (result.ok) revalidatePath("/settings");
  return result;
}

export async function removeMemberAction(input: unknown): Promise<ActionResult<{ removed: true }>> {
  const result = await viewerAction(removeMemberInput, removeMember)(input);
  if (result.ok) revalidatePath("/settings");
  return result;
}

export async function switchShopAction(input: unknown): Promise<ActionResult<{ shopId: string }>> {
  const result = await viewerAction(switchShopInput, switchShop)(input);
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
