// Retrying one model request on 429 / 5xx / dropped connections, honouring `retry-after`. Our own
// loop (the SDKs get maxRetries: 0) so every wait is visible in the session as a `system` entry
// and stops at once when the run is stopped.
import { backoffMs, classifyApiError, formatDuration, type ErrorContext } from './apiErrors';

/** A model request that failed for good; `message` is what the person reads. */
export class ApiRunError extends Error {
  override readonly name = 'ApiRunError';
  constructor(
    readonly kind: 'auth' | 'fatal' | 'aborted',
    message: string,
  ) {
    super(message);
  }
}

export interface RetryOptions {
  errors: ErrorContext;
  signal: AbortSignal;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff step when the server gives no retry-after. */
  baseDelayMs: number;
  /** Longest wait we accept from a retry-after header. */
  maxDelayMs?: number;
  /** Told before each wait, with the sentence to show. */
  onRetry(text: string, delayMs: number, attempt: number): void;
}

/**
 * Runs `attempt` until it succeeds, retrying what is worth retrying. `attempt` gets a callback
 * to call once output reached the user: after that a failure is not retried (it would repeat it).
 */
export async function withRetries<T>(attempt: (markStarted: () => void) => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let n = 0; ; n++) {
    let started = false;
    try {
      return await attempt(() => (started = true));
    } catch (err) {
      if (opts.signal.aborted) throw new ApiRunError('aborted', 'stopped');
      const c = classifyApiError(err, opts.errors);
      if (c.kind === 'aborted') throw new ApiRunError('aborted', 'stopped');
      if (c.kind === 'auth') throw new ApiRunError('auth', c.message);
      if (c.kind === 'fatal') throw new ApiRunError('fatal', c.message);
      if (started) throw new ApiRunError('fatal', `${c.message} while the answer was streaming.`);
      if (n >= opts.maxRetries) {
        throw new ApiRunError('fatal', `${c.message}. Gave up after ${n + 1} attempt${n ? 's' : ''}${c.rateLimited ? ' (rate limited)' : ''}.`);
      }
      const delay = Math.min(c.retryAfterMs ?? backoffMs(n, opts.baseDelayMs), opts.maxDelayMs ?? 60_000);
      const what = c.rateLimited ? 'Rate limited' : c.message;
      opts.onRetry(`${what}; retrying in ${formatDuration(delay)} (retry ${n + 1} of ${opts.maxRetries}).`, delay, n + 1);
      await sleep(delay, opts.signal);
      if (opts.signal.aborted) throw new ApiRunError('aborted', 'stopped');
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
