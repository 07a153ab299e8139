// Every piece of agent text that reaches disk, the output channel or a notification goes through
// here (DESIGN §6): the exact values of known secrets, and anything shaped like an API key
// (keyShapes.ts). It masks what is shown and stored; never a path, an id or anything a run uses.
import { KEY_PREFIXES, maskKeyShapes } from './keyShapes';

export const MASK = '[REDACTED]';

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

/**
 * Other variables named like a credential (NPM_TOKEN, STRIPE_SECRET_KEY, MY_API_KEY…). Their
 * values count as secrets only when they look like one: long, one word, not a path or a flag.
 */
const SECRET_NAME = /(?:^|_)(?:API_?KEY|TOKEN|SECRET|SECRET_KEY|ACCESS_KEY|PASSWORD)$/i;
const SECRET_LOOKING = /^[^\s/\\]{12,}$/;

/** The values in `env` the redactor masks wherever they appear. */
export function secretValuesOf(env: NodeJS.ProcessEnv): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (SECRET_ENV_VARS.includes(name) || (SECRET_NAME.test(name) && SECRET_LOOKING.test(value))) values.push(value);
  }
  return values;
}

export class Redactor {
  private secrets: string[] = [];
  /** Cheap pre-check so the common line (no secret) costs one scan. */
  private quick: RegExp | undefined;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    for (const value of secretValuesOf(env)) this.addSecret(value);
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
      [...this.secrets.map(escapeRegExp), KEY_PREFIXES.source].join('|'),
    );
    if (!this.quick.test(text)) return text;
    let out = text;
    for (const s of this.secrets) out = out.split(s).join(MASK);
    return maskKeyShapes(out, MASK);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
