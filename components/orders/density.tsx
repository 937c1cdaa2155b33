"use client";
/**
 * The orders list's density (lib/density.ts): the server renders the cookie's choice; the switch
 * applies a new one at once (the rows read it from this context) and stores it for next time.
 */
import { Rows2, Rows4 } from "lucide-react";
import { useTranslations } from "next-intl";
import { Segmented } from "@/components/ui/segmented";
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
  return <Segmented label={t("label")} options={OPTIONS.map((o) => ({ ...o, label: t(o.value) }))} value={density} onChange={set} labelled testIdPrefix="density" />;
}
