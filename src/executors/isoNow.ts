// The current time as an ISO string, as `new Date().toISOString()` gives it. A token stream asks
// for it thousands of times a second, mostly within the same millisecond: the string is made
// once per millisecond and reused, saving a Date and its formatting per log entry.
let lastMs = Number.NaN;
let lastIso = '';

export function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}
