/**
 * A revealed address as one line: province, city, district and town, then the street address.
 * Taobao's `address_detail` sometimes already starts with the region ("浙江省杭州市西湖区文三路…"),
 * which would print it twice ("浙江省 杭州市 西湖区 浙江省杭州市西湖区文三路…"); the parts the
 * detail already starts with are taken off it. Safe on the client.
 */

export interface AddressParts {
  state: string | null;
  city: string | null;
  district: string | null;
  town: string | null;
  addressDetail: string | null;
}

/** Administrative suffixes: "北京" must not be cut off "北京市…" as if the detail began with it. */
const ADMIN_SUFFIX = /^[省市区县镇乡]/;

const present = (s: string | null): s is string => s !== null && s.trim() !== "";

/** The street address without the region parts it repeats (in order, any spacing between them). */
export function streetOf(p: AddressParts): string {
  let rest = (p.addressDetail ?? "").trim();
  for (const part of [p.state, p.city, p.district, p.town].filter(present).map((s) => s.trim())) {
    if (!rest.startsWith(part)) continue;
    const after = rest.slice(part.length);
    if (!ADMIN_SUFFIX.test(part.slice(-1)) && ADMIN_SUFFIX.test(after)) continue;
    rest = after.trimStart();
  }
  return rest;
}

/** "浙江省 杭州市 西湖区 文三路…", or null when nothing is known. */
export function revealedAddress(p: AddressParts): string | null {
  const street = streetOf(p);
  return [p.state, p.city, p.district, p.town, street].filter(present).map((s) => s.trim()).join(" ") || null;
}
