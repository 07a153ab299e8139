// When a failed job is worth another try, and how long to wait before it. Providers answer 429
// and 5xx under load and networks drop; those clear up on their own. A 401, a missing CLI or a
// refused prompt will fail the same way again, so retrying them only delays the bad news.

export interface BackoffOptions {
  /** Delay before the second attempt; doubles for each further one. */
  baseMs: number;
  /** Ceiling for any single delay. */
  maxMs: number;
  /** Fraction of the delay that is random (0..1), so many clients do not retry in lockstep. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 60_000, jitter: 0.5 };

/**
 * Delay after the `attempt`-th failed attempt (1-based): base·2^(attempt-1), capped, of which the
 * top `jitter` share is random. Always within [(1-jitter)·d, d] where d is the capped exponential.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponential = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  const jitter = Math.min(1, Math.max(0, opts.jitter));
  return Math.round(exponential * (1 - jitter + jitter * random()));
}

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

const TRANSIENT_TEXT: RegExp[] = [
  /\b(429|500|502|503|504|529)\b/, // rate limited, server errors, Anthropic's "overloaded"
  /rate.?limit/i,
  /overloaded/i,
  /too many requests/i,
  /service unavailable|bad gateway|gateway time-?out|internal server error/i,
  /socket hang up|network (error|is unreachable)|connection (reset|refused|closed)|fetch failed/i,
  /request timed? ?out/i,
];

/**
 * Best guess from an error (thrown value or reason text) when the runner did not say. Anything
 * not recognised is treated as permanent: retrying an unknown error risks repeating side effects.
 */
export function isTransientFailure(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  if (typeof status === 'number') return status === 429 || (status >= 500 && status < 600);
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return TRANSIENT_TEXT.some((r) => r.test(text));
}
