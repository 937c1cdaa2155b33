"use client";
/**
 * The orders list's density (lib/density.ts): the server renders the cookie's choice; the switch
 * applies a new one at once (the rows read it from this context) and stores it for next time.
 */
import { clsx } from "clsx";
import { Rows2, Rows4 } from "lucide-react";
import { useTranslations } from "next-intl";
import { createContext, useContext, useState, useTransition, type ReactNode } from "react";
import type { Density } from "@/lib/density";
import { setDensity } from "@/lib/preferences/actions";

const DensityContext = createContext<{ density: Density; set: (d: Density) => void }>({ density: "comfortable", set: () => undefined });

export function DensityProvider({ initial, children }: { initial: Density; children: ReactNode }) {
  const [density, setLocal] = useState<Density>(initial);
  const [, startTransition] = useTransition();
  const set = (d: Density) => {
    setLocal(d);
    startTransition(async () => {
      await setDensity(d);
    });
  };
  return (
    <DensityContext.Provider value={{ density, set }}>
      <div data-density={density} data-testid="orders-density">
        {children}
      </div>
    </DensityContext.Provider>
  );
}

export function useDensity(): Density {
  return useContext(DensityContext).density;
}

const OPTIONS = [
  { value: "comfortable", icon: Rows2 },
  { value: "compact", icon: Rows4 },
] as const satisfies readonly { value: Density; icon: unknown }[];

export function DensitySwitch() {
  const t = useTranslations("orders.density");
  const { density, set } = useContext(DensityContext);
  return (
    <div role="radiogroup" aria-label={t("label")} className="flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
      {OPTIONS.map(({ value, icon: Icon }) => (
        <button
          key={value}
          type="button"
          role="radio"
          aria-checked={density === value}
          data-testid={`density-${value}`}
          onClick={() => set(value)}
          className={clsx(
            "flex items-center gap-1 rounded px-2 py-1 text-xs whitespace-nowrap",
            density === value ? "bg-zinc-200 font-medium text-zinc-900 dark:bg-zinc-700 dark:text-zinc-50" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
          )}
        >
          <Icon aria-hidden className="size-3.5" />
          {t(value)}
        </button>
      ))}
    </div>
  );
}
