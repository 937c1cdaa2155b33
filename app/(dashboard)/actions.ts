"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { viewerAction, type ActionResult } from "@/lib/auth/action";
import { signOutEverywhere } from "@/lib/auth/session";
import {
  admitMemberInput,
  approveMember,
  changeMemberRole,
  changeRoleInput,
  declineMember,
  declineMemberInput,
  joinPolicyInput,
  readmitMember,
  removeMember,
  removeMemberInput,
  setJoinPolicy,
  switchShop,
  switchShopInput,
  type JoinPolicy,
} from "@/lib/shops/members";
import type { Role } from "@/lib/auth/permissions";

async function settingsAction<T>(result: Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  const r = await result;
  if (r.ok) revalidatePath("/settings");
  return r;
}

export async function changeRoleAction(input: unknown): Promise<ActionResult<{ role: Role }>> {
  return settingsAction(viewerAction(changeRoleInput, changeMemberRole)(input));
}

export async function removeMemberAction(input: unknown): Promise<ActionResult<{ removed: true }>> {
  return settingsAction(viewerAction(removeMemberInput, removeMember)(input));
}

export async function approveMemberAction(input: unknown): Promise<ActionResult<{ role: Role }>> {
  return settingsAction(viewerAction(admitMemberInput, approveMember)(input));
}

export async function declineMemberAction(input: unknown): Promise<ActionResult<{ declined: true }>> {
  return settingsAction(viewerAction(declineMemberInput, declineMember)(input));
}

export async function readmitMemberAction(input: unknown): Promise<ActionResult<{ role: Role }>> {
  return settingsAction(viewerAction(admitMemberInput, readmitMember)(input));
}

export async function setJoinPolicyAction(input: unknown): Promise<ActionResult<{ policy: JoinPolicy }>> {
  return settingsAction(viewerAction(joinPolicyInput, setJoinPolicy)(input));
}

/** 退出所有设备: the caller signs this browser out afterwards (its session is already over). */
export async function signOutEverywhereAction(input: unknown): Promise<ActionResult<{ signedOut: true }>> {
  return viewerAction(z.strictObject({}), (viewer) => signOutEverywhere(viewer))(input ?? {});
}

export async function switchShopAction(input: unknown): Promise<ActionResult<{ shopId: string }>> {
  const result = await viewerAction(switchShopInput, switchShop)(input);
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
