/**
 * /orders/[tid]: one trade from the cache (never the TOP API while rendering). Actions — 刷新,
 * 查看, memo and flag, 发货, parcel traces — go through ./actions.ts. Another shop's or an unknown
 * tid is a 404 (decided in ./layout.tsx, before the skeleton streams).
 */
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AmountsCard } from "@/components/orders/detail/amounts-card";
import { AuditCard } from "@/components/orders/detail/audit-card";
import { BackToList } from "@/components/orders/detail/back-to-list";
import { BuyerCard } from "@/components/orders/detail/buyer-card";
import { ItemsCard } from "@/components/orders/detail/items-card";
import { LogisticsPanel } from "@/components/orders/detail/logistics-panel";
import { MemoEditor } from "@/components/orders/detail/memo-editor";
import { OrderTimeline } from "@/components/orders/detail/order-timeline";
import { ReceiverCard } from "@/components/orders/detail/receiver-card";
import { DetailAutoLoad, RefreshButton } from "@/components/orders/detail/refresh-button";
import { ShipDialog } from "@/components/orders/detail/ship-dialog";
import { FlagIcon } from "@/components/orders/flag-icon";
import { StatusBadge } from "@/components/orders/status-badge";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { pageViewer } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { getOrderDetail } from "@/lib/orders/detail";
import { hasOpenRefund, SHIPPABLE_LINE_STATUSES, SHIPPABLE_STATUSES } from "@/lib/orders/detail-view";
import { formatShanghai } from "@/lib/time";

type Params = { params: Promise<{ tid: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const t = await getTranslations("orderDetail");
  const { tid } = await params;
  return { title: /^\d{1,20}$/.test(tid) ? t("metaTitle", { tid }) : t("title") };
}

export default async function OrderDetailPage({ params }: Params) {
  const viewer = await pageViewer("orders.read");
  const { tid } = await params;
  const d = await getOrderDetail(viewer, tid);
  if (!d) notFound();
  const t = await getTranslations("orderDetail");
  const tt = await getTranslations("trade");
  const shippable = d.lines.filter((l) => SHIPPABLE_LINE_STATUSES.has(l.status));
  const canShip = can(viewer.role, "orders.ship") && SHIPPABLE_STATUSES.has(d.status) && shippable.length > 0;
  const refunding = d.lines.filter((l) => hasOpenRefund(l.refundStatus)).map((l) => ({ oid: l.oid, title: l.title, refundStatus: l.refundStatus }));
  const region = [d.receiver.state, d.receiver.city, d.receiver.district, d.receiver.town].filter(Boolean).join(" ");
  const typeLabel = d.type ? (tt.has(`type.${d.type}` as never) ? tt(`type.${d.type}` as never) : tt("type.other", { code: d.type })) : null;
  const shippingLabel = d.shippingType ? (tt.has(`shipping.${d.shippingType}` as never) ? tt(`shipping.${d.shippingType}` as never) : tt("shipping.other", { code: d.shippingType })) : null;

  return (
    <div className="mx-auto max-w-6xl space-y-4" data-testid="order-detail" data-tid={d.tid} data-status={d.status}>
      <BackToList label={t("back")} />
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1.5">
          <h1 className="text-xl font-semibold tracking-tight">{t("title")}</h1>
          <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
            <span className="text-zinc-600 dark:text-zinc-400">{t("tid")}</span>
            <span className="font-mono break-all" data-testid="order-tid">
              {d.tid}
            </span>
            <CopyButton value={d.tid} label={t("copyTid")} copiedLabel={t("copied")} />
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge status={d.status} testId="order-status" />
            <FlagIcon flag={d.sellerFlag} testId="order-flag" />
            {typeLabel ? <Badge>{typeLabel}</Badge> : null}
            {shippingLabel ? <Badge>{shippingLabel}</Badge> : null}
            <span className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
              {t("created")} {formatShanghai(d.created, "datetime")}
            </span>
          </div>
          <DetailAutoLoad tid={d.tid} stale={d.detailStale} />
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <RefreshButton tid={d.tid} />
          {canShip ? <ShipDialog key={shippable.map((l) => l.oid).join(",")} tid={d.tid} lines={shippable.map((l) => ({ oid: l.oid, title: l.title, sku: l.skuPropertiesName, num: l.num }))} refunding={refunding} /> : null}
        </div>
      </header>

      <OrderTimeline entries={d.timeline} />

      <div className="grid gap-4 lg:grid-cols-3">
        <div className="min-w-0 space-y-4 lg:col-span-2">
          <ItemsCard lines={d.lines} />
          <LogisticsPanel tid={d.tid} waybills={d.parcels.map((p) => p.waybill)} canTrace={can(viewer.role, "orders.trace")} />
          <AmountsCard amounts={d.amounts} stepPaidFeeFen={d.stepPaidFeeFen} />
        </div>
        <div className="min-w-0 space-y-4">
          <BuyerCard d={d} />
          <ReceiverCard
            tid={d.tid}
            canReveal={can(viewer.role, "orders.revealReceiver")}
            receiver={{ name: d.receiver.name, mobile: d.receiver.mobile, phone: d.receiver.phone, region, address: d.receiver.address, zip: d.receiver.zip, revealable: d.receiver.revealable }}
          />
          <MemoEditor key={`${d.modified.getTime()}:${d.sellerFlag}:${d.sellerMemo ?? ""}`} tid={d.tid} memo={d.sellerMemo} flag={d.sellerFlag} canEdit={can(viewer.role, "orders.memo")} />
          {d.audit ? <AuditCard entries={d.audit} /> : null}
        </div>
      </div>
    </div>
  );
}
