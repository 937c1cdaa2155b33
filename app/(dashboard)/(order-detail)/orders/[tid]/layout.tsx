/**
 * Decides "not found" before anything streams. The page renders behind loading.tsx (a Suspense
 * boundary), so a notFound() there comes after the 200 has been sent; this layout sits outside that
 * boundary and checks the trade first, so an unknown or another shop's tid answers HTTP 404 with
 * ../not-found.tsx. (The detail lives in its own route group so that the list's orders/loading.tsx
 * does not wrap this layout too.) An order of another of the viewer's own shops offers to switch
 * there instead (lib/shops/order-shop.ts).
 */
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { pageViewer } from "@/lib/auth/page";
import { OtherShopOrder } from "@/components/orders/other-shop-order";
import { isOwnOrder } from "@/lib/orders/detail";
import { otherShopOfOrder } from "@/lib/shops/order-shop";

export default async function OrderDetailLayout({ children, params }: { children: ReactNode; params: Promise<{ tid: string }> }) {
  const viewer = await pageViewer("orders.read");
  const { tid } = await params;
  if (await isOwnOrder(viewer, tid)) return children;
  const other = await otherShopOfOrder(viewer, tid);
  if (other) return <OtherShopOrder tid={tid} shop={{ id: other.id, nick: other.nick }} />;
  notFound();
}
