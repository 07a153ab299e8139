// Can we tell, without a model call, whether Gemini CLI will authenticate? A key in the
// environment, Vertex settings, or cached Google login credentials say yes; nothing says no.
import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { GEMINI_NOT_LOGGED_IN } from './geminiErrors';

export async function checkGeminiLogin(env: Record<string, string | undefined>): Promise<{ loggedIn?: boolean; reason?: string }> {
  if (env.GEMINI_API_KEY || env.GOOGLE_API_KEY) return { loggedIn: true };
  if (env.GOOGLE_GENAI_USE_VERTEXAI || env.GOOGLE_GENAI_USE_GCA || env.GOOGLE_APPLICATION_CREDENTIALS) return { loggedIn: undefined };
  const home = env.HOME || env.USERPROFILE || homedir();
  try {
    await access(join(home, '.gemini', 'oauth_creds.json'));
    return { loggedIn: true };
  } catch {
    // A .env file in the project or ~/.gemini can still hold the key: we cannot be sure.
  }
  try {
    await access(join(home, '.gemini', '.env'));
    return { loggedIn: undefined };
  } catch {
    return { loggedIn: false, reason: GEMINI_NOT_LOGGED_IN };
  }
}
