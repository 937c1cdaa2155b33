/**
 * One audit entry as a seller reads it: the action's name, a sentence for what changed (old →
 * new, in words: roles, flags, join policies, limits), and what it was done to (an order to open,
 * a member to find) — the one formatter of 设置 → 审计日志 (app/(dashboard)/settings/audit/page.tsx)
 * and the order page's 操作记录 (components/orders/detail/audit-card.tsx). The raw record stays
 * available behind a disclosure; nothing here reads the database or the locale by itself.
 */
import { AUDIT_ACTIONS, type AuditAction } from "./audit-actions";

/** A translator over the whole catalogue (next-intl's `getTranslations()` / `createTranslator`). */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

export interface AuditEntryInput {
  action: string;
  actorNick: string;
  targetType: string | null;
  targetId: string | null;
  oldValue: unknown;
  newValue: unknown;
}

export type AuditTarget =
  | { kind: "order"; tid: string }
  | { kind: "member"; userId: string; nick: string | null }
  | { kind: "shop" }
  | { kind: "text"; text: string }
  | null;

export interface FormattedAudit {
  /** The action's name; an action this version does not know keeps its code. */
  action: string;
  /** What changed, in words; null when the action says it all. */
  summary: string | null;
  target: AuditTarget;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : null);

/** next-intl reads dots in keys as nesting, so "member.role" is stored as "member_role". */
export const auditActionKey = (a: string) => a.replace(".", "_");
export const isAuditAction = (a: string): a is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(a);

const ROLES = new Set(["OWNER", "MANAGER", "CUSTOMER_SERVICE"]);
const POLICIES = new Set(["AUTO", "APPROVAL"]);
const FIELDS = new Set(["name", "mobile", "address"]);
const LIMITED = new Set(["reveal", "phoneLookup", "refresh", "export"]);
const REAUTH = new Set(["no-token", "refresh-expired", "not-refreshable", "refresh-rejected", "session-rejected"]);

/** Leaf paths whose values differ between two plain objects (limits: `reveal.perUser`, …). */
function changedLeaves(a: unknown, b: unknown, prefix = ""): string[] {
  if (a !== null && typeof a === "object" && b !== null && typeof b === "object") {
    const keys = [...new Set([...Object.keys(a as Obj), ...Object.keys(b as Obj)])].sort();
    return keys.flatMap((k) => changedLeaves((a as Obj)[k], (b as Obj)[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix];
}

export function formatAuditEntry(e: AuditEntryInput, t: Translate): FormattedAudit {
  const o = obj(e.oldValue);
  const n = obj(e.newValue);
  const s = (key: string, values?: Record<string, string | number>) => t(`settings.audit.summary.${key}`, values);
  const role = (v: unknown) => (typeof v === "string" && ROLES.has(v) ? t(`header.roles.${v}`) : "—");
  const policy = (v: unknown) => (typeof v === "string" && POLICIES.has(v) ? t(`access.joinPolicy.${v}`) : "—");
  const flag = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 5 ? t(`trade.flag.${v}`) : "—");
  const memo = (v: unknown) => (typeof v === "string" && v !== "" ? `“${v}”` : s("empty"));
  const nick = str(n.nick) ?? str(o.nick);

  const target: AuditTarget =
    e.targetType === "trade" && e.targetId
      ? { kind: "order", tid: e.targetId }
      : e.targetType === "member" && e.targetId
        ? { kind: "member", userId: e.targetId, nick: nick ?? (e.action === "member.join" || e.action === "member.pending" ? e.actorNick : null) }
        : e.targetType === "shop"
          ? { kind: "shop" }
          : e.targetType === "phone" && e.targetId
            ? { kind: "text", text: e.targetId }
            : e.targetType === "limit" && e.targetId && LIMITED.has(e.targetId)
              ? { kind: "text", text: t(`limits.actions.${e.targetId}`) }
              : null;

  let summary: string | null = null;
  switch (e.action) {
    case "shop.reconnect":
      summary = typeof o.reauthReason === "string" && REAUTH.has(o.reauthReason) ? s("reconnect", { reason: t(`sync.reauthReasons.${o.reauthReason}`) }) : null;
      break;
    case "shop.joinPolicy":
      summary = s("change", { what: s("joinPolicy"), from: policy(o.joinPolicy), to: policy(n.joinPolicy) });
      break;
    case "member.join":
    case "member.approve":
    case "member.readmit":
      summary = s("asRole", { role: role(n.role) });
      break;
    case "member.role":
      summary = s("change", { what: s("role"), from: role(o.role), to: role(n.role) });
      break;
    case "order.memo":
      summary = s("change", { what: s("memo"), from: memo(o.memo), to: memo(n.memo) });
      break;
    case "order.flag":
      summary = s("change", { what: s("flag"), from: flag(o.flag), to: flag(n.flag) });
      break;
    case "order.ship":
      summary = s(n.split === true ? "shipSplit" : "ship", { carrier: str(n.companyName) ?? str(n.companyCode) ?? "—", waybill: str(n.waybill) ?? "—" });
      break;
    case "order.refresh":
      summary = s("refresh");
      break;
    case "order.revealReceiver":
      summary = typeof n.field === "string" && FIELDS.has(n.field) ? s("reveal", { field: t(`orderDetail.audit.field.${n.field}`) }) : null;
      break;
    case "order.lookupByPhone":
      summary = s("lookup", { count: typeof n.found === "number" ? n.found : 0 });
      break;
    case "orders.export":
      summary = s("export", { rows: typeof n.rows === "number" ? n.rows : 0, format: n.format === "xlsx" ? "Excel" : "CSV", per: s(n.per === "line" ? "perLine" : "perTrade") });
      break;
    case "limit.hit":
      summary = s("limitHit", { scope: s(n.scope === "shop" ? "scopeShop" : "scopeUser"), limit: typeof n.limit === "number" ? n.limit : 0 });
      break;
    case "shop.limits":
      summary = s("limits", { count: changedLeaves(e.oldValue, e.newValue).length });
      break;
  }
  return { action: isAuditAction(e.action) ? t(`settings.audit.actions.${auditActionKey(e.action)}`) : e.action, summary, target };
}
