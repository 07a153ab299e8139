// The shapes of real API keys and tokens, as the redactor looks for them in text (DESIGN §6).
// Each shape starts at a boundary: "flask-…", "task-runner", "ask-the-user", "desk-…" hold "sk-"
// inside a word and must pass untouched (issue #17: a masked folder name broke every run).
// Bodies are what providers issue (long random runs), not kebab-case words.

const WORD_CHAR = /[A-Za-z0-9_-]/;
const JSON_ESCAPE_BEFORE = /\\(?:[nrtbf]|u[0-9A-Fa-f]{4})$/;
const ANSI_COLOUR_BEFORE = /(?:\x1b|\\u001[bB])\[[0-9;]*m$/;

/**
 * Whether a key may start at `index` of `text`: not inside a word, a slug or a snake_case name.
 * Text the redactor reads is often JSON (a log line) or terminal output, where a letter may
 * precede a key without being part of a word: a JSON escape (`\n`, `\u0001`) or an ANSI colour
 * code (`ESC[31m`). Checked on each candidate, not in the pattern: a lookbehind in front of the
 * pattern is tried at every position of every line and made masking ten times slower.
 */
export function startsWord(text: string, index: number): boolean {
  if (index === 0 || !WORD_CHAR.test(text[index - 1])) return true;
  const before = text.slice(Math.max(0, index - 24), index);
  return JSON_ESCAPE_BEFORE.test(before) || ANSI_COLOUR_BEFORE.test(before);
}

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
  /** Finds candidates (global). A first capture group, when there is one, is kept, not masked. */
  pattern: RegExp;
  /** Whether a candidate (without the kept group) really is a key; absent: every one is. */
  accept?: (key: string) => boolean;
}

export const KEY_SHAPES: readonly KeyShape[] = [
  // Anthropic: sk-ant-api03-…, sk-ant-oat01-…, sk-ant-admin01-… (about 100 characters).
  { pattern: /sk-ant-[A-Za-z0-9_-]{16,}/g, accept: (m) => randomKeyBody(m.slice('sk-ant-'.length), 12) },
  // OpenAI: sk-… (48), sk-proj-… / sk-svcacct-… / sk-admin-… (over 100).
  { pattern: /sk-[A-Za-z0-9_-]{20,}/g, accept: (m) => randomKeyBody(m.slice('sk-'.length), 20) },
  // Google / Gemini: AIza + 35.
  { pattern: /AIza[0-9A-Za-z_-]{30,}/g },
  // GitHub: ghp_ / gho_ / ghu_ / ghs_ / ghr_ + 36, fine-grained github_pat_….
  { pattern: /gh[pousr]_[A-Za-z0-9]{30,}/g },
  { pattern: /github_pat_[A-Za-z0-9_]{30,}/g },
  // Slack.
  { pattern: /xox[abprs]-[A-Za-z0-9-]{10,}/g },
  // AWS access key ids (long-lived and temporary).
  { pattern: /(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])/g },
  // A JSON Web Token: header.payload.signature, both JSON parts base64url of `{"`.
  { pattern: /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g },
  // The credential after "Bearer " (an Authorization header quoted in an error): only the token
  // is masked, and only a token-like one (letters and digits, 16 or more), not "bearer of news".
  { pattern: /((?:[Bb]earer|BEARER)[ \t]{1,4})(?=[A-Za-z0-9._~+/-]*[0-9])(?=[A-Za-z0-9._~+/-]*[A-Za-z])[A-Za-z0-9._~+/-]{16,}=*/g },
];

/** Text that may hold a key: every shape starts with one of these (a cheap first scan). */
export const KEY_PREFIXES = /sk-|AIza|gh[pousr]_|github_pat_|xox[abprs]-|AKIA|ASIA|eyJ|[Bb]earer|BEARER/;

/** `text` with every key-shaped candidate that starts a word and passes its shape's check masked. */
export function maskKeyShapes(text: string, mask: string): string {
  let out = text;
  for (const { pattern, accept } of KEY_SHAPES) {
    out = out.replace(pattern, (match: string, ...rest: unknown[]) => {
      const lead = typeof rest[0] === 'string' ? rest[0] : '';
      const offset = rest[rest.length - 2] as number;
      const whole = rest[rest.length - 1] as string;
      const key = match.slice(lead.length);
      if (!startsWord(whole, offset) || (accept && !accept(key))) return match;
      return lead + mask;
    });
  }
  return out;
}
