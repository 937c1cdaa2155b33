"use client";
import { Package } from "lucide-react";
import { useCallback, useState } from "react";

/** A product thumbnail; a neutral placeholder when there is none or it fails to load (offline, removed item). */
export function OrderThumb({ src, size = "md" }: { src: string | null; size?: "sm" | "md" }) {
  const box = size === "sm" ? "size-6" : "size-10";
  const px = size === "sm" ? 24 : 40;
  const [failed, setFailed] = useState(false);
  // An image that failed before hydration never fires onError for React: check it once mounted.
  const check = useCallback((img: HTMLImageElement | null) => {
    if (img && img.complete && img.naturalWidth === 0) setFailed(true);
  }, []);
  if (!src || failed) {
    return (
      <span aria-hidden className={`flex ${box} shrink-0 items-center justify-center rounded bg-zinc-100 text-zinc-400 dark:bg-zinc-800`}>
        <Package className={size === "sm" ? "size-3" : "size-4"} />
      </span>
    );
  }
  return (
    // Taobao's CDN images are already sized and cached; next/image would proxy them through this server.
    // eslint-disable-next-line @next/next/no-img-element
    <img ref={check} src={src} alt="" width={px} height={px} loading="lazy" decoding="async" referrerPolicy="no-referrer" onError={() => setFailed(true)} className={`${box} shrink-0 rounded bg-zinc-100 object-cover dark:bg-zinc-800`} />
  );
}
