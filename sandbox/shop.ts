/**
 * One shop's living data: compact typed-array columns for every trade (creation time, seeds,
 * type, payment, buyer) and every lifecycle event (time, kind, status after), plus two indexes:
 * trades ordered by creation and events ordered by time. A trade's state at clock time T is the
 * fold of its events up to T, so the whole shop is a pure function of (seed, anchor, T) plus the
 * writes made through the API (overlays), and `increment.get` windows are cheap range scans of
 * the event index.
 */
import { createHash } from "node:crypto";
import { fenToYuan } from "../lib/money";
import { formatTopTime } from "../lib/time";
import type { Carrier } from "./carriers";
import type { ShopAccount } from "./defaults";
import {
  apiFinishDelay,
  apiPackage,
  createGenContext,
  genBuyer,
  genReceiver,
  genTrade,
  makeTid,
  type Buyer,
  type GenContext,
  type InjectSpec,
  type PackageDoc,
  type Receiver,
  type TradeDoc,
} from "./generator";
import { Ev, S, STATUSES, type TradeEvent } from "./model";
import { hashInts, rngFor } from "./rng";
import { canShip, foldState, type ApiMemo, type TradeState } from "./state";
import { deepLine } from "./truth";

const HOUR = 3600;
const DAY = 86_400;
/** Event index keys pack (seconds since baseT) · 2^22 + trade index into one exact double. */
const IDX_BITS = 4_194_304; // 2^22
const MAX_TRADES = IDX_BITS - 1;

/** Shanghai hour-of-day weights of order volume (midnight first). */
const HOUR_WEIGHTS = [0.35, 0.2, 0.12, 0.08, 0.06, 0.08, 0.15, 0.35, 0.6, 0.85, 1.0, 1.05, 0.95, 0.95, 1.0, 1.0, 0.95, 0.9, 0.95, 1.1, 1.35, 1.55, 1.5, 0.9];
const HOUR_WEIGHT_MEAN = HOUR_WEIGHTS.reduce((a, b) => a + b, 0) / 24;

function shanghaiHour(hourIndex: number): number {
  return (hourIndex + 8) % 24;
}

/* ------------------------------------------------------------------ growable typed arrays */

type TypedArray = Uint32Array | Uint8Array | Int32Array | Float64Array;

function grow<A extends TypedArray>(arr: A, need: number): A {
  if (need <= arr.length) return arr;
  let size = Math.max(16, arr.length);
  while (size < need) size *= 2;
  const next = new (arr.constructor as new (n: number) => A)(size);
  next.set(arr);
  return next;
}

/** First position p in [0, n) with key(p) >= value (key must be non-decreasing). */
function lowerBound(n: number, value: number, key: (p: number) => number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(mid) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* ------------------------------------------------------------------ overlays (API writes) */

interface Overlay {
  /** Base lifecycle events after this instant are cancelled (a shipment through the API). */
  cutAt: number;
  /** Base memo events after this instant are cancelled (a memo written through the API). */
  memoCutAt: number;
  events: TradeEvent[];
  packages: PackageDoc[];
  memos: ApiMemo[];
  ships: number;
  merged: TradeEvent[] | null;
}

const STATUS_NEUTRAL = new Set<number>([Ev.Memo, Ev.ApiMemo, Ev.Inject]);

export interface TradeFilter {
  /** Status codes to keep, or null for all. */
  statuses: Set<number> | null;
  /** Mask over TRADE_TYPES codes. */
  types: Uint8Array;
  /** Buyer indices to keep, or null for all. */
  buyers: Set<number> | null;
}

export interface PageResult {
  idxs: number[];
  total: number;
  hasNext: boolean;
}

export interface TradeView {
  idx: number;
  doc: TradeDoc;
  state: TradeState;
  packages: PackageDoc[];
  buyer: Buyer;
  receiver: Receiver;
}

export interface ShopStoreOptions {
  seed: number;
  account: ShopAccount;
  /** Trades created before the anchor. */
  trades: number;
  /** Data anchor: the clock's start, epoch seconds. */
  anchor: number;
  /** Oldest creation instant of the generated history. */
  historyStart: number;
  /** New trades per hour after the anchor (average; follows the hour-of-day curve). */
  arrivalPerHour: number;
}

export interface ShopEvent {
  t: number;
  idx: number;
  event: TradeEvent;
}

const DOC_CACHE = 4096;

export class ShopStore {
  readonly account: ShopAccount;
  readonly ctx: GenContext;
  readonly seed: number;
  readonly anchor: number;
  readonly historyStart: number;
  readonly arrivalPerHour: number;
  private readonly baseT: number;

  n = 0;
  created = new Uint32Array(0);
  seedA = new Uint32Array(0);
  seedB = new Uint32Array(0);
  type = new Uint8Array(0);
  payment = new Int32Array(0);
  buyer = new Uint32Array(0);
  readonly tids: string[] = [];
  private readonly tidIndex = new Map<string, number>();

  private evStart = new Uint32Array(0);
  private evCount = new Uint8Array(0);
  private evT = new Uint32Array(0);
  private evKind = new Uint8Array(0);
  private evStatus = new Uint8Array(0);
  private evArg = new Uint8Array(0);
  private evN = 0;

  /** Trade indices sorted by (created, idx). */
  private order = new Uint32Array(0);
  /** Sorted event keys; the first holds the history, later ones arrivals. */
  private segments: Float64Array[] = [];
  /** Sorted keys of events written by the API. */
  private dynamic: number[] = [];
  private readonly overlays = new Map<number, Overlay>();
  private readonly injections = new Map<number, InjectSpec>();
  private nextArrivalHour: number;
  private pendingKeys: number[] = [];
  private readonly docCache = new Map<number, TradeDoc>();

  constructor(opts: ShopStoreOptions) {
    this.account = opts.account;
    this.seed = opts.seed;
    this.anchor = opts.anchor;
    this.historyStart = opts.historyStart;
    this.arrivalPerHour = opts.arrivalPerHour;
    this.baseT = opts.historyStart - 2 * DAY;
    const expected = opts.trades + opts.arrivalPerHour * 24 * 30;
    this.ctx = createGenContext(opts.seed, opts.account, Math.max(opts.trades, expected * 0.5));
    this.generateHistory(opts.trades);
    this.nextArrivalHour = Math.floor(opts.anchor / HOUR);
  }

  /* -------------------------------------------------------------- generation */

  private reserve(trades: number, events: number): void {
    this.created = grow(this.created, trades);
    this.seedA = grow(this.seedA, trades);
    this.seedB = grow(this.seedB, trades);
    this.type = grow(this.type, trades);
    this.payment = grow(this.payment, trades);
    this.buyer = grow(this.buyer, trades);
    this.evStart = grow(this.evStart, trades);
    this.evCount = grow(this.evCount, trades);
    this.order = grow(this.order, trades);
    this.evT = grow(this.evT, events);
    this.evKind = grow(this.evKind, events);
    this.evStatus = grow(this.evStatus, events);
    this.evArg = grow(this.evArg, events);
  }

  private assignTid(seedA: number, seedB: number): string {
    for (let salt = 0; ; salt++) {
      const tid = makeTid(seedA, seedB, salt);
      if (!this.tidIndex.has(tid)) return tid;
    }
  }

  /** Appends one trade (generated from its seeds) and its events; returns its index. */
  private addTrade(created: number, seedA: number, seedB: number, inject?: InjectSpec): number {
    const idx = this.n;
    if (idx >= MAX_TRADES) throw new Error(`a shop holds at most ${MAX_TRADES} trades`);
    const tid = this.assignTid(seedA, seedB);
    if (inject) this.injections.set(idx, inject);
    const doc = genTrade(this.ctx, seedA, seedB, created, tid, inject, true);
    const evs = doc.events;
    this.reserve(idx + 1, this.evN + evs.length);
    this.created[idx] = created;
    this.seedA[idx] = seedA;
    this.seedB[idx] = seedB;
    this.type[idx] = doc.type;
    this.payment[idx] = doc.payment;
    this.buyer[idx] = doc.buyer;
    this.evStart[idx] = this.evN;
    this.evCount[idx] = evs.length;
    for (const e of evs) {
      const j = this.evN++;
      this.evT[j] = e.t;
      this.evKind[j] = e.kind;
      this.evStatus[j] = e.status;
      this.evArg[j] = e.arg;
      this.pendingKeys.push(this.key(e.t, idx));
    }
    this.tids.push(tid);
    this.tidIndex.set(tid, idx);
    this.n = idx + 1;
    return idx;
  }

  private key(t: number, idx: number): number {
    return (t - this.baseT) * IDX_BITS + idx;
  }

  private flushKeys(): void {
    if (this.pendingKeys.length === 0) return;
    const seg = Float64Array.from(this.pendingKeys);
    seg.sort();
    this.pendingKeys = [];
    this.segments.push(seg);
    if (this.segments.length > 12) {
      // Merge the arrival segments (everything after the history segment) into one.
      const [first, ...rest] = this.segments;
      const total = rest.reduce((s, a) => s + a.length, 0);
      const merged = new Float64Array(total);
      let o = 0;
      for (const a of rest) {
        merged.set(a, o);
        o += a.length;
      }
      merged.sort();
      this.segments = [first!, merged];
    }
  }

  private generateHistory(count: number): void {
    const times = historyTimes(this.seed, this.account.index, count, this.historyStart, this.anchor);
    this.reserve(count, count * 7);
    this.pendingKeys = [];
    for (let i = 0; i < count; i++) {
      const idx = this.addTrade(times[i]!, hashInts(this.seed, this.account.index, 1, i), hashInts(i, this.account.index, this.seed, 7));
      this.order[idx] = idx;
    }
    this.orderLen = count;
    this.flushKeys();
  }

  /** Materialises the trades that arrive after the anchor, up to an hour past `T`. */
  ensure(T: number): void {
    const until = Math.floor(T / HOUR) + 1;
    if (this.nextArrivalHour > until) return;
    while (this.nextArrivalHour <= until) {
      const h = this.nextArrivalHour++;
      const r = rngFor(this.seed, this.account.index, 0x41525256, h);
      const mean = (this.arrivalPerHour * HOUR_WEIGHTS[shanghaiHour(h)]!) / HOUR_WEIGHT_MEAN;
      const k = r.poisson(mean);
      const times: number[] = [];
      for (let j = 0; j < k; j++) times.push(h * HOUR + r.int(HOUR));
      times.sort((a, b) => a - b);
      times.forEach((t, j) => {
        if (t <= this.anchor) return;
        const idx = this.addTrade(t, hashInts(this.seed, this.account.index, 2, h, j), hashInts(h, j, this.account.index, this.seed, 11));
        this.insertOrdered(idx);
      });
    }
    this.flushKeys();
  }

  /** Keeps `order` sorted by (created, idx); appends are the common case. */
  private orderLen = 0;
  private insertOrdered(idx: number): void {
    this.order = grow(this.order, this.orderLen + 1);
    if (this.orderLen === 0 || this.created[this.order[this.orderLen - 1]!]! <= this.created[idx]!) {
      this.order[this.orderLen++] = idx;
      return;
    }
    const c = this.created[idx]!;
    const pos = lowerBound(this.orderLen, c + 1, (i) => this.created[this.order[i]!]!);
    this.order.copyWithin(pos + 1, pos, this.orderLen);
    this.order[pos] = idx;
    this.orderLen++;
  }

  /* -------------------------------------------------------------- documents and state */

  hasTrade(tid: string): boolean {
    return this.tidIndex.has(tid);
  }

  indexOf(tid: string): number | undefined {
    return this.tidIndex.get(tid);
  }

  doc(idx: number): TradeDoc {
    let d = this.docCache.get(idx);
    if (!d) {
      d = genTrade(this.ctx, this.seedA[idx]!, this.seedB[idx]!, this.created[idx]!, this.tids[idx]!, this.injections.get(idx));
      // Large enough to hold the pages in flight, so a fullinfo.get right after its page reuses the generated trade.
      if (this.docCache.size >= DOC_CACHE) this.docCache.delete(this.docCache.keys().next().value as number);
      this.docCache.set(idx, d);
    }
    return d;
  }

  private baseEvents(idx: number): TradeEvent[] {
    const s = this.evStart[idx]!;
    const c = this.evCount[idx]!;
    const out: TradeEvent[] = [];
    for (let j = s; j < s + c; j++) out.push({ t: this.evT[j]!, kind: this.evKind[j] as Ev, status: this.evStatus[j]!, arg: this.evArg[j]! });
    return out;
  }

  /** The trade's effective events (base plan, minus what API writes cancelled, plus API events). */
  events(idx: number): TradeEvent[] {
    const ov = this.overlays.get(idx);
    if (!ov) return this.baseEvents(idx);
    if (ov.merged) return ov.merged;
    const base = this.baseEvents(idx).filter((e) => (e.kind === Ev.Memo ? e.t <= ov.memoCutAt : e.t <= ov.cutAt));
    const merged: TradeEvent[] = [];
    let i = 0;
    let j = 0;
    while (i < base.length || j < ov.events.length) {
      const b = base[i];
      const o = ov.events[j];
      if (b && (!o || b.t <= o.t)) {
        merged.push({ ...b });
        i++;
      } else if (o) {
        merged.push({ ...o });
        j++;
      }
    }
    let status = merged[0]?.status ?? S.WAIT_BUYER_PAY;
    for (const e of merged) {
      if (STATUS_NEUTRAL.has(e.kind)) e.status = status;
      else status = e.status;
    }
    ov.merged = merged;
    return merged;
  }

  /** Status code at T, or -1 when the trade does not exist yet. */
  statusAt(idx: number, T: number): number {
    if (this.created[idx]! > T) return -1;
    if (this.overlays.has(idx)) {
      const evs = this.events(idx);
      let st = -1;
      for (const e of evs) {
        if (e.t > T) break;
        st = e.status;
      }
      return st;
    }
    const s = this.evStart[idx]!;
    for (let j = s + this.evCount[idx]! - 1; j >= s; j--) if (this.evT[j]! <= T) return this.evStatus[j]!;
    return -1;
  }

  /** `modified` at T (epoch seconds), or -1 when the trade does not exist yet. */
  modifiedAt(idx: number, T: number): number {
    if (this.created[idx]! > T) return -1;
    if (this.overlays.has(idx)) {
      let m = -1;
      for (const e of this.events(idx)) {
        if (e.t > T) break;
        m = e.t;
      }
      return m;
    }
    const s = this.evStart[idx]!;
    for (let j = s + this.evCount[idx]! - 1; j >= s; j--) if (this.evT[j]! <= T) return this.evT[j]!;
    return -1;
  }

  packagesOf(idx: number): PackageDoc[] {
    const doc = this.doc(idx);
    const ov = this.overlays.get(idx);
    return ov ? [...doc.packages, ...ov.packages] : doc.packages;
  }

  view(idx: number, T: number): TradeView {
    return this.viewOf(idx, this.doc(idx), T);
  }

  private viewOf(idx: number, doc: TradeDoc, T: number): TradeView {
    const packages = this.packagesOf(idx);
    const ov = this.overlays.get(idx);
    const state = foldState(doc, this.events(idx), packages, ov?.memos ?? [], T);
    return { idx, doc, state, packages, buyer: doc.buyerInfo, receiver: doc.receiver };
  }

  /* -------------------------------------------------------------- queries */

  /** Trades created in [start, end] (both included) and existing at T, newest first. */
  listByCreated(start: number, end: number, T: number, filter: TradeFilter, offset: number, limit: number, wantTotal: boolean): PageResult {
    this.ensure(T);
    const hiT = Math.min(end, T);
    const idxs: number[] = [];
    if (hiT < start) return { idxs, total: 0, hasNext: false };
    const createdOf = (p: number) => this.created[this.order[p]!]!;
    const lo = lowerBound(this.orderLen, start, createdOf);
    const hi = lowerBound(this.orderLen, hiT + 1, createdOf);
    let matched = 0;
    let hasNext = false;
    for (let p = hi - 1; p >= lo; p--) {
      const idx = this.order[p]!;
      if (!this.matches(idx, T, filter)) continue;
      if (matched >= offset && matched < offset + limit) idxs.push(idx);
      matched++;
      if (!wantTotal && matched > offset + limit) {
        hasNext = true;
        break;
      }
    }
    if (wantTotal) hasNext = matched > offset + limit;
    return { idxs, total: matched, hasNext };
  }

  private matches(idx: number, T: number, f: TradeFilter): boolean {
    if (!f.types[this.type[idx]!]) return false;
    if (f.buyers && !f.buyers.has(this.buyer[idx]!)) return false;
    if (f.statuses) {
      const st = this.statusAt(idx, T);
      if (st < 0 || !f.statuses.has(st)) return false;
    }
    return this.created[idx]! <= T;
  }

  /** Trades whose `modified` at T lies in [start, end] (both included), most recently modified first. */
  listByModified(start: number, end: number, T: number, filter: TradeFilter, offset: number, limit: number): PageResult {
    this.ensure(T);
    const hiT = Math.min(end, T);
    if (hiT < start) return { idxs: [], total: 0, hasNext: false };
    const cands = new Set<number>();
    this.scanKeys(start, hiT, (_t, idx) => cands.add(idx));
    const rows: { idx: number; m: number }[] = [];
    for (const idx of cands) {
      if (!this.matches(idx, T, filter)) continue;
      const m = this.modifiedAt(idx, T);
      if (m >= start && m <= end) rows.push({ idx, m });
    }
    rows.sort((a, b) => b.m - a.m || b.idx - a.idx);
    const idxs = rows.slice(offset, offset + limit).map((r) => r.idx);
    return { idxs, total: rows.length, hasNext: rows.length > offset + limit };
  }

  /** Calls `fn(t, idx)` for every indexed event key with start ≤ t ≤ end (keys may repeat). */
  private scanKeys(start: number, end: number, fn: (t: number, idx: number) => void): void {
    const lo = (start - this.baseT) * IDX_BITS;
    const hi = (end + 1 - this.baseT) * IDX_BITS;
    const scan = (arr: ArrayLike<number>, len: number) => {
      let p = lowerBound(len, lo, (i) => arr[i]!);
      for (; p < len; p++) {
        const k = arr[p]!;
        if (k >= hi) break;
        const idx = k % IDX_BITS;
        fn((k - idx) / IDX_BITS + this.baseT, idx);
      }
    };
    for (const seg of this.segments) scan(seg, seg.length);
    scan(this.dynamic, this.dynamic.length);
  }

  /** Effective events with from < t ≤ to, in time order (for TMC). */
  eventsBetween(from: number, to: number): ShopEvent[] {
    this.ensure(to);
    if (to <= from) return [];
    const seen = new Set<number>();
    const keys: number[] = [];
    this.scanKeys(from + 1, to, (t, idx) => {
      const k = this.key(t, idx);
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    });
    keys.sort((a, b) => a - b);
    const out: ShopEvent[] = [];
    for (const k of keys) {
      const idx = k % IDX_BITS;
      const t = (k - idx) / IDX_BITS + this.baseT;
      if (this.created[idx]! > to) continue;
      for (const e of this.events(idx)) if (e.t === t) out.push({ t, idx, event: e });
    }
    return out;
  }

  /** Trades (indices) with the given buyers, existing at T and created in [start, T], newest first. */
  tradesOfBuyers(buyers: Map<number, Set<number>>, start: number, T: number, limit: number): number[] {
    this.ensure(T);
    const out: number[] = [];
    for (let p = this.orderLen - 1; p >= 0 && out.length < limit; p--) {
      const idx = this.order[p]!;
      const c = this.created[idx]!;
      if (c > T) continue;
      if (c < start) break;
      const addrs = buyers.get(this.buyer[idx]!);
      if (!addrs) continue;
      if (addrs.has(this.doc(idx).addr)) out.push(idx);
    }
    return out;
  }

  /** Number of trades that exist at T. */
  countAt(T: number): number {
    this.ensure(T);
    return lowerBound(this.orderLen, T + 1, (p) => this.created[this.order[p]!]!);
  }

  /* -------------------------------------------------------------- writes */

  private overlay(idx: number): Overlay {
    let ov = this.overlays.get(idx);
    if (!ov) {
      ov = { cutAt: Infinity, memoCutAt: Infinity, events: [], packages: [], memos: [], ships: 0, merged: null };
      this.overlays.set(idx, ov);
    }
    return ov;
  }

  private addApiEvent(idx: number, ov: Overlay, e: TradeEvent): void {
    ov.events.push(e);
    ov.events.sort((a, b) => a.t - b.t);
    ov.merged = null;
    const k = this.key(e.t, idx);
    const pos = lowerBound(this.dynamic.length, k, (i) => this.dynamic[i]!);
    this.dynamic.splice(pos, 0, k);
  }

  /** trade.memo.update: `memo` null clears it (reset); `flag` undefined keeps the current flag. */
  writeMemo(idx: number, T: number, memo: string | null | undefined, flag: number | undefined): void {
    const cur = this.view(idx, T).state;
    const ov = this.overlay(idx);
    ov.memoCutAt = Math.min(ov.memoCutAt, T);
    ov.memos.push({ memo: memo === undefined ? cur.memo : memo, flag: flag ?? cur.flag });
    this.addApiEvent(idx, ov, { t: T, kind: Ev.ApiMemo, status: cur.status, arg: ov.memos.length - 1 });
  }

  /**
   * logistics.offline.send: ships the given orders (all unshipped, open ones when `orders` is
   * null). Cancels the trade's planned future lifecycle and plans sign/finish from now on.
   */
  writeShipment(idx: number, T: number, orders: number[] | null, carrier: Carrier, waybill: string): void {
    const v = this.view(idx, T);
    if (!canShip(v.state.status)) throw new Error("trade cannot be shipped in its status");
    const unshipped = v.state.orders
      .map((o, k) => ({ o, k }))
      .filter(({ o }) => o.status === S.WAIT_SELLER_SEND_GOODS || o.status === S.PAID_FORBID_CONSIGN)
      .map(({ k }) => k);
    const ship = orders ? orders.filter((k) => unshipped.includes(k)) : unshipped;
    if (ship.length === 0) throw new Error("nothing to ship");
    const ov = this.overlay(idx);
    const docPkgs = v.doc.packages.length;
    ov.cutAt = Math.min(ov.cutAt, T);
    // Open refunds are dropped by the buyer once the parcel is on its way.
    const evs: TradeEvent[] = [];
    v.state.orders.forEach((o, k) => {
      if (o.refund === 1) evs.push({ t: T + HOUR, kind: Ev.RefundClosed, status: -1, arg: k });
    });
    const pkg = apiPackage(this.seed, v.doc.tid, ov.ships++, ship, carrier, waybill, T);
    ov.packages.push(pkg);
    const all = ship.length === unshipped.length;
    const pkgIndex = docPkgs + ov.packages.length - 1;
    this.addApiEvent(idx, ov, { t: T, kind: all ? Ev.ApiShip : Ev.ApiShipPart, status: all ? S.WAIT_BUYER_CONFIRM_GOODS : S.SELLER_CONSIGNED_PART, arg: pkgIndex });
    // Any lifecycle events the overlay planned earlier (from a partial shipment) are replaced.
    ov.events = ov.events.filter((e) => e.t <= T || e.kind === Ev.ApiMemo);
    ov.merged = null;
    if (all) {
      const lastSign = Math.max(pkg.signAt, ...ov.packages.map((p) => p.signAt));
      const finishAt = lastSign + apiFinishDelay(this.seed, v.doc.tid, ov.ships);
      for (const e of evs) this.addApiEvent(idx, ov, { ...e, status: S.WAIT_BUYER_CONFIRM_GOODS });
      this.addApiEvent(idx, ov, { t: finishAt, kind: Ev.Finish, status: S.TRADE_FINISHED, arg: 0 });
    } else {
      for (const e of evs) this.addApiEvent(idx, ov, { ...e, status: S.SELLER_CONSIGNED_PART });
    }
    this.rebuildDynamic();
  }

  private rebuildDynamic(): void {
    const keys: number[] = [];
    for (const [idx, ov] of this.overlays) for (const e of ov.events) keys.push(this.key(e.t, idx));
    keys.sort((a, b) => a - b);
    this.dynamic = keys;
  }

  /** Adds a trade through the admin API (see /_sandbox/trades). */
  inject(spec: InjectSpec): number {
    this.ensure(spec.at);
    const n = this.injections.size;
    const idx = this.addTrade(spec.created, hashInts(this.seed, this.account.index, 3, n), hashInts(n, this.account.index, this.seed, 13), spec);
    this.flushKeys();
    this.insertOrdered(idx);
    return idx;
  }

  /* -------------------------------------------------------------- truth */

  /** `{trades, digest}` per the rule in sandbox/README.md. */
  truth(T: number): { trades: number; digest: string } {
    this.ensure(T);
    const lines: string[] = [];
    const timeCache = new Map<number, string>();
    const fmt = (t: number) => {
      let s = timeCache.get(t);
      if (s === undefined) {
        s = formatTopTime(new Date(t * 1000));
        timeCache.set(t, s);
      }
      return s;
    };
    for (let idx = 0; idx < this.n; idx++) {
      if (this.created[idx]! > T) continue;
      const status = STATUSES[this.statusAt(idx, T)]!;
      lines.push(`${this.tids[idx]}|${status}|${fmt(this.modifiedAt(idx, T))}|${fenToYuan(this.payment[idx]!)}`);
    }
    lines.sort();
    const digest = createHash("sha256").update(lines.join("\n"), "utf8").digest("hex");
    return { trades: lines.length, digest };
  }

  /**
   * The deep truth digest per the rule in sandbox/README.md ("The deep truth digest"): one line
   * per trade existing at T with every field the cache keeps (sandbox/truth.ts), sorted, joined
   * with "\n", SHA-256. `withLines` also returns the sorted lines (for tests to diff).
   */
  deepTruth(T: number, withLines = false): { trades: number; digest: string; lines?: string[] } {
    this.ensure(T);
    const lines: string[] = [];
    for (let idx = 0; idx < this.n; idx++) {
      if (this.created[idx]! > T) continue;
      // A document in the cache is reused; others are generated without evicting the pages in flight.
      const doc = this.docCache.get(idx) ?? genTrade(this.ctx, this.seedA[idx]!, this.seedB[idx]!, this.created[idx]!, this.tids[idx]!, this.injections.get(idx));
      lines.push(deepLine(this.viewOf(idx, doc, T), this.account.nick));
    }
    lines.sort();
    const digest = createHash("sha256").update(lines.join("\n"), "utf8").digest("hex");
    return withLines ? { trades: lines.length, digest, lines } : { trades: lines.length, digest };
  }

  /** Buyer indices whose receivers match (lazily built index). */
  private receiverIndex: { mobile: Map<string, [number, number][]>; name: Map<string, [number, number][]>; phone: Map<string, [number, number][]> } | null = null;

  findReceivers(q: { mobile?: string; name?: string; phone?: string }): Map<number, Set<number>> {
    if (!this.receiverIndex) {
      const idx = { mobile: new Map<string, [number, number][]>(), name: new Map<string, [number, number][]>(), phone: new Map<string, [number, number][]>() };
      const add = (m: Map<string, [number, number][]>, k: string, v: [number, number]) => {
        if (!k) return;
        const list = m.get(k);
        if (list) list.push(v);
        else m.set(k, [v]);
      };
      for (let b = 0; b < this.ctx.buyerPool; b++) {
        const buyer = genBuyer(this.ctx, b);
        for (let a = 0; a < buyer.addressCount; a++) {
          const rcv = genReceiver(this.ctx, b, a);
          add(idx.mobile, rcv.mobile, [b, a]);
          add(idx.name, rcv.name, [b, a]);
          add(idx.phone, rcv.phone, [b, a]);
        }
      }
      this.receiverIndex = idx;
    }
    const hits: [number, number][][] = [];
    if (q.mobile) hits.push(this.receiverIndex.mobile.get(q.mobile) ?? []);
    if (q.name) hits.push(this.receiverIndex.name.get(q.name) ?? []);
    if (q.phone) hits.push(this.receiverIndex.phone.get(q.phone) ?? []);
    // Conditions inside one query entry combine with AND.
    const key = (p: [number, number]) => `${p[0]}:${p[1]}`;
    const sets = hits.map((h) => new Set<string>(h.map(key)));
    const common = sets.length === 0 ? [] : [...sets[0]!].filter((x) => sets.every((s) => s.has(x)));
    const out = new Map<number, Set<number>>();
    for (const k of common) {
      const [b, a] = k.split(":").map(Number) as [number, number];
      const set = out.get(b) ?? new Set<number>();
      set.add(a);
      out.set(b, set);
    }
    return out;
  }

  /** Buyer indices by open uid and by masked nick (lazily built). */
  private buyerIndex: { openUid: Map<string, number>; nick: Map<string, number[]> } | null = null;

  /** Buyer indices with the given masked nick and/or open uid (the list APIs' buyer filters). */
  buyersMatching(q: { nick?: string; openUid?: string }): Set<number> {
    if (!this.buyerIndex) {
      const idx = { openUid: new Map<string, number>(), nick: new Map<string, number[]>() };
      for (let b = 0; b < this.ctx.buyerPool; b++) {
        const buyer = genBuyer(this.ctx, b);
        idx.openUid.set(buyer.openUid, b);
        const list = idx.nick.get(buyer.maskedNick);
        if (list) list.push(b);
        else idx.nick.set(buyer.maskedNick, [b]);
      }
      this.buyerIndex = idx;
    }
    let out: number[] | null = null;
    if (q.nick !== undefined) out = this.buyerIndex.nick.get(q.nick) ?? [];
    if (q.openUid !== undefined) {
      const b = this.buyerIndex.openUid.get(q.openUid);
      const byUid = b === undefined ? [] : [b];
      out = out === null ? byUid : out.filter((x) => byUid.includes(x));
    }
    return new Set(out ?? []);
  }

  /** Diagnostics for benchmarks and tests. */
  stats(): { trades: number; events: number; overlays: number; segments: number } {
    return { trades: this.n, events: this.evN, overlays: this.overlays.size, segments: this.segments.length };
  }

  /** For the admin API: the trade exists at T. */
  existsAt(idx: number, T: number): boolean {
    return idx >= 0 && idx < this.n && this.created[idx]! <= T;
  }
}

/**
 * Creation instants of the generated history: `count` trades spread over [start, anchor]
 * following the hour-of-day curve, a day-to-day wobble and a few promotion days, sorted.
 */
export function historyTimes(seed: number, shop: number, count: number, start: number, anchor: number): Uint32Array {
  const h0 = Math.floor(start / HOUR);
  const h1 = Math.floor(anchor / HOUR);
  const hours = h1 - h0 + 1;
  const weights = new Float64Array(hours);
  let sum = 0;
  for (let i = 0; i < hours; i++) {
    const h = h0 + i;
    const day = Math.floor((h + 8) / 24);
    const dr = rngFor(seed, shop, 0x44415920, day);
    let dayFactor = 0.75 + 0.5 * dr.float();
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday
    if (weekday === 0 || weekday === 6) dayFactor *= 1.15;
    if (hashInts(seed, day) % 29 === 0) dayFactor *= 2.5;
    const from = Math.max(h * HOUR, start);
    const to = Math.min((h + 1) * HOUR, anchor + 1);
    const frac = Math.max(0, to - from) / HOUR;
    const w = HOUR_WEIGHTS[shanghaiHour(h)]! * dayFactor * frac;
    weights[i] = w;
    sum += w;
  }
  // Largest-remainder allocation so that the counts add up to exactly `count`.
  const counts = new Uint32Array(hours);
  const rema: { i: number; r: number }[] = [];
  let given = 0;
  for (let i = 0; i < hours; i++) {
    const exact = sum > 0 ? (count * weights[i]!) / sum : 0;
    const c = Math.floor(exact);
    counts[i] = c;
    given += c;
    rema.push({ i, r: exact - c });
  }
  rema.sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; given < count; k++, given++) counts[rema[k % rema.length]!.i]!++;
  const out = new Uint32Array(count);
  let o = 0;
  for (let i = 0; i < hours; i++) {
    const c = counts[i]!;
    if (c === 0) continue;
    const h = h0 + i;
    const from = Math.max(h * HOUR, start);
    const to = Math.min((h + 1) * HOUR - 1, anchor);
    const r = rngFor(seed, shop, 0x484f5552, h);
    const slice = out.subarray(o, o + c);
    for (let j = 0; j < c; j++) slice[j] = from + r.int(to - from + 1);
    slice.sort();
    o += c;
  }
  return out;
}
