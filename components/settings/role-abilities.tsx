/**
 * 设置 → 各角色能做什么: for each role, what it can and cannot do, in words, from the permission
 * table itself (lib/auth/role-matrix.ts), with the viewer's own role marked.
 */
import { Check, X } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { clsx } from "clsx";
import type { Role } from "@/lib/auth/permissions";
import { permissionKey, roleAbilities } from "@/lib/auth/role-matrix";

export async function RoleAbilities({ viewerRole }: { viewerRole: Role }) {
  const t = await getTranslations("settings.roles");
  const tr = await getTranslations("header.roles");
  return (
    <section id="roles" aria-labelledby="roles-title" className="mb-8 rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900" data-testid="role-abilities">
      <h2 id="roles-title" className="font-semibold">
        {t("title")}
      </h2>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">{t("description")}</p>
      <div className="grid gap-4 lg:grid-cols-3">
        {roleAbilities().map(({ role, can, cannot }) => (
          <section
            key={role}
            aria-labelledby={`role-${role}-title`}
            data-testid={`role-abilities-${role}`}
            className={clsx("min-w-0 rounded-md border p-4", role === viewerRole ? "border-brand-500 bg-brand-50/40 dark:bg-brand-500/10" : "border-zinc-200 dark:border-zinc-800")}
          >
            <h3 id={`role-${role}-title`} className="mb-2 flex flex-wrap items-baseline gap-2 text-sm font-semibold">
              {tr(role)}
              {role === viewerRole ? <span className="text-xs font-normal text-zinc-600 dark:text-zinc-400">（{t("yourRole")}）</span> : null}
            </h3>
            <p className="text-xs font-medium text-zinc-600 dark:text-zinc-400">{t("can")}</p>
            <ul className="mb-3 space-y-1 text-sm" data-testid={`role-can-${role}`}>
              {can.map((p) => (
                <li key={p} className="flex gap-2">
                  <Check aria-hidden className="mt-0.5 size-4 shrink-0 text-emerald-600" />
                  <span>{t(`permissions.${permissionKey(p)}` as never)}</span>
                </li>
              ))}
            </ul>
            <p className="text-xs font-medium text-zinc-600 dark:text-zinc-400">{t("cannot")}</p>
            <ul className="space-y-1 text-sm" data-testid={`role-cannot-${role}`}>
              {cannot.length === 0 ? <li className="text-zinc-600 dark:text-zinc-400">{t("none")}</li> : null}
              {cannot.map((p) => (
                <li key={p} className="flex gap-2 text-zinc-700 dark:text-zinc-300">
                  <X aria-hidden className="mt-0.5 size-4 shrink-0 text-red-600" />
                  <span>{t(`permissions.${permissionKey(p)}` as never)}</span>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  );
}
