// Can we tell, without a model call, whether Codex will authenticate? `codex login status`
// ignores OPENAI_API_KEY and custom providers (it said "Not logged in" with a key set, 0.169), so
// we look at the same places Codex does instead of spawning it.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODEX_NOT_LOGGED_IN = 'Codex is not logged in — run `codex login` in a terminal, or set OPENAI_API_KEY';

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

export async function checkCodexLogin(env: Record<string, string | undefined>): Promise<{ loggedIn?: boolean; reason?: string }> {
  if (env.CODEX_API_KEY || env.OPENAI_API_KEY) return { loggedIn: true };
  const home = env.CODEX_HOME || join(env.HOME || env.USERPROFILE || homedir(), '.codex');
  const auth = await readText(join(home, 'auth.json'));
  if (auth) {
    try {
      const parsed = JSON.parse(auth) as Record<string, unknown>;
      if (parsed.OPENAI_API_KEY || parsed.tokens) return { loggedIn: true };
    } catch {
      // A damaged auth.json is "cannot tell": Codex itself will say what is wrong.
      return { loggedIn: undefined };
    }
  }
  // A custom model provider takes its key from its own env_key; we cannot see which one.
  const config = await readText(join(home, 'config.toml'));
  if (config && /^\s*model_provider\s*=/m.test(config)) return { loggedIn: undefined };
  return { loggedIn: false, reason: CODEX_NOT_LOGGED_IN };
}
