// Can we tell, without a model call, whether Claude Code will be able to authenticate?
// Only partly: an API key / token in the environment or stored OAuth credentials say yes. On
// macOS the CLI keeps OAuth credentials in the Keychain, and Bedrock/Vertex use cloud
// credentials, so there "not found" means "cannot tell", never "logged out".
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NOT_LOGGED_IN = 'Claude Code is not logged in — run `claude` in a terminal and log in, or set ANTHROPIC_API_KEY';

async function readJson(path: string): Promise<Record<string, any> | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

export async function checkClaudeLogin(
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform = process.platform,
): Promise<{ loggedIn?: boolean; reason?: string }> {
  if (env.ANTHROPIC_API_KEY || env.ANTHROPIC_AUTH_TOKEN || env.CLAUDE_CODE_OAUTH_TOKEN) return { loggedIn: true };
  if (env.CLAUDE_CODE_USE_BEDROCK || env.CLAUDE_CODE_USE_VERTEX) return { loggedIn: undefined };
  const home = env.HOME || env.USERPROFILE || homedir();
  const configDir = env.CLAUDE_CONFIG_DIR || join(home, '.claude');
  const creds = await readJson(join(configDir, '.credentials.json'));
  if (creds?.claudeAiOauth?.accessToken || creds?.claudeAiOauth?.refreshToken) return { loggedIn: true };
  const config = await readJson(join(home, '.claude.json'));
  // The CLI creates ~/.claude.json on first start even when logged out; only these keys mean auth.
  if (config?.oauthAccount || config?.primaryApiKey) return { loggedIn: true };
  if (platform === 'darwin') return { loggedIn: undefined };
  return { loggedIn: false, reason: NOT_LOGGED_IN };
}
