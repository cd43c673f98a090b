// A bounded memo for the pure, deterministic figure code of the results
// (seeded bootstraps): the same tables give the same figures, so a study
// whose ratings did not change since the last poll costs no recomputation.

/** `fn` remembered by `key` for the `size` most recently used keys; each caller gets its own copy of the result. */
export function memoized<A extends unknown[], R>(fn: (...args: A) => R, key: (...args: A) => string, size = 64): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args: A): R => {
    const k = key(...args);
    const hit = cache.get(k);
    if (hit !== undefined) {
      cache.delete(k);
      cache.set(k, hit);
      return structuredClone(hit);
    }
    const value = fn(...args);
    cache.set(k, value);
    const oldest = cache.keys().next().value;
    if (cache.size > size && oldest !== undefined) cache.delete(oldest);
    return structuredClone(value);
  };
}
