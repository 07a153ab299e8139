// Every piece of text that reaches disk, the output channel or a notification goes through
// here (DESIGN §6): the exact values of known secrets, and anything shaped like an API key.

const MASK = '[REDACTED]';

/** Key shapes of the providers a user of this extension is likely to have in their environment. */
const KEY_SHAPES: RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]{16,}/g, // Anthropic
  /sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g, // OpenAI
  /AIza[0-9A-Za-z_-]{30,}/g, // Google / Gemini
  /gh[pousr]_[A-Za-z0-9]{30,}/g, // GitHub tokens
  /github_pat_[A-Za-z0-9_]{30,}/g,
  /xox[abprs]-[A-Za-z0-9-]{10,}/g, // Slack
  /AKIA[0-9A-Z]{16}/g, // AWS access key id
];

/** Environment variables whose values are secrets wherever they appear. */
export const SECRET_ENV_VARS = [
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'OPENAI_API_KEY',
  'CODEX_API_KEY',
  'GEMINI_API_KEY',
  'GOOGLE_API_KEY',
  'OPENROUTER_API_KEY',
  'GITHUB_TOKEN',
  'GH_TOKEN',
];

export class Redactor {
  private secrets: string[] = [];
  /** Cheap pre-check so the common line (no secret) costs one scan. */
  private quick: RegExp | undefined;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    for (const name of SECRET_ENV_VARS) this.addSecret(env[name]);
  }

  /** Registers an exact secret value (for example a key read from SecretStorage). */
  addSecret(value: string | undefined): void {
    // Very short values would mask ordinary words; real keys are long.
    if (!value || value.length < 8 || this.secrets.includes(value)) return;
    this.secrets.push(value, JSON.stringify(value).slice(1, -1));
    this.secrets = [...new Set(this.secrets)].sort((a, b) => b.length - a.length);
    this.quick = undefined;
  }

  redact(text: string): string {
    this.quick ??= new RegExp(
      [...this.secrets.map(escapeRegExp), ...KEY_SHAPES.map((r) => r.source)].join('|'),
    );
    if (!this.quick.test(text)) return text;
    let out = text;
    for (const s of this.secrets) out = out.split(s).join(MASK);
    for (const shape of KEY_SHAPES) out = out.replace(shape, MASK);
    return out;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
