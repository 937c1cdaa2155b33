/**
 * What every detail-page action shares: finding the viewer's own trade (another shop's tid is
 * simply "not found"), the TOP client to use, and turning platform refusals into app errors with
 * a reason key of `orderDetail.errors`.
 */
import "server-only";
import { AppError, notFound } from "@/lib/auth/errors";
import type { Viewer } from "@/lib/auth/viewer";
import { db } from "@/lib/db";
import { topClient } from "@/lib/taobao";
import { TopError, TopValidationError, type TopClient } from "@/lib/top";
import { tidSchema } from "./detail-input";

/** Injected in tests (a client on the sandbox clock); the process's client otherwise. */
export interface OrderDeps {
  client?: TopClient;
}

export const clientOf = (deps: OrderDeps | undefined): TopClient => deps?.client ?? topClient();

/** The viewer's shop's trade row (cache), or notFound — also for a malformed tid. */
export async function ownTrade(viewer: Viewer, tid: string) {
  if (!tidSchema.safeParse(tid).success) throw notFound();
  const trade = await db().trade.findFirst({ where: { tid, shopId: viewer.shopId } });
  if (!trade) throw notFound();
  return trade;
}

/** An invalidInput (or other) error whose field carries a reason key of `orderDetail.errors`. */
export function reason(code: "invalidInput" | "conflict" | "notFound" | "platform", field: string, key: string): AppError {
  return new AppError(code, key, { [field]: [key] });
}

/**
 * Maps what TOP refused to the app's errors: a trade the platform does not know for this seller
 * is notFound; a request lib/top refused before sending is invalidInput. Anything else is
 * rethrown (the action wrapper turns TOP failures into a translated `platform` error).
 */
export function mapPlatformError(e: unknown, field = "input"): never {
  if (TopError.is(e) && e.subCode === "isv.trade-not-exist") throw notFound();
  if (TopValidationError.is(e)) throw reason("invalidInput", e.param || field, "platformRefused");
  throw e;
}
