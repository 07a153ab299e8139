// Can we tell, without a model call, whether OpenCode will authenticate? Stored credentials
// (`opencode auth login`) or a well-known provider key in the environment say yes. Their absence
// says nothing: a provider in opencode.json can carry its own key.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

const PROVIDER_KEYS = ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'GEMINI_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY', 'OPENROUTER_API_KEY', 'GROQ_API_KEY', 'OPENCODE_API_KEY'];

export async function checkOpencodeLogin(env: Record<string, string | undefined>): Promise<{ loggedIn?: boolean; reason?: string }> {
  if (PROVIDER_KEYS.some((k) => env[k])) return { loggedIn: true };
  const dataHome = env.XDG_DATA_HOME || join(env.HOME || env.USERPROFILE || homedir(), '.local', 'share');
  try {
    const auth = JSON.parse(await readFile(join(dataHome, 'opencode', 'auth.json'), 'utf8')) as Record<string, unknown>;
    if (Object.keys(auth).length > 0) return { loggedIn: true };
  } catch {
    // No stored credentials.
  }
  return { loggedIn: undefined };
}
