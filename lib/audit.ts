/**
 * The audit log: every write, PII reveal, export and manual sync, with who, when, which shop, what
 * and the old and new values. Written in the same transaction as the change it records, so an
 * entry exists exactly when the change does.
 */
import "server-only";
import type { Db } from "@/lib/db";
import { db } from "@/lib/db";
import type { AuditAction } from "./audit-actions";

// The list lives in its own module so that the formatter (lib/audit-format.ts) and tests read it without the database.
export { AUDIT_ACTIONS, type AuditAction } from "./audit-actions";

/** A Prisma transaction client or the root client. */
export type DbClient = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export interface AuditEntry {
  shopId: string | null;
  actor: { id: string | null; nick: string };
  action: AuditAction;
  target?: { type: string; id: string };
  oldValue?: unknown;
  newValue?: unknown;
}

export async function recordAudit(client: DbClient, entry: AuditEntry): Promise<void> {
  await client.auditLog.create({
    data: {
      shopId: entry.shopId,
      actorId: entry.actor.id,
      actorNick: entry.actor.nick,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      oldValue: entry.oldValue === undefined || entry.oldValue === null ? undefined : (entry.oldValue as object),
      newValue: entry.newValue === undefined || entry.newValue === null ? undefined : (entry.newValue as object),
    },
  });
}

export async function audit(entry: AuditEntry): Promise<void> {
  await recordAudit(db(), entry);
}
