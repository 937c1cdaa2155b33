/**
 * What the one search box was given (safe on the client: the box uses it to decide whether a
 * submit is a phone look-up, a server action, or a URL search).
 * - 11-digit mainland mobile (1[3-9]…) → phone: asks Taobao (trades.sold.query), never the cache;
 * - 18–19 digits → tid, exact;
 * - 8–30 letters/digits/dashes with at least 8 digits → waybill (TradeOrder.invoiceNo, exact);
 *   carriers' own patterns (logistics-companies.json) are too loose to tell a waybill from an
 *   outer id (SF accepts any 4–35 alphanumerics), so a waybill-looking term no parcel of the
 *   shop has is searched in the item text;
 * - contains `*` → a masked buyer nick (快**猫): exact, or prefix;
 * - anything else → buyer-nick prefix or item title / SKU text / outer id substring.
 */
export type SearchKind = "phone" | "tid" | "waybill" | "buyer" | "text";

const PHONE = /^1[3-9]\d{9}$/;
const TID = /^\d{18,19}$/;
const WAYBILL = /^[A-Za-z0-9-]{8,30}$/;

export function classifySearch(input: string): { kind: SearchKind; term: string } | null {
  const term = input.trim().replace(/\s+/g, " ");
  if (!term) return null;
  const compact = term.replace(/[\s-]/g, "");
  if (PHONE.test(compact)) return { kind: "phone", term: compact };
  if (TID.test(compact)) return { kind: "tid", term: compact };
  if (WAYBILL.test(term) && (term.match(/\d/g)?.length ?? 0) >= 8) return { kind: "waybill", term };
  if (term.includes("*")) return { kind: "buyer", term };
  return { kind: "text", term };
}

/** 13812345678 → 138****5678: what the audit log keeps of a phone number. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}${"*".repeat(phone.length - 7)}${phone.slice(-4)}` : "*".repeat(phone.length);
}

const MASKED_PHONE = /^1[3-9]\d\*{4}\d{4}$/;

/** True for maskPhone's output of a mainland mobile (the only phone text that may enter a URL). */
export function isMaskedPhone(s: string): boolean {
  return MASKED_PHONE.test(s);
}
