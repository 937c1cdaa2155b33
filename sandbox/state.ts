/**
 * A trade's state at a clock instant: the fold of its effective events up to that instant.
 * Pure: (document, events, overlay data, T) → state.
 */
import type { MemoDoc, PackageDoc, TradeDoc } from "./generator";
import { Ev, REFUND_STATUSES, S, type TradeEvent } from "./model";

export const NO_PACKAGE = 255;
const R = Object.fromEntries(REFUND_STATUSES.map((s, i) => [s, i])) as Record<(typeof REFUND_STATUSES)[number], number>;

export interface OrderState {
  status: number;
  /** Index into REFUND_STATUSES. */
  refund: number;
  consignTime: number;
  endTime: number;
  /** Index into the trade's packages, or -1. */
  pkg: number;
}

export interface ShippedPackage {
  index: number;
  consignAt: number;
}

export interface TradeState {
  status: number;
  created: number;
  modified: number;
  payTime: number;
  consignTime: number;
  endTime: number;
  stepStatus: string | null;
  stepPaid: number;
  memo: string | null;
  flag: number;
  partConsign: boolean;
  orders: OrderState[];
  shipped: ShippedPackage[];
}

/** Memo writes made through the API (trade.memo.update). */
export interface ApiMemo {
  memo: string | null;
  flag: number;
}

export function foldState(doc: TradeDoc, events: readonly TradeEvent[], packages: readonly PackageDoc[], apiMemos: readonly ApiMemo[], T: number): TradeState {
  const st: TradeState = {
    status: S.WAIT_BUYER_PAY,
    created: doc.created,
    modified: doc.created,
    payTime: 0,
    consignTime: 0,
    endTime: 0,
    stepStatus: doc.stepFront > 0 ? "FRONT_NOPAID_FINAL_NOPAID" : null,
    stepPaid: 0,
    memo: null,
    flag: 0,
    partConsign: false,
    orders: doc.orders.map(() => ({ status: S.WAIT_BUYER_PAY, refund: 0, consignTime: 0, endTime: 0, pkg: -1 })),
    shipped: [],
  };
  const closedOrder = (o: OrderState) => o.status === S.TRADE_CLOSED || o.status === S.TRADE_CLOSED_BY_TAOBAO;
  const setOpen = (status: number) => {
    for (const o of st.orders) if (!closedOrder(o)) o.status = status;
  };
  for (const e of events) {
    if (e.t > T) break;
    st.modified = e.t;
    switch (e.kind) {
      case Ev.Create:
        for (const o of st.orders) o.status = e.status;
        break;
      case Ev.PayPending:
      case Ev.GroupDone:
        setOpen(e.status);
        break;
      case Ev.FrontPay:
        st.stepStatus = "FRONT_PAID_FINAL_NOPAID";
        st.stepPaid = doc.stepFront;
        break;
      case Ev.Pay:
      case Ev.PreAuthOk:
        st.payTime = e.t;
        if (st.stepStatus) {
          st.stepStatus = "FRONT_PAID_FINAL_PAID";
          st.stepPaid = doc.payment;
        }
        setOpen(e.status);
        break;
      case Ev.CloseUnpaid:
        for (const o of st.orders) {
          o.status = S.TRADE_CLOSED_BY_TAOBAO;
          o.endTime = e.t;
        }
        st.endTime = e.t;
        break;
      case Ev.Ship:
      case Ev.ShipPart:
      case Ev.ApiShip:
      case Ev.ApiShipPart: {
        if (e.kind === Ev.ShipPart || e.kind === Ev.ApiShipPart) st.partConsign = true;
        if (!st.consignTime) st.consignTime = e.t;
        if (e.arg === NO_PACKAGE) {
          for (const o of st.orders) {
            if (!closedOrder(o)) {
              o.status = S.WAIT_BUYER_CONFIRM_GOODS;
              o.consignTime = e.t;
            }
          }
          break;
        }
        const pkg = packages[e.arg];
        if (pkg) {
          for (const k of pkg.orders) {
            const o = st.orders[k];
            if (o && !closedOrder(o)) {
              o.status = S.WAIT_BUYER_CONFIRM_GOODS;
              o.consignTime = e.t;
              o.pkg = e.arg;
            }
          }
          st.shipped.push({ index: e.arg, consignAt: e.t });
        }
        break;
      }
      case Ev.SignCod:
        st.payTime = e.t;
        setOpen(S.TRADE_BUYER_SIGNED);
        break;
      case Ev.Finish:
        for (const o of st.orders) {
          if (!closedOrder(o)) {
            o.status = S.TRADE_FINISHED;
            o.endTime = e.t;
          }
        }
        st.endTime = e.t;
        break;
      case Ev.RefundRequest:
      case Ev.RefundAgreeReturn:
      case Ev.RefundReturned:
      case Ev.RefundClosed:
      case Ev.RefundRefused: {
        const o = st.orders[e.arg];
        if (o) {
          o.refund =
            e.kind === Ev.RefundRequest
              ? R.WAIT_SELLER_AGREE
              : e.kind === Ev.RefundAgreeReturn
                ? R.WAIT_BUYER_RETURN_GOODS
                : e.kind === Ev.RefundReturned
                  ? R.WAIT_SELLER_CONFIRM_GOODS
                  : e.kind === Ev.RefundClosed
                    ? R.CLOSED
                    : R.SELLER_REFUSE_BUYER;
        }
        break;
      }
      case Ev.RefundSuccess: {
        const o = st.orders[e.arg];
        if (o) {
          o.refund = R.SUCCESS;
          if (st.status !== S.TRADE_FINISHED) {
            o.status = S.TRADE_CLOSED;
            o.endTime = e.t;
          }
        }
        if (e.status === S.TRADE_CLOSED && st.status !== S.TRADE_CLOSED) st.endTime = e.t;
        break;
      }
      case Ev.Memo: {
        const m: MemoDoc | undefined = doc.memos[e.arg];
        if (m) {
          st.memo = m.memo;
          st.flag = m.flag;
        }
        break;
      }
      case Ev.ApiMemo: {
        const m = apiMemos[e.arg];
        if (m) {
          st.memo = m.memo;
          st.flag = m.flag;
        }
        break;
      }
      default:
        break;
    }
    st.status = e.status;
  }
  return st;
}

/** Is the trade's status one that logistics.offline.send accepts? */
export function canShip(status: number): boolean {
  return status === S.WAIT_SELLER_SEND_GOODS || status === S.SELLER_CONSIGNED_PART;
}
