// The shapes of real API keys and tokens, as the redactor looks for them in text (DESIGN §6).
// Each shape starts at a boundary: "flask-…", "task-runner", "ask-the-user", "desk-…" hold "sk-"
// inside a word and must pass untouched (issue #17: a masked folder name broke every run).
// Bodies are what providers issue (long random runs), not kebab-case words.

/**
 * Where a key may start: not inside a word, a slug or a snake_case name. Text the redactor reads
 * is often JSON (a log line) or terminal output, where a letter may precede a key without being
 * part of a word: a JSON escape (`\n`, `\t`, `\u001b`) or an ANSI colour code (`ESC[31m`).
 */
const START = [
  '(?<![A-Za-z0-9_-])',
  '(?<=\\\\[nrtbf])',
  '(?<=\\\\u[0-9A-Fa-f]{4})',
  '(?<=\\x1b\\[[0-9;]*m)',
  '(?<=\\\\u001[bB]\\[[0-9;]*m)',
].join('|');

const at = (body: string) => new RegExp(`(?:${START})${body}`, 'g');

/**
 * Whether the part after `sk-` is a provider's random body rather than words: a run of `run`
 * letters and digits with no separator (a legacy OpenAI key is one run of 48), or, for the long
 * base64url bodies that may hold a few `-`/`_`, all of upper case, lower case and digits in
 * segments that are long on average. Kebab-case names ("sk-learn-notes-for-the-team",
 * "sk-Project-2024-Final-Notes") have short segments and fail both.
 */
export function randomKeyBody(body: string, run: number): boolean {
  const segments = body.split(/[-_]/);
  if (segments.some((s) => s.length >= run)) return true;
  return body.length >= 40 && body.length / segments.length >= 8 && /[A-Z]/.test(body) && /[a-z]/.test(body) && /[0-9]/.test(body);
}

export interface KeyShape {
  /** Finds candidates (global). */
  pattern: RegExp;
  /** Whether a candidate really is a key; absent: every match is. */
  accept?: (match: string) => boolean;
}

const SK_ANT = 'sk-ant-';

export const KEY_SHAPES: readonly KeyShape[] = [
  // Anthropic: sk-ant-api03-…, sk-ant-oat01-…, sk-ant-admin01-… (about 100 characters).
  { pattern: at('sk-ant-[A-Za-z0-9_-]{16,}'), accept: (m) => randomKeyBody(m.slice(m.indexOf(SK_ANT) + SK_ANT.length), 12) },
  // OpenAI: sk-… (48), sk-proj-… / sk-svcacct-… / sk-admin-… (over 100).
  { pattern: at('sk-[A-Za-z0-9_-]{20,}'), accept: (m) => randomKeyBody(m.slice(m.indexOf('sk-') + 3), 20) },
  // Google / Gemini: AIza + 35.
  { pattern: at('AIza[0-9A-Za-z_-]{30,}') },
  // GitHub: ghp_ / gho_ / ghu_ / ghs_ / ghr_ + 36, fine-grained github_pat_….
  { pattern: at('gh[pousr]_[A-Za-z0-9]{30,}') },
  { pattern: at('github_pat_[A-Za-z0-9_]{30,}') },
  // Slack.
  { pattern: at('xox[abprs]-[A-Za-z0-9-]{10,}') },
  // AWS access key ids (long-lived and temporary).
  { pattern: at('(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])') },
  // A JSON Web Token: header.payload.signature, both JSON parts base64url of `{"`.
  { pattern: at('eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}') },
  // The credential after "Bearer " (an Authorization header quoted in an error): only the token
  // is masked, and only a token-like one (letters and digits, 16 or more), not "bearer of news".
  { pattern: /(?<=\b(?:[Bb]earer|BEARER)[ \t]{1,4})(?=[A-Za-z0-9._~+/-]*[0-9])(?=[A-Za-z0-9._~+/-]*[A-Za-z])[A-Za-z0-9._~+/-]{16,}=*/g },
];
