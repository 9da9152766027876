/**
 * Records keyed by names that come from users' data (trace labels, neuron names): they must
 * behave as plain maps for every string, `__proto__`, `constructor` and `hasOwnProperty`
 * included. An object literal `{}` does not: assigning `o['__proto__']` replaces its prototype
 * (the trace is lost) and `'hasOwnProperty' in o` is true for every object. A record without a
 * prototype has neither trap, stays JSON- and structured-clone-compatible, and reads as usual.
 */

/** An empty record with no prototype: every key, `__proto__` included, is an ordinary own key. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A prototype-free copy of a record (own enumerable keys, in order). */
export function dictOf<T>(from: Readonly<Record<string, T>> | Iterable<readonly [string, T]> = {}): Record<string, T> {
  const out = dict<T>();
  const entries = Symbol.iterator in from ? (from as Iterable<readonly [string, T]>) : Object.entries(from as Record<string, T>);
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** Whether a record has its own key `k` (never a key inherited from Object.prototype). */
export function hasKey(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}
