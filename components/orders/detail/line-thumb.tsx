"use client";
/** A line's product picture; a neutral placeholder when there is none or it cannot load (offline, removed item). */
import { Package } from "lucide-react";
import { useEffect, useRef, useState } from "react";

export function LineThumb({ src }: { src: string | null }) {
  const [failed, setFailed] = useState(false);
  const img = useRef<HTMLImageElement>(null);
  // A picture that failed before hydration fired its error event before React listened.
  useEffect(() => {
    const el = img.current;
    if (el && el.complete && el.naturalWidth === 0) setFailed(true);
  }, []);
  const box = "size-14 shrink-0 overflow-hidden rounded-md border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-800";
  if (!src || failed) {
    return (
      <span aria-hidden className={`${box} flex items-center justify-center text-zinc-400`}>
        <Package className="size-6" />
      </span>
    );
  }
  return (
    <span className={box}>
      {/* eslint-disable-next-line @next/next/no-img-element -- Taobao's CDN pictures, any host: next/image would need each one configured */}
      <img ref={img} src={src} alt="" loading="lazy" referrerPolicy="no-referrer" className="size-full object-cover" onError={() => setFailed(true)} />
    </span>
  );
}
