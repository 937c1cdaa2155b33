"use server";
/** The detail page's actions: each validates its input (zod), calls lib/orders and revalidates the page. */
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/auth/action";
import { listCarriers } from "@/lib/orders/carriers";
import type { CarrierDto } from "@/lib/orders/carriers-pattern";
import { detailAction } from "@/lib/orders/detail-action";
import { memoInputSchema } from "@/lib/orders/detail-input";
import { updateMemo, type MemoResult } from "@/lib/orders/memo";
import { ensureOrderDetail, refreshOrder, tidInputSchema, type RefreshResult } from "@/lib/orders/refresh";
import { revealInputSchema, revealReceiver, type RevealResult } from "@/lib/orders/reveal";
import { shipInputSchema, shipOrder, type ShipResult } from "@/lib/orders/ship";
import { getParcelTraces, type ParcelTraceDto } from "@/lib/orders/trace";
import { authorize } from "@/lib/auth/viewer";
import { z } from "zod";

const pageOf = (tid: string) => `/orders/${tid}`;

export async function updateMemoAction(input: unknown): Promise<ActionResult<MemoResult>> {
  const r = await detailAction(memoInputSchema, (v, i) => updateMemo(v, i))(input);
  if (r.ok) revalidatePath(pageOf(r.data.tid));
  return r;
}

export async function refreshOrderAction(input: unknown): Promise<ActionResult<RefreshResult>> {
  const r = await detailAction(tidInputSchema, (v, i) => refreshOrder(v, i))(input);
  if (r.ok) revalidatePath(pageOf(r.data.tid));
  return r;
}

/** Called by the page when it shows a trade whose detail is missing or stale. */
export async function ensureDetailAction(input: unknown): Promise<ActionResult<RefreshResult>> {
  const r = await detailAction(tidInputSchema, (v, i) => ensureOrderDetail(v, i))(input);
  if (r.ok && r.data.changed) revalidatePath(pageOf(r.data.tid));
  return r;
}

export async function revealReceiverAction(input: unknown): Promise<ActionResult<RevealResult>> {
  return detailAction(revealInputSchema, (v, i) => revealReceiver(v, i))(input);
}

export async function shipOrderAction(input: unknown): Promise<ActionResult<ShipResult>> {
  const r = await detailAction(shipInputSchema, (v, i) => shipOrder(v, i))(input);
  if (r.ok) revalidatePath(pageOf(r.data.tid));
  return r;
}

export async function carriersAction(input: unknown): Promise<ActionResult<CarrierDto[]>> {
  return detailAction(z.strictObject({}), async (v) => {
    authorize(v, "orders.ship");
    return listCarriers();
  })(input ?? {});
}

export async function parcelTracesAction(input: unknown): Promise<ActionResult<ParcelTraceDto[]>> {
  return detailAction(tidInputSchema.extend({ force: z.boolean().optional() }), (v, i) => getParcelTraces(v, i.tid, { force: i.force }))(input);
}
