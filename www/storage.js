// This browser's localStorage, guarded. Storage can be blocked (privacy settings, some embedded
// browsers: every access throws a SecurityError), full (setItem throws), or hold anything another
// page of the same origin wrote there. The page works without it: a read gives null, a write says
// whether it stuck, and a value over `maxChars` is neither read nor written.

/** The longest value the page stores or reads back (characters): 1 M. */
export const MAX_STORED_CHARS = 1_000_000;

/**
 * The value stored under `key`, or null if there is none, storage is blocked, or the value is
 * longer than `maxChars` (then it is treated as corrupt: not used, reported through `onProblem`).
 */
export function load(key, { maxChars = MAX_STORED_CHARS, onProblem } = {}) {
  let value;
  try {
    value = globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
  if (value !== null && value.length > maxChars) {
    onProblem?.('tooLong', value.length);
    return null;
  }
  return value;
}

/** Stores `value` under `key` (removes it for null or ''); true if it was stored. */
export function save(key, value, { maxChars = MAX_STORED_CHARS } = {}) {
  try {
    if (value === null || value === '') {
      globalThis.localStorage?.removeItem(key);
      return true;
    }
    if (value.length > maxChars) return false;
    globalThis.localStorage?.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** Removes `key`; false if storage is blocked. */
export function remove(key) {
  return save(key, null);
}
