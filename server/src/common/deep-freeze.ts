/**
 * Freezes a value and everything it holds, so a cached object can be handed to every caller as is: a
 * caller that tried to change it would throw (strict mode) instead of changing it for everyone. Cheaper
 * than a copy per read on hot paths (points rules are read by every purchase).
 */
export function deepFreeze<T>(value: T): Readonly<T> {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
