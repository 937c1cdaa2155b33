/**
 * Carriers: the real `taobao.logistics.companies.get` list (sandbox/data, copied from
 * shared/data) plus 京东快递 and 极兔速递, which the 2017 capture lacks. `offline.send` checks
 * waybills against `reg_mail_no` exactly as published (the regexes are used as-is, including
 * their missing anchors); the generator only produces waybills that match.
 */
import companiesFile from "./data/logistics-companies";
import type { Rng } from "./rng";

export interface Carrier {
  id: number;
  code: string;
  name: string;
  /** The published pattern; absent for carriers that have none. */
  reg_mail_no?: string;
}

interface CompaniesFile {
  logistics_companies: { logistics_company: Carrier[] };
}

/**
 * Added by the sandbox (ids invented, patterns written from current waybill formats):
 * JD `JDVA12345678901` / `JD0012345678901`, J&T `JT5012345678901`.
 */
export const ADDED_CARRIERS: Carrier[] = [
  { id: 5000000191118, code: "JD", name: "京东快递", reg_mail_no: "^JD[A-Z]{0,2}[0-9]{11,13}$" },
  { id: 5000000243813, code: "JTSD", name: "极兔速递", reg_mail_no: "^JT[0-9]{13}$" },
];

function load(): Carrier[] {
  const file = companiesFile as CompaniesFile;
  const list = file.logistics_companies.logistics_company.map((c) => {
    const out: Carrier = { id: c.id, code: c.code, name: c.name };
    if (c.reg_mail_no) out.reg_mail_no = c.reg_mail_no;
    return out;
  });
  for (const c of ADDED_CARRIERS) if (!list.some((x) => x.code === c.code)) list.push(c);
  return list;
}

export const CARRIERS: readonly Carrier[] = load();
const BY_CODE = new Map(CARRIERS.map((c) => [c.code, c]));
const PATTERNS = new Map<string, RegExp | null>();

export function carrierByCode(code: string): Carrier | undefined {
  return BY_CODE.get(code);
}

/** Waybills for carriers without a published pattern: 4–35 letters, digits or dashes. */
export const GENERIC_WAYBILL = /^[A-Za-z0-9-]{4,35}$/;

function patternOf(c: Carrier): RegExp | null {
  if (!PATTERNS.has(c.code)) {
    let re: RegExp | null = null;
    if (c.reg_mail_no) {
      try {
        re = new RegExp(c.reg_mail_no);
      } catch {
        re = null;
      }
    }
    PATTERNS.set(c.code, re);
  }
  return PATTERNS.get(c.code) ?? null;
}

/** Does the waybill fit the carrier's published pattern (or the generic one when it has none)? */
export function waybillMatches(c: Carrier, waybill: string): boolean {
  const re = patternOf(c);
  return (re ?? GENERIC_WAYBILL).test(waybill) && waybill.length <= 64;
}

/** Carriers the living shop ships with, and how often. */
export const SHIPPING_CARRIERS: readonly { code: string; weight: number; make: (r: Rng) => string }[] = [
  { code: "ZTO", weight: 26, make: (r) => r.pick(["778", "780", "768", "751", "757", "761", "762"]) + r.digits(9) },
  { code: "YTO", weight: 20, make: (r) => `YT${r.digits(10)}` },
  { code: "YUNDA", weight: 14, make: (r) => `3${r.digits(12)}` },
  { code: "STO", weight: 10, make: (r) => `77${r.digits(11)}` },
  { code: "SF", weight: 12, make: (r) => `SF${r.range(1, 9)}${r.digits(12)}` },
  { code: "JD", weight: 8, make: (r) => `JDV${r.pick(["A", "B", "C"])}${r.digits(11)}` },
  { code: "JTSD", weight: 6, make: (r) => `JT${r.range(1, 9)}${r.digits(12)}` },
  { code: "EMS", weight: 2, make: (r) => `1${r.pick(["0", "1"])}${r.digits(11)}` },
  { code: "POSTB", weight: 2, make: (r) => `99${r.digits(11)}` },
];
export const SHIPPING_CARRIER_WEIGHTS = SHIPPING_CARRIERS.map((c) => c.weight);
