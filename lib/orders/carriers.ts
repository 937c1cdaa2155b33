/**
 * The carrier list (taobao.logistics.companies.get), cached in memory per process: it changes
 * rarely and is the same for every shop, so one call serves every ship dialog for 12 hours. A
 * failed refresh keeps serving the previous list when there is one.
 */
import "server-only";
import { logisticsCompaniesGet } from "@/lib/top";
import { clientOf, type OrderDeps } from "./detail-access";
import type { CarrierDto } from "./carriers-pattern";

export const CARRIER_TTL_MS = 12 * 60 * 60 * 1000;

/**
 * The carriers sellers pick most, first in the list (top-data.md §4 main carriers); the rest by
 * name; the catch-all 其他 (OTHER) last, where a list's "other" belongs (its name is translated
 * where it is shown: components/orders/detail/ship-dialog.tsx).
 */
const PREFERRED = ["ZTO", "YTO", "STO", "YUNDA", "SF", "JD", "EMS", "POSTB", "JTSD", "DBKD", "HTKY"];
export const OTHER_CARRIER = "OTHER";

interface CacheEntry {
  at: number;
  list: CarrierDto[];
}
const globalForCarriers = globalThis as unknown as { orderdeskCarriers?: { entry: CacheEntry | null; loading: Promise<CarrierDto[]> | null } };
const state = (globalForCarriers.orderdeskCarriers ??= { entry: null, loading: null });

function sorted(list: CarrierDto[]): CarrierDto[] {
  const rank = (c: CarrierDto) => {
    if (c.code === OTHER_CARRIER) return PREFERRED.length + 1;
    const i = PREFERRED.indexOf(c.code);
    return i < 0 ? PREFERRED.length : i;
  };
  return [...list].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, "zh-CN"));
}

export async function listCarriers(deps?: OrderDeps & { now?: () => number }): Promise<CarrierDto[]> {
  const now = deps?.now?.() ?? Date.now();
  if (state.entry && now - state.entry.at < CARRIER_TTL_MS) return state.entry.list;
  state.loading ??= (async () => {
    try {
      const list = await logisticsCompaniesGet(clientOf(deps), { fields: ["id", "code", "name", "reg_mail_no"] });
      const dto = sorted(list.map((c) => ({ code: c.code, name: c.name, regMailNo: c.regMailNo })));
      state.entry = { at: now, list: dto };
      return dto;
    } catch (e) {
      if (state.entry) return state.entry.list;
      throw e;
    } finally {
      state.loading = null;
    }
  })();
  return state.loading;
}

export async function carrierByCode(code: string, deps?: OrderDeps): Promise<CarrierDto | null> {
  return (await listCarriers(deps)).find((c) => c.code === code) ?? null;
}

/** Tests: forget the cached list. */
export function clearCarrierCache(): void {
  state.entry = null;
  state.loading = null;
}
