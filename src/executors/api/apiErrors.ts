// Turns the SDKs' errors into sentences a person can act on, and decides which are worth a retry.
// Both SDKs share the shape (APIError with status/headers, APIConnectionError, APIUserAbortError);
// each executor passes its own SDK's classes so `instanceof` sees the real types.

/** The error classes of one SDK. */
export interface SdkErrorClasses {
  APIError: abstract new (...args: never[]) => Error & { status?: number; headers?: Headers | undefined; error?: unknown };
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
}

export type ClassifiedError =
  | { kind: 'aborted' }
  | { kind: 'auth'; status: number; message: string }
  | { kind: 'retryable'; status?: number; message: string; retryAfterMs?: number; rateLimited: boolean }
  | { kind: 'fatal'; message: string };

export interface ErrorContext {
  /** "Anthropic" / "OpenAI". */
  label: string;
  baseURL: string;
  sdk: SdkErrorClasses;
  /** How to set a new key where this runs (VS Code command, or an environment variable). */
  keyHint?: string;
}

/** Network causes that will not fix themselves within a retry or two: fail at once with the reason. */
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate could not be verified',
};

export function classifyApiError(err: unknown, ctx: ErrorContext): ClassifiedError {
  const { sdk, label } = ctx;
  if (err instanceof sdk.APIUserAbortError || (err as Error)?.name === 'AbortError') return { kind: 'aborted' };
  if (err instanceof sdk.APIConnectionTimeoutError) {
    return { kind: 'retryable', message: `The ${label} API at ${ctx.baseURL} did not answer in time`, rateLimited: false };
  }
  if (err instanceof sdk.APIConnectionError) {
    const code = causeCode(err);
    const reason = code && NETWORK_REASONS[code];
    if (reason) return { kind: 'fatal', message: `Could not reach the ${label} API at ${ctx.baseURL} (${reason}).` };
    return { kind: 'retryable', message: `The connection to the ${label} API at ${ctx.baseURL} failed (${code ?? causeMessage(err)})`, rateLimited: false };
  }
  if (err instanceof sdk.APIError && typeof err.status === 'number') {
    const status = err.status;
    const detail = apiMessage(err);
    if (status === 401 || status === 403) {
      return { kind: 'auth', status, message: `The API key for ${label} was rejected (${status}). ${ctx.keyHint ?? 'Set a new one with “Viban: Set API Key”.'}` };
    }
    if (status === 429 || status === 408 || status === 409 || status >= 500) {
      return { kind: 'retryable', status, message: `The ${label} API answered ${status}${detail ? `: ${detail}` : ''}`, retryAfterMs: retryAfterMs(err.headers), rateLimited: status === 429 };
    }
    if (status === 404) return { kind: 'fatal', message: `The ${label} API answered 404${detail ? `: ${detail}` : ''} (check the model name and the base URL ${ctx.baseURL}).` };
    return { kind: 'fatal', message: `The ${label} API refused the request (${status})${detail ? `: ${detail}` : ''}.` };
  }
  // A stream that broke mid-way in a way the SDK did not classify, or a bug of ours.
  return { kind: 'fatal', message: `${label} API call failed: ${(err as Error)?.message ?? String(err)}` };
}

/** `retry-after-ms`, `retry-after` in seconds, or `retry-after` as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get?.('retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && headers?.get?.('retry-after-ms')) return ms;
  const ra = headers?.get?.('retry-after');
  if (!ra) return undefined;
  const seconds = Number(ra);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(ra);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Exponential backoff with jitter, for answers that say nothing about when to come back. */
export function backoffMs(attempt: number, baseMs: number): number {
  return Math.min(30_000, baseMs * 2 ** attempt) * (0.8 + Math.random() * 0.4);
}

/** "2 s", "1.5 s", "2 minutes" — for the retry and timeout messages. */
export function formatDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  const s = ms / 1000;
  return `${s >= 10 || Number.isInteger(s) ? Math.round(s) : s.toFixed(1)} s`;
}

function apiMessage(err: { error?: unknown; message?: string }): string | undefined {
  const body = err.error as { message?: unknown; error?: { message?: unknown } } | undefined;
  const m = body?.error?.message ?? body?.message;
  return typeof m === 'string' && m.trim() ? m.trim().slice(0, 300) : undefined;
}

function causeCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

function causeMessage(err: unknown): string {
  let e = err as { cause?: unknown; message?: string };
  while (e.cause && typeof e.cause === 'object') e = e.cause as typeof e;
  return e.message ?? 'unknown error';
}

/** Replaces every occurrence of the key in a string (belt and braces: the session redacts too). */
export function scrubKey(text: string, key: string | undefined): string {
  return key && key.length >= 4 ? text.split(key).join('[REDACTED]') : text;
}

/** The same, through every string inside an entry-like value. */
export function scrubDeep<T>(value: T, key: string | undefined): T {
  if (!key || key.length < 4) return value;
  if (typeof value === 'string') return scrubKey(value, key) as T;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, key)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, key)])) as T;
  }
  return value;
}
