/**
 * GET /api/orders/export?<the list's URL params>&format=csv|xlsx&per=line|trade&receiver=none|masked|full
 * — the file of everything the filter matches, streamed (lib/orders/export.ts). Bad params answer 400 with a
 * translated message; roles without orders.export get 403.
 */
import { getLocale } from "next-intl/server";
import { z } from "zod";
import { parseInput, viewerRoute } from "@/lib/auth/action";
import { AppError } from "@/lib/auth/errors";
import { requireViewer } from "@/lib/auth/viewer";
import { isLocale } from "@/lib/i18n/config";
import { EXPORT_FORMATS, EXPORT_PER, EXPORT_RECEIVER, exportOrders } from "@/lib/orders/export";
import { parseOrderFilters } from "@/lib/orders/filters";

export const dynamic = "force-dynamic";

const exportInput = z.strictObject({
  format: z.enum(EXPORT_FORMATS).default("csv"),
  per: z.enum(EXPORT_PER).default("line"),
  receiver: z.enum(EXPORT_RECEIVER).default("none"),
});

export async function GET(req: Request): Promise<Response> {
  try {
    const viewer = await requireViewer();
    const url = new URL(req.url);
    const raw = Object.fromEntries(url.searchParams);
    const { format, per, receiver, ...rest } = raw;
    const opts = parseInput(exportInput, { format, per, receiver });
    const { params, notices } = parseOrderFilters(rest, viewer.shops.map((s) => s.id));
    if (notices.length > 0) throw new AppError("invalidInput", "invalid filter", Object.fromEntries(notices.map((n) => [n, [`orders.notice.${n}`]])));
    const locale = await getLocale();
    const r = await exportOrders(viewer, params, { ...opts, locale: isLocale(locale) ? locale : "zh-CN" });
    return new Response(r.stream, {
      headers: {
        "Content-Type": r.contentType,
        "Content-Disposition": `attachment; filename="${r.fileName.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(r.fileName)}`,
        "X-Export-Rows": String(r.rows),
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    // The one place errors become translated JSON answers (401/403/400...).
    return viewerRoute(() => Promise.reject(error));
  }
}
