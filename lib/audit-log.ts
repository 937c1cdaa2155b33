/** Reading the audit log (Settings → 审计日志): owners and managers, their own shop only. */
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { AUDIT_ACTIONS } from "@/lib/audit";
import { authorize, type Viewer } from "@/lib/auth/viewer";
import { parseShanghaiDay, addShanghaiDays } from "@/lib/time";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => {
  try {
    parseShanghaiDay(s);
    return true;
  } catch {
    return false;
  }
}, "invalid date");

export const auditFilterInput = z.object({
  action: z.enum(AUDIT_ACTIONS).optional(),
  actor: z.string().trim().max(64).optional(),
  target: z.string().trim().max(64).optional(),
  from: day.optional(),
  to: day.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type AuditFilter = z.output<typeof auditFilterInput>;

export const AUDIT_PAGE_SIZE = 50;

export interface AuditRow {
  id: string;
  createdAt: Date;
  actorNick: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  oldValue: unknown;
  newValue: unknown;
}

export async function listAuditLog(viewer: Viewer, filter: AuditFilter): Promise<{ rows: AuditRow[]; hasMore: boolean }> {
  authorize(viewer, "audit.read");
  const rows = await db().auditLog.findMany({
    where: {
      shopId: viewer.shopId,
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.actor ? { actorNick: { contains: filter.actor } } : {}),
      ...(filter.target ? { targetId: filter.target } : {}),
      ...(filter.from || filter.to
        ? { createdAt: { ...(filter.from ? { gte: parseShanghaiDay(filter.from) } : {}), ...(filter.to ? { lt: addShanghaiDays(parseShanghaiDay(filter.to), 1) } : {}) } }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (filter.page - 1) * AUDIT_PAGE_SIZE,
    take: AUDIT_PAGE_SIZE + 1,
  });
  return {
    rows: rows.slice(0, AUDIT_PAGE_SIZE).map((r) => ({ id: r.id, createdAt: r.createdAt, actorNick: r.actorNick, action: r.action, targetType: r.targetType, targetId: r.targetId, oldValue: r.oldValue, newValue: r.newValue })),
    hasMore: rows.length > AUDIT_PAGE_SIZE,
  };
}
