/**
 * Error classes recognised by a brand, never by class identity.
 *
 * A production build holds several copies of a module (the instrumentation bundle that starts the
 * scheduler and creates the process's TOP client, the server-action and route-handler bundles,
 * …): an error thrown by one copy's `TopSessionError` is not `instanceof` another copy's. So
 * every error class that callers tell apart carries a brand on its prototype, a symbol from the
 * global registry (`Symbol.for`, the same in every copy and every realm), and a static `is()`
 * that checks it. Subclasses inherit their parents' brands through the prototype chain, so
 * `TopError.is(new TopSessionError(…))` holds, in any copy.
 *
 * Safe anywhere (server, client, edge): no imports.
 */

const brandKey = (name: string): symbol => Symbol.for(`orderdesk.error:${name}`);

/**
 * Brands `cls` (and every subclass) as `name` and returns the type guard; use it as the class's
 * `static is = errorBrand(TheClass, "TheClass")`. Names are global: one name per class.
 */
export function errorBrand<T extends Error>(cls: abstract new (...args: never[]) => T, name: string): (e: unknown) => e is T {
  const key = brandKey(name);
  Object.defineProperty(cls.prototype, key, { value: true, enumerable: false, configurable: false, writable: false });
  return (e: unknown): e is T => hasErrorBrand(e, name);
}

/** True when `e` is an instance of the class branded `name` (or of a subclass), from any module copy. */
export function hasErrorBrand(e: unknown, name: string): boolean {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[brandKey(name)] === true;
}
