import { randomBytes } from 'node:crypto';

/** Short, URL- and filename-safe ids ("t_k3j9x2m1qa"); the prefix says what kind of thing it is. */
export function newId(prefix: 't' | 'c' | 's' | 'm' | 'q'): string {
  return `${prefix}_${randomBytes(8).toString('base64url').replace(/[-_]/g, '').slice(0, 10).toLowerCase()}`;
}
