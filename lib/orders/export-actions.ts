"use server";
/** What the export dialog states before a download starts: the shop's row cap and exports per hour (lib/auth/limits.ts). */
import { z } from "zod";
import { viewerAction, type ActionResult } from "@/lib/auth/action";
import { limitsOfShop } from "@/lib/auth/limits";

export interface ExportLimitsView {
  maxRows: number;
  perHour: number;
}

const input = z.strictObject({ shop: z.string().min(1).max(64).nullable().default(null) });

export async function exportLimitsAction(raw: unknown): Promise<ActionResult<ExportLimitsView>> {
  return viewerAction(input, async (viewer, { shop }) => {
    const l = await limitsOfShop(viewer, shop ?? viewer.shopId);
    return { maxRows: l.exportMaxRows, perHour: l.actions.export.user };
  })(raw);
}
