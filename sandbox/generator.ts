/**
 * The living shop's generator: pure functions of (seed, shop, index) that produce a trade's
 * content (items, money, buyer, receiver) and its whole lifecycle plan (create, pay, ship, sign,
 * finish, refunds, memo) as timed events. The store keeps only compact columns and the event
 * times; anything else is regenerated on demand from the same seeds, so it is always identical.
 */
import { fenToYuan } from "../lib/money";
import { formatTopTime } from "../lib/time";
import {
  BUYER_MESSAGES,
  CATALOGUES,
  COMMUNITIES,
  COURIER_NAMES,
  GIVEN_CHARS,
  MOBILE_PREFIXES,
  NICK_WORDS,
  PROVINCES,
  PROVINCE_WEIGHTS,
  ROADS,
  SELLER_FLAG_WEIGHTS,
  SELLER_MEMOS,
  SIGNERS,
  SURNAMES,
  TOWN_STEMS,
  type ProductDef,
  type SkuDef,
} from "./catalog";
import { carrierByCode, SHIPPING_CARRIERS, SHIPPING_CARRIER_WEIGHTS, type Carrier } from "./carriers";
import type { ShopAccount } from "./defaults";
import { Ev, S, T, TRADE_TYPES, type TradeEvent } from "./model";
import { BASE62, hashInts, hashString, Rng, rngFor } from "./rng";

const HOUR = 3600;
const DAY = 86_400;

/* ------------------------------------------------------------------ shop context */

export interface SkuInfo {
  def: SkuDef;
  skuId: string;
  outerSkuId: string;
}

export interface ProductInfo {
  def: ProductDef;
  numIid: string;
  pic: string;
  outerIid: string;
  skus: SkuInfo[];
}

export interface GenContext {
  seed: number;
  shop: ShopAccount;
  products: ProductInfo[];
  productWeights: number[];
  /** Number of distinct buyers. */
  buyerPool: number;
}

export function createGenContext(seed: number, shop: ShopAccount, expectedTrades: number): GenContext {
  const defs = CATALOGUES[shop.catalogue];
  const products = defs.map((def, p) => {
    const r = rngFor(seed, shop.index, 0x50524f44, p);
    const numIid = `${r.range(6, 7)}${r.digits(11)}`;
    const img = `O1CN01${r.chars(10, BASE62)}${r.chars(8, BASE62)}_!!${shop.userId}.jpg`;
    const outerIid = `${shop.code}-${String(p + 1).padStart(3, "0")}`;
    return {
      def,
      numIid,
      pic: `https://img.alicdn.com/imgextra/i${r.range(1, 4)}/${shop.userId}/${img}`,
      outerIid,
      skus: def.skus.map((s, k) => ({ def: s, skuId: `5${r.digits(12)}`, outerSkuId: `${outerIid}-${String(k + 1).padStart(2, "0")}` })),
    };
  });
  return {
    seed,
    shop,
    products,
    productWeights: defs.map((d) => d.weight),
    buyerPool: Math.max(40, Math.round(expectedTrades / 2.2)),
  };
}

/* ------------------------------------------------------------------ buyers and receivers */

export interface Buyer {
  index: number;
  /** The real nick (never sent; the API sends `maskedNick`). */
  nick: string;
  maskedNick: string;
  openUid: string;
  addressCount: number;
}

const OPEN_UID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export function genBuyer(ctx: GenContext, b: number): Buyer {
  const r = rngFor(ctx.seed, ctx.shop.index, 0x42555952, b);
  const addressCount = r.chance(0.3) ? 2 : 1;
  const nick = r.chance(0.45) ? `tb${r.digits(r.range(9, 10))}` : `${r.pick(NICK_WORDS)}${r.chance(0.6) ? r.range(1, 9999) : ""}`;
  const chars = Array.from(nick);
  const maskedNick = `${chars[0]}**${chars.length > 2 ? chars[chars.length - 1] : ""}`;
  return { index: b, nick, maskedNick, openUid: `AAH${r.chars(21, OPEN_UID_ALPHABET)}`, addressCount };
}

/** How many addresses a buyer uses (the first draw of genBuyer, without building the rest). */
export function buyerAddressCount(ctx: GenContext, b: number): number {
  return rngFor(ctx.seed, ctx.shop.index, 0x42555952, b).chance(0.3) ? 2 : 1;
}

export interface Receiver {
  name: string;
  mobile: string;
  /** Landline, usually empty. */
  phone: string;
  state: string;
  city: string;
  district: string;
  town: string;
  /** Street address, full. */
  address: string;
  zip: string;
  oaid: string;
  remote: boolean;
}

export function genReceiver(ctx: GenContext, b: number, a: number): Receiver {
  const r = rngFor(ctx.seed, ctx.shop.index, 0x41444452, b, a);
  const prov = PROVINCES[r.weighted(PROVINCE_WEIGHTS)]!;
  const surname = r.pick(SURNAMES);
  let given = "";
  const len = r.chance(0.7) ? 2 : 1;
  for (let i = 0; i < len; i++) given += GIVEN_CHARS[r.int(GIVEN_CHARS.length)];
  const city = r.pick(prov.cities);
  const district = r.pick(city.districts);
  const town = `${r.pick(TOWN_STEMS)}街道`;
  const address = `${r.pick(ROADS)}${r.range(1, 999)}号${r.pick(COMMUNITIES)}${r.range(1, 32)}幢${r.range(1, 6)}单元${r.range(1, 33)}0${r.range(1, 4)}室`;
  const phone = r.chance(0.05) ? `0${r.range(10, 999)}-${r.range(2, 8)}${r.digits(7)}` : "";
  return {
    name: surname + given,
    mobile: r.pick(MOBILE_PREFIXES) + r.digits(8),
    phone,
    state: prov.state,
    city: city.city,
    district,
    town,
    address,
    zip: city.zip,
    oaid: `1${r.chars(62, BASE62)}`,
    remote: prov.remote === true,
  };
}

/** Is the receiver in a remote region (the first draw of genReceiver)? */
export function receiverRemote(ctx: GenContext, b: number, a: number): boolean {
  return PROVINCES[rngFor(ctx.seed, ctx.shop.index, 0x41444452, b, a).weighted(PROVINCE_WEIGHTS)]!.remote === true;
}

/** `闫**`: the first character and two stars. */
export function maskName(name: string): string {
  return `${Array.from(name)[0] ?? ""}**`;
}

/** `1573672****`: the first seven digits and four stars. */
export function maskMobile(mobile: string): string {
  return mobile.length >= 11 ? `${mobile.slice(0, 7)}****` : mobile.replace(/\d{4}$/, "****");
}

/** Every run of digits becomes `**`. */
export function maskAddress(address: string): string {
  return address.replace(/\d+/g, "**");
}

export function maskPhone(phone: string): string {
  return phone ? phone.replace(/\d{4}$/, "****") : "";
}

/* ------------------------------------------------------------------ trades */

export interface OrderDoc {
  oid: string;
  product: ProductInfo;
  sku: SkuInfo;
  num: number;
  price: number;
  /** Order-level promotion (fen). */
  discount: number;
  adjust: number;
  /** price·num − discount + adjust. */
  totalFee: number;
  /** Share of the trade-level coupon. */
  partMjz: number;
  /** totalFee − partMjz (实付 without post fee). */
  divide: number;
  /** divide, plus the post fee on single-order trades. */
  payment: number;
  refundId: string;
}

export interface PromotionDoc {
  id: string;
  name: string;
  desc: string;
  promotionId: string;
  discount: number;
}

export interface PackageDoc {
  /** Order indices in the package. */
  orders: number[];
  carrier: Carrier | null;
  waybill: string;
  /** When the parcel is signed for (trace only; COD trades also get a SignCod event). */
  signAt: number;
  /** Seed of the trace's texts. */
  traceSeed: number;
  /** Offline-sent parcels may report 对方已签收 at once (top-data.md §4). */
  statusSignedAtOnce: boolean;
}

export interface MemoDoc {
  memo: string;
  flag: number;
}

/** What an admin-injected trade forces (see /_sandbox/trades). */
export interface InjectSpec {
  created: number;
  /** Injection instant (seconds): the trade's modified. */
  at: number;
  status: "WAIT_BUYER_PAY" | "WAIT_SELLER_SEND_GOODS" | "WAIT_BUYER_CONFIRM_GOODS" | "TRADE_FINISHED";
  buyerMessage?: string;
  sellerMemo?: string;
  sellerFlag?: number;
  buyer?: number;
}

export interface TradeDoc {
  tid: string;
  created: number;
  type: number;
  orders: OrderDoc[];
  totalFee: number;
  discountFee: number;
  adjustFee: number;
  postFee: number;
  payment: number;
  /** Step trades: the deposit. */
  stepFront: number;
  buyer: number;
  addr: number;
  buyerInfo: Buyer;
  receiver: Receiver;
  buyerMessage: string | null;
  tradeFrom: string;
  shippingType: string;
  promotions: PromotionDoc[];
  alipayNo: string;
  events: TradeEvent[];
  packages: PackageDoc[];
  memos: MemoDoc[];
}

const TYPE_WEIGHTS: Record<(typeof TRADE_TYPES)[number], number> = {
  fixed: 84.5,
  auction: 0.5,
  step: 3,
  cod: 1,
  ec: 0.5,
  auto_delivery: 0.5,
  eticket: 1,
  tmall_i18n: 3,
  fenxiao: 3.5,
  o2o_offlinetrade: 1.5,
  pre_auth_type: 1,
};
const TYPE_WEIGHT_LIST = TRADE_TYPES.map((t) => TYPE_WEIGHTS[t]);
const VIRTUAL_TYPES = new Set<number>([T.ec, T.auto_delivery, T.eticket]);

export function isVirtualType(type: number): boolean {
  return VIRTUAL_TYPES.has(type);
}

/** A 19-digit tid (first digit 2–4, so it still fits a signed 64-bit integer) for the given seeds and salt. */
export function makeTid(seedA: number, seedB: number, salt = 0): string {
  const r = new Rng(hashInts(seedA, salt, 0x544944), seedB ^ salt);
  return `${r.range(2, 4)}${r.digits(18)}`;
}

function oidFor(tid: string, k: number, count: number): string {
  if (count === 1) return tid;
  return (BigInt(tid) + BigInt(k + 1)).toString();
}

const LITE_BUYER: Buyer = { index: -1, nick: "", maskedNick: "", openUid: "", addressCount: 1 };
const LITE_RECEIVER: Receiver = { name: "", mobile: "", phone: "", state: "", city: "", district: "", town: "", address: "", zip: "", oaid: "", remote: false };

function pickBuyer(ctx: GenContext, r: Rng): number {
  const pool = ctx.buyerPool;
  return r.chance(0.3) ? Math.floor(pool * 0.05 * r.float()) : r.int(pool);
}

/**
 * Builds a trade from its seeds. `created` is the creation instant (seconds); `inject` forces
 * the fields of an admin-injected trade.
 */
export function genTrade(ctx: GenContext, seedA: number, seedB: number, created: number, tid: string, inject?: InjectSpec, lite = false): TradeDoc {
  const r = new Rng(seedA, seedB);
  // Identifiers and texts that only the wire needs come from a side stream, so that `lite` (used
  // while generating the store) draws exactly the same decisions from `r` without building them.
  const side = lite ? null : new Rng(hashInts(seedA, 0x53494445), seedB ^ 0x5bd1e995);
  const type = inject ? T.fixed : r.weighted(TYPE_WEIGHT_LIST);
  const buyer = inject?.buyer ?? pickBuyer(ctx, r);
  const buyerInfo = lite ? LITE_BUYER : genBuyer(ctx, buyer);
  const addressCount = lite ? buyerAddressCount(ctx, buyer) : buyerInfo.addressCount;
  const addr = addressCount > 1 ? r.int(addressCount) : 0;
  const receiver = lite ? { ...LITE_RECEIVER, remote: receiverRemote(ctx, buyer, addr) } : genReceiver(ctx, buyer, addr);

  // Items.
  const u = r.float();
  const count = u < 0.74 ? 1 : u < 0.92 ? 2 : u < 0.97 ? 3 : r.range(4, 5);
  const orders: OrderDoc[] = [];
  for (let k = 0; k < count; k++) {
    const product = ctx.products[r.weighted(ctx.productWeights)]!;
    const skuInfo = r.pick(product.skus);
    const q = r.float();
    const num = q < 0.82 ? 1 : q < 0.94 ? 2 : q < 0.98 ? 3 : r.range(4, 6);
    const price = skuInfo.def.price;
    const gross = price * num;
    const discount = product.def.promoPct && r.chance(0.6) ? Math.round((gross * product.def.promoPct) / 100) : 0;
    orders.push({
      oid: lite ? "" : oidFor(tid, k, count),
      product,
      sku: skuInfo,
      num,
      price,
      discount,
      adjust: 0,
      totalFee: gross - discount,
      partMjz: 0,
      divide: 0,
      payment: 0,
      refundId: side ? `${side.range(1, 9)}${side.digits(17)}` : "",
    });
  }
  // 改价: a seller-side price change on the first line.
  if (!inject && r.chance(0.04)) {
    const o = orders[0]!;
    const cut = Math.min(Math.round(o.totalFee * 0.2), r.range(1, 20) * 100);
    o.adjust = -cut;
    o.totalFee -= cut;
  }
  const sumTotal = orders.reduce((s, o) => s + o.totalFee, 0);
  // Shop coupon (满减), spread over the lines.
  let coupon = 0;
  let couponName = "";
  if (sumTotal >= 19_900 && r.chance(0.4)) {
    coupon = 2000;
    couponName = "店铺满199减20";
  } else if (sumTotal >= 9_900 && r.chance(0.3)) {
    coupon = 1000;
    couponName = "店铺满99减10";
  }
  let left = coupon;
  orders.forEach((o, k) => {
    const share = k === orders.length - 1 ? left : Math.floor((coupon * o.totalFee) / sumTotal);
    left -= share;
    o.partMjz = share;
    o.divide = o.totalFee - share;
  });
  const virtual = VIRTUAL_TYPES.has(type);
  let postFee = 0;
  if (!virtual) {
    if (receiver.remote) postFee = r.range(15, 20) * 100;
    else if (r.chance(0.22)) postFee = r.pick([600, 800, 1000, 1200]);
  }
  orders.forEach((o) => {
    o.payment = o.divide + (orders.length === 1 ? postFee : 0);
  });
  const totalFee = orders.reduce((s, o) => s + o.price * o.num, 0);
  const discountFee = orders.reduce((s, o) => s + o.discount, 0) + coupon;
  const adjustFee = orders.reduce((s, o) => s + o.adjust, 0);
  const payment = orders.reduce((s, o) => s + o.divide, 0) + postFee;

  const promotions: PromotionDoc[] = [];
  for (const o of orders) {
    if (side && o.discount > 0) {
      promotions.push({
        id: o.oid,
        name: "单品直降",
        desc: `单品直降:省${fenToYuan(o.discount)}元`,
        promotionId: `Tmall$tmallItemPromotion-${side.digits(8)}_${side.digits(11)}`,
        discount: o.discount,
      });
    }
  }
  if (side && coupon > 0) {
    promotions.push({
      id: tid,
      name: couponName,
      desc: `${couponName}:省${fenToYuan(coupon)}元`,
      promotionId: `shopbonus-${side.digits(10)}_${side.digits(11)}`,
      discount: coupon,
    });
  }

  const buyerMessage = inject ? (inject.buyerMessage ?? null) : r.chance(0.15) ? r.pick(BUYER_MESSAGES) : null;
  const tf = r.float();
  const tradeFrom = tf < 0.72 ? "WAP,WAP" : tf < 0.92 ? "TAOBAO" : "WAP,JHS";
  const shippingType = virtual ? "virtual" : r.chance(0.92) ? "express" : r.pick(["free", "post", "ems"]);
  const alipayNo = side ? `${formatTopTime(new Date(created * 1000)).slice(0, 10).replaceAll("-", "")}22001${side.digits(15)}` : "";

  const doc: TradeDoc = {
    tid,
    created,
    type,
    orders,
    totalFee,
    discountFee,
    adjustFee,
    postFee,
    payment,
    stepFront: type === T.step ? Math.max(100, Math.round(payment * 0.2)) : 0,
    buyer,
    addr,
    buyerInfo,
    receiver,
    buyerMessage,
    tradeFrom,
    shippingType,
    promotions,
    alipayNo,
    events: [],
    packages: [],
    memos: [],
  };
  if (inject) planInjected(doc, inject, r, lite);
  else planLifecycle(doc, r, lite);
  return doc;
}

/* ------------------------------------------------------------------ lifecycle plans */

const INHERIT = -1;

function clampInt(v: number, min: number, max: number): number {
  return Math.floor(Math.min(max, Math.max(min, v)));
}

function newPackage(r: Rng, orders: number[], signAt: number, lite: boolean): PackageDoc {
  const c = SHIPPING_CARRIERS[r.weighted(SHIPPING_CARRIER_WEIGHTS)]!;
  const waybillSeed = r.u32();
  return {
    orders,
    carrier: carrierByCode(c.code) ?? null,
    waybill: lite ? "" : c.make(new Rng(waybillSeed, 0x57415942)),
    signAt,
    traceSeed: r.u32(),
    statusSignedAtOnce: false,
  };
}

/** Sorts events by time (stably) and resolves statuses that inherit the previous one. */
function finishEvents(events: TradeEvent[]): TradeEvent[] {
  events.sort((a, b) => a.t - b.t);
  let status = events[0]?.status ?? S.WAIT_BUYER_PAY;
  for (const e of events) {
    if (e.status === INHERIT) e.status = status;
    else status = e.status;
  }
  return events;
}

function planLifecycle(doc: TradeDoc, r: Rng, lite: boolean): void {
  const ev = doc.events;
  const push = (t: number, kind: Ev, status: number, arg = 0) => ev.push({ t: Math.floor(t), kind, status, arg });
  const n = doc.orders.length;
  const created = doc.created;
  let t = created;
  let readyAt: number;

  if (doc.type === T.cod) {
    push(t, Ev.Create, S.WAIT_SELLER_SEND_GOODS);
    readyAt = t;
  } else if (doc.type === T.pre_auth_type) {
    push(t, Ev.Create, S.WAIT_PRE_AUTH_CONFIRM);
    t += r.range(60, 1800);
    push(t, Ev.PreAuthOk, S.WAIT_SELLER_SEND_GOODS);
    readyAt = t;
  } else {
    if (r.chance(0.004)) {
      push(t, Ev.Create, S.TRADE_NO_CREATE_PAY);
      push(t + r.range(1800, DAY), Ev.CloseUnpaid, S.TRADE_CLOSED_BY_TAOBAO);
      finishEvents(ev);
      return;
    }
    push(t, Ev.Create, S.WAIT_BUYER_PAY);
    if (r.chance(0.075)) {
      // Never paid: the buyer cancels, or Taobao closes it after a day.
      const closeAt = r.chance(0.3) ? t + r.range(300, 6 * HOUR) : t + DAY;
      push(closeAt, Ev.CloseUnpaid, S.TRADE_CLOSED_BY_TAOBAO);
      finishEvents(ev);
      return;
    }
    if (doc.type === T.step) {
      t += r.range(30, 1800);
      push(t, Ev.FrontPay, S.WAIT_BUYER_PAY);
      t += r.range(DAY, 7 * DAY);
      push(t, Ev.Pay, S.WAIT_SELLER_SEND_GOODS);
    } else {
      if (r.chance(0.02)) {
        t += r.range(5, 60);
        push(t, Ev.PayPending, S.PAY_PENDING);
        t += r.range(60, 1200);
      } else {
        t += clampInt(r.logNormal(90, 1.3), 5, 20 * HOUR);
      }
      const forbid = r.chance(0.01);
      push(t, Ev.Pay, forbid ? S.PAID_FORBID_CONSIGN : S.WAIT_SELLER_SEND_GOODS);
      if (forbid) {
        t += r.range(1800, DAY);
        push(t, Ev.GroupDone, S.WAIT_SELLER_SEND_GOODS);
      }
    }
    readyAt = t;
  }

  // Seller memo and flag (~10 % of paid trades).
  if (r.chance(0.1)) {
    doc.memos.push({ memo: r.pick(SELLER_MEMOS), flag: r.weighted(SELLER_FLAG_WEIGHTS) });
    push(readyAt + r.range(600, 6 * HOUR), Ev.Memo, INHERIT, 0);
  }

  if (VIRTUAL_TYPES.has(doc.type)) {
    const s = readyAt + r.range(1, 120);
    push(s, Ev.Ship, S.WAIT_BUYER_CONFIRM_GOODS, 255);
    push(s + r.range(HOUR, 3 * DAY), Ev.Finish, S.TRADE_FINISHED);
    finishEvents(ev);
    return;
  }

  const closed = new Array<boolean>(n).fill(false);
  const openOrders = () => doc.orders.map((_, k) => k).filter((k) => !closed[k]);

  // The seller never ships (~3 %): the buyer asks for a refund after some days and the trade closes.
  if (r.chance(0.03)) {
    let at = readyAt + r.range(5 * DAY, 12 * DAY);
    for (let k = 0; k < n; k++) {
      push(at, Ev.RefundRequest, INHERIT, k);
      at += r.range(HOUR, DAY);
      closed[k] = true;
      push(at, Ev.RefundSuccess, k === n - 1 ? S.TRADE_CLOSED : INHERIT, k);
      at += r.range(60, 600);
    }
    finishEvents(ev);
    return;
  }

  // A refund before shipping (~4.5 %).
  let shipEarliest = readyAt;
  if (r.chance(0.045)) {
    const k = r.int(n);
    const reqAt = readyAt + r.range(300, 20 * HOUR);
    push(reqAt, Ev.RefundRequest, INHERIT, k);
    const resAt = reqAt + r.range(600, 30 * HOUR);
    const o = r.float();
    if (o < 0.82) {
      closed[k] = true;
      const all = openOrders().length === 0;
      push(resAt, Ev.RefundSuccess, all ? S.TRADE_CLOSED : INHERIT, k);
      if (all) {
        finishEvents(ev);
        return;
      }
    } else {
      push(resAt, o < 0.92 ? Ev.RefundClosed : Ev.RefundRefused, INHERIT, k);
    }
    shipEarliest = resAt + r.range(600, 4 * HOUR);
  }

  // Shipping, in one parcel or two.
  const firstShip = Math.max(readyAt + clampInt(r.logNormal(10 * HOUR, 0.8), HOUR / 2, 96 * HOUR), shipEarliest);
  const open = openOrders();
  const split = open.length >= 2 && r.chance(0.08);
  let lastShip = firstShip;
  let lastSign: number;
  if (split) {
    const half = Math.ceil(open.length / 2);
    const sign0 = firstShip + r.range(DAY, 4 * DAY) + r.range(0, 12 * HOUR);
    doc.packages.push(newPackage(r, open.slice(0, half), sign0, lite));
    push(firstShip, Ev.ShipPart, S.SELLER_CONSIGNED_PART, 0);
    lastShip = firstShip + r.range(6 * HOUR, 3 * DAY);
    lastSign = lastShip + r.range(DAY, 4 * DAY) + r.range(0, 12 * HOUR);
    doc.packages.push(newPackage(r, open.slice(half), lastSign, lite));
    push(lastShip, Ev.Ship, S.WAIT_BUYER_CONFIRM_GOODS, 1);
    lastSign = Math.max(sign0, lastSign);
  } else {
    lastSign = firstShip + r.range(DAY, 4 * DAY) + r.range(0, 12 * HOUR);
    doc.packages.push(newPackage(r, open, lastSign, lite));
    push(firstShip, Ev.Ship, S.WAIT_BUYER_CONFIRM_GOODS, 0);
  }
  if (doc.type === T.cod) push(lastSign, Ev.SignCod, S.TRADE_BUYER_SIGNED);
  let finishAt = Math.min(lastSign + clampInt(r.logNormal(DAY, 1), HOUR, 6 * DAY), lastShip + 10 * DAY);
  if (finishAt <= lastSign) finishAt = lastSign + r.range(600, HOUR);

  // A refund after shipping (~3 %, single-parcel, not COD).
  if (!split && doc.type !== T.cod && r.chance(0.03)) {
    const k = r.pick(open);
    const reqAt = firstShip + r.range(DAY, 5 * DAY);
    push(reqAt, Ev.RefundRequest, INHERIT, k);
    let at = reqAt;
    let success: boolean;
    if (r.chance(0.7)) {
      at += r.range(HOUR, DAY);
      push(at, Ev.RefundAgreeReturn, INHERIT, k);
      at += r.range(DAY, 3 * DAY);
      push(at, Ev.RefundReturned, INHERIT, k);
      at += r.range(12 * HOUR, 2 * DAY);
      success = true;
    } else {
      at += r.range(HOUR, 2 * DAY);
      success = r.chance(0.8);
    }
    if (success) {
      closed[k] = true;
      const all = openOrders().length === 0;
      push(at, Ev.RefundSuccess, all ? S.TRADE_CLOSED : INHERIT, k);
      if (all) {
        finishEvents(ev);
        return;
      }
    } else {
      push(at, Ev.RefundClosed, INHERIT, k);
    }
    finishAt = Math.max(finishAt, at + r.range(HOUR, 2 * DAY));
  }
  push(finishAt, Ev.Finish, S.TRADE_FINISHED);

  // After-sale refund on a finished trade (~1.2 %): the trade stays TRADE_FINISHED.
  if (r.chance(0.012)) {
    const k = r.pick(openOrders());
    const reqAt = finishAt + r.range(DAY, 10 * DAY);
    push(reqAt, Ev.RefundRequest, INHERIT, k);
    push(reqAt + r.range(HOUR, 3 * DAY), Ev.RefundSuccess, INHERIT, k);
  }
  finishEvents(ev);
}

function planInjected(doc: TradeDoc, spec: InjectSpec, r: Rng, lite: boolean): void {
  const ev = doc.events;
  const at = Math.max(spec.at, spec.created);
  const between = (f: number) => Math.floor(spec.created + (at - spec.created) * f);
  ev.push({ t: spec.created, kind: Ev.Create, status: S.WAIT_BUYER_PAY, arg: 0 });
  if (spec.status !== "WAIT_BUYER_PAY") ev.push({ t: between(0.1), kind: Ev.Pay, status: S.WAIT_SELLER_SEND_GOODS, arg: 0 });
  if (spec.status === "WAIT_BUYER_CONFIRM_GOODS" || spec.status === "TRADE_FINISHED") {
    doc.packages.push(newPackage(r, doc.orders.map((_, k) => k), at + 2 * DAY, lite));
    ev.push({ t: between(0.5), kind: Ev.Ship, status: S.WAIT_BUYER_CONFIRM_GOODS, arg: 0 });
    if (spec.status === "TRADE_FINISHED") {
      doc.packages[0]!.signAt = between(0.8);
      ev.push({ t: between(0.9), kind: Ev.Finish, status: S.TRADE_FINISHED, arg: 0 });
    }
  }
  if (spec.sellerMemo !== undefined || spec.sellerFlag !== undefined) {
    doc.memos.push({ memo: spec.sellerMemo ?? "", flag: spec.sellerFlag ?? 0 });
    ev.push({ t: between(0.95), kind: Ev.Memo, status: INHERIT, arg: 0 });
  }
  ev.push({ t: at, kind: Ev.Inject, status: INHERIT, arg: 0 });
  finishEvents(ev);
}

/* ------------------------------------------------------------------ traces */

export interface TraceStep {
  t: number;
  action: string;
  desc: string;
}

function shortCity(city: string): string {
  return city.replace(/市$/, "");
}

/** The full trace of a parcel (steps at or before the clock are the visible ones). */
export function traceSteps(
  pkg: { traceSeed: number; carrier: Carrier | null; signAt: number },
  consignAt: number,
  origin: string,
  receiver: Receiver,
): TraceStep[] {
  const r = new Rng(pkg.traceSeed, 0x54524143);
  const name = pkg.carrier?.name ?? "快递";
  const dest = receiver.city || receiver.district;
  const signAt = Math.max(pkg.signAt, consignAt + 6 * HOUR);
  const steps: TraceStep[] = [];
  steps.push({ t: consignAt, action: "CONSIGN", desc: `【${origin}】卖家已发货，包裹等待${name}揽收` });
  const accept = consignAt + Math.min(r.range(HOUR, 6 * HOUR), Math.floor((signAt - consignAt) / 4));
  steps.push({ t: accept, action: "TMS_ACCEPT", desc: `【${origin}】${name} ${shortCity(origin)}${r.pick(TOWN_STEMS)}网点 已揽收` });
  const deliver = signAt - r.range(HOUR, 5 * HOUR);
  const span = deliver - accept;
  const at = (f: number) => accept + Math.floor(span * f);
  steps.push({ t: at(0.12), action: "TMS_TRANSPORT", desc: `【${origin}】快件已发往 ${shortCity(dest)}转运中心` });
  steps.push({ t: at(0.55), action: "TMS_STATION_IN", desc: `【${dest}】快件已到达 ${shortCity(dest)}转运中心` });
  if (r.chance(0.03)) steps.push({ t: at(0.62), action: "TMS_ERROR", desc: `【${dest}】快件因天气原因延误，请耐心等待` });
  steps.push({ t: at(0.7), action: "TMS_STATION_OUT", desc: `【${dest}】快件已从 ${shortCity(dest)}转运中心 发出，正在发往 ${receiver.district}营业部` });
  const courier = r.pick(COURIER_NAMES);
  const courierPhone = r.pick(MOBILE_PREFIXES) + r.digits(8);
  steps.push({ t: deliver, action: "TMS_DELIVERING", desc: `【${dest}】${receiver.district}营业部 派件员：${courier} 电话：${courierPhone} 正在为您派件` });
  steps.push({ t: signAt, action: "TMS_SIGN", desc: `【${dest}】已签收，签收人：${r.pick(SIGNERS)}。如有疑问请联系派件员 ${courier}` });
  return steps;
}

/** The trace `status` text for the last visible step. */
export function traceStatus(last: TraceStep | undefined): string {
  switch (last?.action) {
    case undefined:
    case "CONSIGN":
      return "等待揽收";
    case "TMS_ACCEPT":
      return "已揽收";
    case "TMS_DELIVERING":
      return "派送中";
    case "TMS_SIGN":
      return "对方已签收";
    default:
      return "运输中";
  }
}

/* ------------------------------------------------------------------ packages from the API */

/** A package created by logistics.offline.send. */
export function apiPackage(seed: number, tid: string, n: number, orders: number[], carrier: Carrier, waybill: string, consignAt: number): PackageDoc {
  const r = rngFor(seed, hashString(tid), 0x4150494b, n);
  return {
    orders,
    carrier,
    waybill,
    signAt: consignAt + r.range(DAY, 4 * DAY) + r.range(0, 12 * HOUR),
    traceSeed: r.u32(),
    statusSignedAtOnce: r.chance(0.5),
  };
}

/** Finish time of a trade shipped by the API: a few days after the parcel is signed. */
export function apiFinishDelay(seed: number, tid: string, n: number): number {
  const r = rngFor(seed, hashString(tid), 0x46494e, n);
  return r.range(HOUR, 5 * DAY);
}
