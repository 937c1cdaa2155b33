"use server";
/** The orders list's server actions: validated with zod, run as the Viewer, errors translated. */
import { z } from "zod";
import { viewerAction, type ActionResult } from "@/lib/auth/action";
import { ORDER_RANGES } from "./filters";
import { lookupByPhone, type PhoneLookupResult } from "./search";

const phoneLookupInput = z.strictObject({
  phone: z.string().trim().regex(/^1[3-9]\d{9}$/, "orders.search.phoneInvalid"),
  /** The list's date range: within the last 7 days asks scene 1001, anything else 1002 (three months). */
  range: z.enum(ORDER_RANGES).nullable().default(null),
});

export async function lookupByPhoneAction(input: unknown): Promise<ActionResult<PhoneLookupResult>> {
  return viewerAction(phoneLookupInput, (viewer, p) =>
    lookupByPhone(viewer, { phone: p.phone, scene: p.range === "today" || p.range === "yesterday" || p.range === "last7" ? "1001" : "1002" }),
  )(input);
}
