"use client";
/**
 * 设置 → 敏感操作限额: the shop's hourly limits per account and per shop, and the rows one export may
 * hold. The owner edits them (the server checks shop.manage again); everyone else reads them.
 */
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { updateLimitsAction } from "@/app/(dashboard)/settings/limits-actions";
import { Button } from "@/components/ui/button";
import { DEFAULT_LIMITS, EXPORT_ROWS_BOUNDS, LIMITED_ACTIONS, LIMIT_BOUNDS, type ShopLimits } from "@/lib/auth/limit-defaults";
import { useSettledAction } from "@/components/use-mutation-error";

const input = "w-24 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm tabular-nums disabled:bg-zinc-50 disabled:text-zinc-600 dark:border-zinc-700 dark:bg-zinc-900 dark:disabled:bg-zinc-900";

export function RateLimitsForm({ limits, editable }: { limits: ShopLimits; editable: boolean }) {
  const t = useTranslations("limits");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const settled = useSettledAction();
  const [values, setValues] = useState<ShopLimits>(limits);
  const set = (action: (typeof LIMITED_ACTIONS)[number], scope: "user" | "shop", v: string) => setValues((s) => ({ ...s, actions: { ...s.actions, [action]: { ...s.actions[action], [scope]: Number(v) } } }));
  const save = () =>
    startTransition(async () => {
      const r = await settled(updateLimitsAction(values));
      if (r.ok) {
        toast.success(t("saved"));
        router.refresh();
      } else toast.error(r.error.code === "invalidInput" ? t("invalid") : r.error.message);
    });
  const bound = { min: LIMIT_BOUNDS.min, max: LIMIT_BOUNDS.max };
  return (
    <form
      data-testid="rate-limits"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-zinc-500">
            <tr>
              <th className="py-2 pr-4 font-medium">{t("action")}</th>
              <th className="py-2 pr-4 font-medium">{t("perUser")}</th>
              <th className="py-2 pr-4 font-medium">{t("perShop")}</th>
              <th className="py-2 font-medium" />
            </tr>
          </thead>
          <tbody>
            {LIMITED_ACTIONS.map((a) => (
              <tr key={a} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="py-2 pr-4">{t(`actions.${a}`)}</td>
                {(["user", "shop"] as const).map((scope) => (
                  <td key={scope} className="py-2 pr-4">
                    <input
                      type="number"
                      inputMode="numeric"
                      required
                      {...bound}
                      step={1}
                      value={values.actions[a][scope]}
                      onChange={(e) => set(a, scope, e.target.value)}
                      disabled={!editable || pending}
                      aria-label={`${t(`actions.${a}`)} · ${t(scope === "user" ? "perUser" : "perShop")}`}
                      data-testid={`limit-${a}-${scope}`}
                      className={input}
                    />
                  </td>
                ))}
                <td className="py-2 text-xs text-zinc-500">{t("defaults", { user: DEFAULT_LIMITS.actions[a].user, shop: DEFAULT_LIMITS.actions[a].shop })}</td>
              </tr>
            ))}
            <tr className="border-t border-zinc-100 dark:border-zinc-800">
              <td className="py-2 pr-4">{t("exportMaxRows")}</td>
              <td className="py-2 pr-4" colSpan={2}>
                <input
                  type="number"
                  inputMode="numeric"
                  required
                  min={EXPORT_ROWS_BOUNDS.min}
                  max={EXPORT_ROWS_BOUNDS.max}
                  step={1}
                  value={values.exportMaxRows}
                  onChange={(e) => setValues((s) => ({ ...s, exportMaxRows: Number(e.target.value) }))}
                  disabled={!editable || pending}
                  aria-label={t("exportMaxRows")}
                  data-testid="limit-exportMaxRows"
                  className={`${input} w-32`}
                />
              </td>
              <td className="py-2 text-xs text-zinc-500">{t("exportMaxRowsDefault", { rows: DEFAULT_LIMITS.exportMaxRows })}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p className="mt-3 text-xs text-zinc-600 dark:text-zinc-400">
        {t("exportNote")} {t("bounds", { min: LIMIT_BOUNDS.min, max: LIMIT_BOUNDS.max, rowsMin: EXPORT_ROWS_BOUNDS.min, rowsMax: EXPORT_ROWS_BOUNDS.max })}
      </p>
      {editable ? (
        <Button type="submit" variant="primary" className="mt-3" disabled={pending} data-testid="limits-save">
          {pending ? t("saving") : t("save")}
        </Button>
      ) : (
        <p className="mt-3 text-xs text-zinc-500">{t("readOnly")}</p>
      )}
    </form>
  );
}
