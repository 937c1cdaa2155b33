import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fenToYuan } from "../lib/money";
import { formatTopTime, parseTopTime } from "../lib/time";
import { carrierByCode } from "./carriers";
import { shopAccounts } from "./defaults";
import { Ev, S, STATUSES, T as TYPES, typeMask } from "./model";
import { historyTimes, ShopStore, type TradeFilter } from "./shop";

const ANCHOR = Math.floor(parseTopTime("2026-11-28 12:00:00").getTime() / 1000);
const DAY = 86_400;
const account = shopAccounts(42, 1)[0]!;
const make = (seed = 42, trades = 1500, arrivalPerHour = 2) =>
  new ShopStore({ seed, account, trades, anchor: ANCHOR, historyStart: ANCHOR - 89 * DAY, arrivalPerHour });
const ALL: TradeFilter = { statuses: null, types: typeMask(["guarantee_trade", ...Object.keys(TYPES)]), buyers: null };

describe("ShopStore: a deterministic living shop", () => {
  it("history times are sorted, inside [start, anchor], exactly the requested count", () => {
    const t = historyTimes(42, 0, 5000, ANCHOR - 89 * DAY, ANCHOR);
    expect(t.length).toBe(5000);
    for (let i = 1; i < t.length; i++) expect(t[i]!).toBeGreaterThanOrEqual(t[i - 1]!);
    expect(t[0]!).toBeGreaterThanOrEqual(ANCHOR - 89 * DAY);
    expect(t[t.length - 1]!).toBeLessThanOrEqual(ANCHOR);
  });

  it("same seed + same clock ⇒ same digest, also after the clock moves; another seed differs", () => {
    const a = make();
    const b = make();
    expect(a.truth(ANCHOR)).toEqual(b.truth(ANCHOR));
    expect(a.truth(ANCHOR).trades).toBe(1500);
    // Move b in small steps and a in one jump: the state is a function of the clock only.
    for (let t = ANCHOR; t <= ANCHOR + 2 * DAY; t += 3 * 3600) b.ensure(t);
    expect(a.truth(ANCHOR + 2 * DAY)).toEqual(b.truth(ANCHOR + 2 * DAY));
    expect(make(43).truth(ANCHOR).digest).not.toBe(a.truth(ANCHOR).digest);
  });

  it("the digest follows the documented rule exactly", () => {
    const s = make(7, 300);
    const lines: string[] = [];
    for (let i = 0; i < s.n; i++) {
      if (!s.existsAt(i, ANCHOR)) continue;
      const v = s.view(i, ANCHOR);
      lines.push(`${v.doc.tid}|${STATUSES[v.state.status]}|${formatTopTime(new Date(v.state.modified * 1000))}|${fenToYuan(v.doc.payment)}`);
    }
    lines.sort();
    expect(s.truth(ANCHOR)).toEqual({ trades: lines.length, digest: createHash("sha256").update(lines.join("\n")).digest("hex") });
  });

  it("new trades arrive as the clock runs, and existing ones move on (modified bumps)", () => {
    const s = make(42, 1500, 20);
    const before = s.truth(ANCHOR);
    expect(s.countAt(ANCHOR + 6 * 3600)).toBeGreaterThan(1500);
    const later = s.truth(ANCHOR + 6 * 3600);
    expect(later.digest).not.toBe(before.digest);
    const changed = s.listByModified(ANCHOR + 1, ANCHOR + 6 * 3600, ANCHOR + 6 * 3600, ALL, 0, 10_000);
    expect(changed.total).toBeGreaterThan(50);
    for (const idx of changed.idxs) expect(s.modifiedAt(idx, ANCHOR + 6 * 3600)).toBeGreaterThan(ANCHOR);
  });

  it("status at T is the fold of the events up to T; the fast path agrees with the full view", () => {
    const s = make(42, 800);
    for (const T of [ANCHOR - 30 * DAY, ANCHOR, ANCHOR + 3 * DAY]) {
      for (let i = 0; i < s.n; i += 7) {
        if (!s.existsAt(i, T)) continue;
        const v = s.view(i, T);
        expect(s.statusAt(i, T)).toBe(v.state.status);
        expect(s.modifiedAt(i, T)).toBe(v.state.modified);
      }
    }
  });

  it("memo writes add an event at the clock, bump modified and keep the status", () => {
    const s = make();
    const idx = s.listByCreated(ANCHOR - 2 * DAY, ANCHOR, ANCHOR, ALL, 0, 1, false).idxs[0]!;
    const status = s.statusAt(idx, ANCHOR);
    s.writeMemo(idx, ANCHOR + 5, "改发顺丰", 1);
    const v = s.view(idx, ANCHOR + 5);
    expect(v.state.modified).toBe(ANCHOR + 5);
    expect(v.state.memo).toBe("改发顺丰");
    expect(v.state.flag).toBe(1);
    expect(v.state.status).toBe(status);
    s.writeMemo(idx, ANCHOR + 9, null, undefined);
    expect(s.view(idx, ANCHOR + 9).state.memo).toBeNull();
    expect(s.view(idx, ANCHOR + 9).state.flag).toBe(1);
    expect(s.eventsBetween(ANCHOR, ANCHOR + 10).filter((e) => e.idx === idx).map((e) => e.event.kind)).toEqual([Ev.ApiMemo, Ev.ApiMemo]);
  });

  it("a shipment through the API replaces the planned lifecycle: shipped now, finished later", () => {
    const s = make(42, 3000);
    let idx = -1;
    for (let i = s.n - 1; i >= 0; i--) {
      if (s.existsAt(i, ANCHOR) && s.statusAt(i, ANCHOR) === S.WAIT_SELLER_SEND_GOODS && s.doc(i).orders.length === 1) {
        idx = i;
        break;
      }
    }
    expect(idx).toBeGreaterThanOrEqual(0);
    s.writeShipment(idx, ANCHOR + 60, null, carrierByCode("ZTO")!, "778123456789");
    const v = s.view(idx, ANCHOR + 60);
    expect(STATUSES[v.state.status]).toBe("WAIT_BUYER_CONFIRM_GOODS");
    expect(v.state.consignTime).toBe(ANCHOR + 60);
    expect(v.packages[v.state.orders[0]!.pkg]!.waybill).toBe("778123456789");
    // Later it finishes, and never goes back to waiting for shipment.
    const events = s.events(idx).filter((e) => e.t > ANCHOR + 60);
    expect(events.some((e) => e.kind === Ev.Ship || e.kind === Ev.ShipPart)).toBe(false);
    expect(STATUSES[s.statusAt(idx, ANCHOR + 30 * DAY)]).toBe("TRADE_FINISHED");
    expect(() => s.writeShipment(idx, ANCHOR + 61, null, carrierByCode("ZTO")!, "778123456780")).toThrow();
  });

  it("listByCreated pages newest first and listByModified most recently modified first", () => {
    const s = make();
    const page = s.listByCreated(ANCHOR - 10 * DAY, ANCHOR, ANCHOR, ALL, 0, 100, true);
    expect(page.idxs.length).toBe(100);
    for (let i = 1; i < page.idxs.length; i++) expect(s.created[page.idxs[i]!]!).toBeLessThanOrEqual(s.created[page.idxs[i - 1]!]!);
    const mod = s.listByModified(ANCHOR - DAY, ANCHOR, ANCHOR, ALL, 0, 1000);
    for (let i = 1; i < mod.idxs.length; i++) expect(s.modifiedAt(mod.idxs[i]!, ANCHOR)).toBeLessThanOrEqual(s.modifiedAt(mod.idxs[i - 1]!, ANCHOR));
    // Every trade modified in the window is there: compare with a full scan.
    let expected = 0;
    for (let i = 0; i < s.n; i++) {
      const m = s.modifiedAt(i, ANCHOR);
      if (m >= ANCHOR - DAY && m <= ANCHOR) expected++;
    }
    expect(mod.total).toBe(expected);
  });
});
