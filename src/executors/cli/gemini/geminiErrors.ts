// Gemini CLI failures in words a person can act on. Exit codes come from its FatalError classes
// (0.61): 41 auth, 42 input, 44 sandbox, 52 config, 53 turn limit, 54 tool execution,
// 55 untrusted folder, 130 cancelled. An API error exits with the HTTP status truncated to a byte
// (400 -> 144), so those are recognised by their text instead.
import type { CliFailure } from '../../types';

export const GEMINI_NOT_LOGGED_IN =
  'Gemini CLI is not logged in — set GEMINI_API_KEY, or run `gemini` in a terminal once and choose a login method';

const BY_EXIT_CODE: Record<number, string> = {
  41: GEMINI_NOT_LOGGED_IN,
  42: 'Gemini CLI rejected its input (exit 42) — check the prompt and the model name.',
  44: 'Gemini CLI could not start its sandbox (exit 44) — check the sandbox settings in ~/.gemini/settings.json.',
  52: 'Gemini CLI found an error in its configuration (exit 52) — check ~/.gemini/settings.json and the project\'s .gemini/settings.json.',
  53: 'Gemini CLI stopped at its turn limit (exit 53) — raise model.maxSessionTurns in ~/.gemini/settings.json or split the task.',
  54: 'A Gemini CLI tool failed fatally (exit 54) — see the log above for which one.',
  55: 'Gemini CLI does not trust this folder (exit 55) — trust it by running `gemini` here once, or set GEMINI_CLI_TRUST_WORKSPACE=true.',
  130: 'Gemini CLI was cancelled (exit 130).',
};

export function explainGeminiFailure(f: CliFailure): string | undefined {
  const text = [f.resultText ?? '', ...f.stderrTail].join('\n');
  const said = f.resultText ? ` (Gemini said: ${f.resultText.slice(0, 300)})` : '';
  if (f.exitCode === 41) {
    const detail = /GEMINI_API_KEY/.test(text) ? ' — GEMINI_API_KEY is missing' : /auth method/i.test(text) ? ' — no auth method selected' : '';
    return `${GEMINI_NOT_LOGGED_IN}${detail}.`;
  }
  if (f.exitCode !== null && BY_EXIT_CODE[f.exitCode]) return BY_EXIT_CODE[f.exitCode];
  if (/API_KEY_INVALID|API key not valid|\b401\b|UNAUTHENTICATED|PERMISSION_DENIED/i.test(text)) {
    return `The Gemini API rejected the key — check GEMINI_API_KEY (or log in again by running \`gemini\`).${said}`;
  }
  if (/\b429\b|RESOURCE_EXHAUSTED|quota/i.test(text)) return `The Gemini API is rate-limiting or the quota is used up — wait and try again.${said}`;
  if (f.request.resumeSessionId && /session.*not found|no session|invalid session/i.test(text)) {
    return `Gemini CLI could not resume session ${f.request.resumeSessionId} — it may have been deleted; start a new run instead.`;
  }
  return undefined;
}
