/**
 * Waybill rules, shared by the ship dialog (checks as you type) and lib/orders/ship.ts (checks
 * again before calling Taobao). A carrier's `reg_mail_no` is used exactly as Taobao publishes it
 * (missing anchors included, as offline.send applies it); carriers without one accept 4–35
 * letters, digits or dashes. Safe on the client.
 */
export interface CarrierDto {
  code: string;
  name: string;
  regMailNo: string | null;
}

export const GENERIC_WAYBILL = /^[A-Za-z0-9-]{4,35}$/;
export const MAX_WAYBILL_LENGTH = 64;

const compiled = new Map<string, RegExp | null>();

function patternOf(c: CarrierDto): RegExp | null {
  const key = c.regMailNo ?? "";
  if (!compiled.has(key)) {
    let re: RegExp | null = null;
    if (c.regMailNo) {
      try {
        re = new RegExp(c.regMailNo);
      } catch {
        re = null; // an unparseable published pattern: fall back to the generic rule
      }
    }
    compiled.set(key, re);
  }
  return compiled.get(key) ?? null;
}

export type WaybillProblem = "waybillEmpty" | "waybillChars" | "waybillPattern";

/** Why a waybill is refused for a carrier, or null when it is accepted. */
export function waybillProblem(c: CarrierDto, waybill: string): WaybillProblem | null {
  const w = waybill.trim();
  if (w === "") return "waybillEmpty";
  if (w.length > MAX_WAYBILL_LENGTH || !/^[A-Za-z0-9-]+$/.test(w)) return "waybillChars";
  return (patternOf(c) ?? GENERIC_WAYBILL).test(w) ? null : "waybillPattern";
}
