"use server";
/**
 * What the export dialog states before a download starts: the shop's row cap and exports per hour
 * (lib/auth/limits.ts), and whether (and for how many orders) full receivers may be exported.
 */
import { z } from "zod";
import { viewerAction, type ActionResult } from "@/lib/auth/action";
import { limitsOfShop } from "@/lib/auth/limits";
import { can } from "@/lib/auth/permissions";
import { REVEALS_PER_TRADE } from "./export";
import { viewShop } from "./list";

export interface ExportLimitsView {
  maxRows: number;
  perHour: number;
  /** The role may export unmasked receivers (it may reveal them). */
  canRevealReceiver: boolean;
  /** Reveals per hour for this account; a full-receiver export takes REVEALS_PER_TRADE per order. */
  revealPerHour: number;
  revealsPerTrade: number;
}

const input = z.strictObject({ shop: z.string().min(1).max(64).nullable().default(null) });

export async function exportLimitsAction(raw: unknown): Promise<ActionResult<ExportLimitsView>> {
  return viewerAction(input, async (viewer, { shop }) => {
    const l = await limitsOfShop(viewer, shop ?? viewer.shopId);
    const { role } = viewShop(viewer, shop);
    return {
      maxRows: l.exportMaxRows,
      perHour: l.actions.export.user,
      canRevealReceiver: can(role, "orders.export") && can(role, "orders.revealReceiver"),
      revealPerHour: Math.min(l.actions.reveal.user, l.actions.reveal.shop),
      revealsPerTrade: REVEALS_PER_TRADE,
    };
  })(raw);
}
