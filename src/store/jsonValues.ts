// Copying, freezing and comparing JSON-shaped values (plain objects, arrays, strings, numbers,
// booleans, null). The store keeps one validated board in memory and hands out copies; on a
// 2,000-task board structuredClone costs several milliseconds where this plain walk costs a
// fraction of one, because it does not serialise.

/** A deep copy of JSON-shaped data; keys keep their order. */
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const copy = new Array(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = cloneJson(value[i]);
    return copy as T;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = cloneJson((value as Record<string, unknown>)[key]);
  return copy as T;
}

/** Freezes `value` and everything under it, so a copy handed out by mistake fails loudly when written. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}

/**
 * True when `candidate` is the same JSON as `known`, keys in the same order: then anything that
 * validates or serialises `candidate` sees exactly what it saw for `known`. Only plain objects
 * and arrays qualify (a class instance or a Map does not), and `known` must itself be plain JSON.
 */
export function sameJson(candidate: unknown, known: unknown): boolean {
  if (candidate === known) return true;
  if (typeof candidate !== 'object' || typeof known !== 'object' || candidate === null || known === null) return false;
  if (Array.isArray(known)) {
    if (!Array.isArray(candidate) || candidate.length !== known.length) return false;
    for (let i = 0; i < known.length; i++) if (!sameJson(candidate[i], known[i])) return false;
    return true;
  }
  if (Array.isArray(candidate) || Object.getPrototypeOf(candidate) !== Object.prototype) return false;
  const candidateKeys = Object.keys(candidate);
  const knownKeys = Object.keys(known);
  if (candidateKeys.length !== knownKeys.length) return false;
  for (let i = 0; i < knownKeys.length; i++) {
    const key = knownKeys[i];
    if (candidateKeys[i] !== key) return false;
    if (!sameJson((candidate as Record<string, unknown>)[key], (known as Record<string, unknown>)[key])) return false;
  }
  return true;
}
