"use client";
/**
 * A server-rendered view's URL state on the client: read through the view's nuqs parsers (the
 * same ones the server loads with), written with Next's `router.push`.
 *
 * Why not nuqs' own setter: with `shallow: false` it pushes the history entry itself and then
 * calls `router.replace`. Next copies the previous entry's router state into an entry pushed
 * from outside and corrects it only when that navigation commits, so two changes made faster
 * than a server render (a filter, then the sort) leave an entry holding another URL's router
 * state — and Back to it restores the wrong view, or none at all. `router.push` lets Next write
 * each entry when its view commits. The new values show at once (useOptimistic) while the server
 * renders; `pending` says a view is on its way.
 */
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { createLoader, createSerializer, type inferParserType, type Nullable, type ParserMap } from "nuqs";
import { useCallback, useMemo, useOptimistic, useTransition } from "react";

export type UrlPatch<P extends ParserMap> = Partial<Nullable<inferParserType<P>>>;

export function useUrlParams<P extends ParserMap>(parsers: P): readonly [inferParserType<P>, (patch: UrlPatch<P>) => void, boolean] {
  const router = useRouter();
  const pathname = usePathname();
  const committed = useSearchParams();
  const [search, setSearch] = useOptimistic(committed?.toString() ?? "");
  const [pending, startTransition] = useTransition();
  const load = useMemo(() => createLoader(parsers), [parsers]);
  const serialize = useMemo(() => createSerializer(parsers, { clearOnDefault: true }), [parsers]);
  const values = useMemo(() => load(new URLSearchParams(search)), [load, search]);

  const set = useCallback(
    (patch: UrlPatch<P>) => {
      const query = serialize(new URLSearchParams(search), patch);
      startTransition(() => {
        setSearch(query.replace(/^\?/, ""));
        router.push(`${pathname}${query}`, { scroll: false });
      });
    },
    [pathname, router, search, serialize, setSearch],
  );

  return [values, set, pending] as const;
}
