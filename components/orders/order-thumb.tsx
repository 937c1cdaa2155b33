"use client";
import { Package } from "lucide-react";
import { useState } from "react";

/** A product thumbnail; a neutral placeholder when there is none or it fails to load (offline, removed item). */
export function OrderThumb({ src }: { src: string | null }) {
  const [failed, setFailed] = useState(false);
  if (!src || failed) {
    return (
      <span aria-hidden className="flex size-10 shrink-0 items-center justify-center rounded bg-zinc-100 text-zinc-400 dark:bg-zinc-800">
        <Package className="size-4" />
      </span>
    );
  }
  return (
    // Taobao's CDN images are already sized and cached; next/image would proxy them through this server.
    // eslint-disable-next-line @next/next/no-img-element
    <img src={src} alt="" width={40} height={40} loading="lazy" decoding="async" referrerPolicy="no-referrer" onError={() => setFailed(true)} className="size-10 shrink-0 rounded bg-zinc-100 object-cover dark:bg-zinc-800" />
  );
}
