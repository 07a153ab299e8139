// Claude Code failures in words a person can act on. The CLI's own texts are matched loosely:
// they are sentences, not codes, and change between versions.
import type { CliFailure } from '../../types';
import { NOT_LOGGED_IN } from './claudeAuth';

export const FULL_AUTO_AS_ROOT =
  'Full auto is not available when VS Code runs as root: Claude Code refuses to skip permission checks for the root user. ' +
  'Choose Auto-edit instead (file edits are applied without asking, commands still ask), or run VS Code as a normal user.';

export function explainClaudeFailure(f: CliFailure): string | undefined {
  const text = [f.resultText ?? '', ...f.stderrTail].join('\n');
  if (/cannot be used with root\/sudo privileges/i.test(text)) return FULL_AUTO_AS_ROOT;
  if (/not logged in|please run \/login/i.test(text)) return NOT_LOGGED_IN;
  if (/invalid api key|failed to authenticate|authentication_error|\b401\b/i.test(text)) {
    return 'Claude Code could not authenticate (invalid API key or expired login) — check ANTHROPIC_API_KEY, or run `claude` in a terminal and log in again.';
  }
  if (/rate.?limit|\b429\b|overloaded|\b529\b/i.test(text)) {
    return `The Anthropic API is rate-limiting or overloaded — wait a moment and try again.${f.resultText ? ` (Claude Code said: ${f.resultText})` : ''}`;
  }
  if (/--resume|no conversation found/i.test(text) && f.request.resumeSessionId) {
    return `Claude Code could not resume session ${f.request.resumeSessionId} — it may have been deleted; start a new run instead.${f.resultText ? ` (${f.resultText})` : ''}`;
  }
  return undefined;
}
