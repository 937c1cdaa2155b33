/**
 * The Taobao Message Channel over HTTP (top-protocol.md §9): one queue per app. A seller's trade
 * changes are queued from the moment the app calls `taobao.tmc.user.permit` for them; every
 * lifecycle event and every write produces its `taobao_trade_*` message (refund events also a
 * `taobao_refund_*` one). `consume` hands out ready messages and hides them for `ackTimeout`
 * seconds of sandbox time; unconfirmed ones are delivered again after that. Messages older
 * than 3 days are dropped, as the real channel keeps them 3 days.
 */
import { fenToYuan } from "../lib/money";
import { formatTopTime } from "../lib/time";
import { raw, toJson, type JsonObject } from "./json";
import { Ev, STATUSES, TRADE_TYPES, type TradeEvent } from "./model";
import type { ShopStore } from "./shop";

const RETENTION = 3 * 86_400;
export const TMC_PUB_APP_KEY = "12497914";

interface Permit {
  since: number;
  /** Pumped up to (and including) this second, except for ids in `boundary`. */
  pumped: number;
  boundary: Set<string>;
  topics: Set<string> | null;
}

interface Entry {
  id: bigint;
  time: number;
  message: JsonObject;
  inflight: boolean;
  visibleAt: number;
}

interface AppQueue {
  permits: Map<number, Permit>;
  entries: Entry[];
}

/** Topics a lifecycle event produces (trade topic first). */
export function topicsFor(e: TradeEvent, closesTrade: boolean): string[] {
  switch (e.kind) {
    case Ev.Create:
      return ["taobao_trade_TradeCreate"];
    case Ev.Pay:
    case Ev.PreAuthOk:
      return ["taobao_trade_TradeBuyerPay"];
    case Ev.FrontPay:
      return ["taobao_trade_TradeBuyerStepPay"];
    case Ev.CloseUnpaid:
      return ["taobao_trade_TradeClose"];
    case Ev.Ship:
    case Ev.ApiShip:
      return ["taobao_trade_TradeSellerShip"];
    case Ev.ShipPart:
    case Ev.ApiShipPart:
      return ["taobao_trade_TradePartlySellerShip"];
    case Ev.Finish:
      return ["taobao_trade_TradeSuccess"];
    case Ev.Memo:
    case Ev.ApiMemo:
      return ["taobao_trade_TradeMemoModified"];
    case Ev.RefundRequest:
      return ["taobao_trade_TradeChanged", "taobao_refund_RefundCreated"];
    case Ev.RefundAgreeReturn:
      return ["taobao_trade_TradeChanged", "taobao_refund_RefundSellerAgreeAgreement"];
    case Ev.RefundReturned:
      return ["taobao_trade_TradeChanged", "taobao_refund_RefundBuyerReturnGoods"];
    case Ev.RefundRefused:
      return ["taobao_trade_TradeChanged", "taobao_refund_RefundSellerRefuseAgreement"];
    case Ev.RefundClosed:
      return ["taobao_trade_TradeChanged", "taobao_refund_RefundClosed"];
    case Ev.RefundSuccess:
      return [closesTrade ? "taobao_trade_TradeClose" : "taobao_trade_TradePartlyRefund", "taobao_refund_RefundSuccess"];
    default:
      return ["taobao_trade_TradeChanged"];
  }
}

export class TmcHub {
  private readonly queues = new Map<string, AppQueue>();
  private nextId = 5_100_000_000_000_000_000n;

  constructor(public ackTimeout: number) {}

  private queue(appKey: string): AppQueue {
    let q = this.queues.get(appKey);
    if (!q) {
      q = { permits: new Map(), entries: [] };
      this.queues.set(appKey, q);
    }
    return q;
  }

  permit(appKey: string, shopIndex: number, topics: string[] | null, now: number): void {
    const q = this.queue(appKey);
    const existing = q.permits.get(shopIndex);
    if (existing) {
      existing.topics = topics ? new Set(topics) : null;
      return;
    }
    q.permits.set(shopIndex, { since: now, pumped: now, boundary: new Set(), topics: topics ? new Set(topics) : null });
  }

  isPermitted(appKey: string, shopIndex: number): boolean {
    return this.queues.get(appKey)?.permits.has(shopIndex) ?? false;
  }

  /** Moves every event up to `now` of the permitted shops into the app's queue. */
  pump(appKey: string, shops: readonly ShopStore[], now: number): void {
    const q = this.queues.get(appKey);
    if (!q) return;
    for (const [shopIndex, p] of q.permits) {
      const shop = shops[shopIndex];
      if (!shop) continue;
      const from = Math.max(p.pumped - 1, p.since - 1, now - RETENTION);
      if (now < p.pumped) continue;
      const events = shop.eventsBetween(from, now);
      const nextBoundary = new Set<string>();
      let ordinal = 0;
      let last = "";
      for (const ev of events) {
        const base = `${ev.idx}:${ev.t}`;
        ordinal = base === last ? ordinal + 1 : 0;
        last = base;
        const id = `${base}:${ev.event.kind}:${ev.event.arg}:${ordinal}`;
        if (ev.t === now) nextBoundary.add(id);
        if (ev.t < p.since) continue;
        if (ev.t <= p.pumped && (ev.t < p.pumped || p.boundary.has(id))) continue;
        this.enqueue(q, shop, ev.idx, ev.event, p.topics);
      }
      p.pumped = now;
      p.boundary = nextBoundary;
    }
  }

  private enqueue(q: AppQueue, shop: ShopStore, idx: number, e: TradeEvent, topics: Set<string> | null): void {
    const v = shop.view(idx, e.t);
    const doc = v.doc;
    const closes = e.kind === Ev.RefundSuccess && STATUSES[e.status] === "TRADE_CLOSED";
    const isRefund = e.kind >= Ev.RefundRequest && e.kind <= Ev.RefundRefused;
    const order = isRefund ? doc.orders[e.arg] : doc.orders[0];
    const time = formatTopTime(new Date(e.t * 1000));
    for (const topic of topicsFor(e, closes)) {
      if (topics && !topics.has(topic)) continue;
      const content: JsonObject = topic.startsWith("taobao_refund_")
        ? {
            refund_id: raw(order?.refundId ?? "0"),
            tid: raw(doc.tid),
            oid: raw(order?.oid ?? doc.tid),
            refund_fee: fenToYuan(order?.payment ?? 0),
            refund_phase: STATUSES[e.status] === "TRADE_FINISHED" ? "aftersale" : "onsale",
            seller_nick: shop.account.nick,
            buyer_nick: v.buyer.maskedNick,
            buyer_open_uid: v.buyer.openUid,
            modified: time,
          }
        : {
            buyer_nick: v.buyer.maskedNick,
            buyer_open_uid: v.buyer.openUid,
            payment: fenToYuan(doc.payment),
            oid: raw(order?.oid ?? doc.tid),
            tid: raw(doc.tid),
            type: TRADE_TYPES[doc.type],
            seller_nick: shop.account.nick,
            status: STATUSES[e.status],
            modified: time,
          };
      const id = this.nextId++;
      q.entries.push({
        id,
        time: e.t,
        inflight: false,
        visibleAt: 0,
        message: {
          id: raw(id.toString()),
          topic,
          content: toJson(content),
          time,
          user_id: raw(shop.account.userId),
          nick: shop.account.nick,
          pub_app_key: TMC_PUB_APP_KEY,
        },
      });
    }
  }

  consume(appKey: string, shops: readonly ShopStore[], quantity: number, now: number): JsonObject[] {
    this.pump(appKey, shops, now);
    const q = this.queues.get(appKey);
    if (!q) return [];
    q.entries = q.entries.filter((e) => e.time >= now - RETENTION);
    const out: JsonObject[] = [];
    for (const e of q.entries) {
      if (out.length >= quantity) break;
      if (e.inflight && e.visibleAt > now) continue;
      e.inflight = true;
      e.visibleAt = now + this.ackTimeout;
      out.push(e.message);
    }
    return out;
  }

  /** Confirms (removes) messages; `failed` ones become visible again at once. Returns how many were known. */
  confirm(appKey: string, ok: string[], failed: string[]): number {
    const q = this.queues.get(appKey);
    if (!q) return 0;
    const okSet = new Set(ok);
    const failSet = new Set(failed);
    let known = 0;
    q.entries = q.entries.filter((e) => {
      const id = e.id.toString();
      if (okSet.has(id)) {
        known++;
        return false;
      }
      if (failSet.has(id)) {
        known++;
        e.visibleAt = 0;
      }
      return true;
    });
    return known;
  }

  /** Messages waiting (ready or in flight) for an app. */
  size(appKey: string): number {
    return this.queues.get(appKey)?.entries.length ?? 0;
  }

  clear(): void {
    this.queues.clear();
  }
}
