// OpenCode failures in words a person can act on. `opencode run --format json` prints failures as
// an `error` line `{error:{name, data:{message, statusCode?, providerID?}}}` and exits 1; stderr
// only carries notices (e.g. "permission requested: …; auto-rejecting").
import type { CliFailure } from '../../types';
import type { Json } from '../jsonLineNormalizer';

export const OPENCODE_NOT_LOGGED_IN =
  'OpenCode has no credentials for this model\'s provider — run `opencode auth login` in a terminal, or set the provider\'s API key';

/** One sentence for an OpenCode `error` object (used for the log entry and the run's error). */
export function describeOpencodeError(error: Json | undefined): string {
  const name = typeof error?.name === 'string' ? error.name : 'Error';
  const data = (error?.data ?? {}) as Json;
  const message = typeof data.message === 'string' ? data.message : '';
  const status = typeof data.statusCode === 'number' ? data.statusCode : undefined;
  switch (name) {
    case 'ProviderAuthError':
      return `${OPENCODE_NOT_LOGGED_IN}${data.providerID ? ` (provider: ${data.providerID})` : ''}.${message ? ` OpenCode said: ${message}` : ''}`;
    case 'APIError':
      if (status === 401 || status === 403) {
        return `The model provider rejected OpenCode's API key (HTTP ${status}) — check the key for this provider (\`opencode auth login\`, or its environment variable).${message ? ` Provider said: ${message}` : ''}`;
      }
      if (status === 429) return `The model provider is rate-limiting OpenCode (HTTP 429) — wait and try again.${message ? ` Provider said: ${message}` : ''}`;
      return `The model provider answered with an error${status ? ` (HTTP ${status})` : ''}: ${message || 'no message'}`;
    case 'MessageAbortedError':
      return 'OpenCode stopped the message (aborted).';
    case 'MessageOutputLengthError':
      return 'The model hit its output length limit before finishing.';
    case 'UnknownError':
      // Seen for an unknown provider/model id (1.18): the details only go to OpenCode's own log.
      return `OpenCode failed: ${message || 'unknown error'} — check the model id (provider/model) and run \`opencode run --print-logs\` in a terminal for details.`;
    default:
      return `OpenCode ${name}: ${message || JSON.stringify(data)}`;
  }
}

export function explainOpencodeFailure(f: CliFailure): string | undefined {
  const text = [f.resultText ?? '', ...f.stderrTail].join('\n');
  // The normalizer has already turned OpenCode's error object into a sentence; reuse it.
  if (f.resultText && /^(OpenCode|The model provider|The model hit)/.test(f.resultText)) return f.resultText;
  if (/ProviderAuthError|no credentials|auth login/i.test(text)) return OPENCODE_NOT_LOGGED_IN;
  if (f.request.resumeSessionId && /session.*not found|NotFoundError/i.test(text)) {
    return `OpenCode could not continue session ${f.request.resumeSessionId} — it may have been deleted; start a new run instead.`;
  }
  return undefined;
}
