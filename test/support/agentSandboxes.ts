// Test-only: temp git repos and the per-CLI configuration that points each real agent CLI at a
// scripted server on 127.0.0.1 (recipes in notes/agent-clis.md, all tried here). Every CLI gets a
// temp HOME-like directory so nothing from the developer's own login or config leaks in.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const created: string[] = [];

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `viban-${prefix}-`));
  created.push(dir);
  return dir;
}

/** Removes every directory made by tempDir (call from an `after` hook). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export function tempGitRepo(): string {
  const repo = tempDir('repo');
  execFileSync('git', ['init', '-q', repo]);
  fs.writeFileSync(path.join(repo, 'README.md'), '# scratch repo for an agent test\n');
  return repo;
}

/** Environment without the developer's own keys/config for these CLIs. */
export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(OPENAI|CODEX|GEMINI|GOOGLE|OPENCODE|ANTHROPIC)_/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/** Codex: a provider table in $CODEX_HOME/config.toml (OPENAI_BASE_URL alone is not enough). */
export function codexEnv(baseUrl: string, opts: { apiKey?: string | null; model?: string } = {}): Record<string, string> {
  const home = tempDir('codex-home');
  fs.writeFileSync(
    path.join(home, 'config.toml'),
    [
      'model_provider = "mock"',
      `model = "${opts.model ?? 'm1'}"`,
      '[model_providers.mock]',
      'name = "mock"',
      `base_url = "${baseUrl}"`,
      'env_key = "OPENAI_API_KEY"',
      'wire_api = "responses"',
      '',
    ].join('\n'),
  );
  const key = opts.apiKey === undefined ? 'sk-test-codex' : opts.apiKey;
  return cleanEnv({ CODEX_HOME: home, ...(key ? { OPENAI_API_KEY: key } : {}) });
}

/**
 * Gemini CLI: API-key auth selected in ~/.gemini/settings.json under a temp HOME (without it:
 * "Invalid auth method selected", exit 41), the key and base URL in the environment.
 */
export function geminiEnv(origin: string, opts: { apiKey?: string | null } = {}): Record<string, string> {
  const home = tempDir('gemini-home');
  fs.mkdirSync(path.join(home, '.gemini'));
  fs.writeFileSync(path.join(home, '.gemini', 'settings.json'), JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } } }));
  const key = opts.apiKey === undefined ? 'gm-test-key' : opts.apiKey;
  return cleanEnv({ HOME: home, GOOGLE_GEMINI_BASE_URL: origin, ...(key ? { GEMINI_API_KEY: key } : {}) });
}

/**
 * OpenCode: one temp HOME (XDG dirs inside it) shared by a whole suite, so its first-start work
 * (a registry lookup for @opencode-ai/plugin, its database) happens once. The models.dev catalogue
 * fetch is turned off: the scripted provider needs no catalogue and the fetch only adds waiting.
 */
export function opencodeEnv(home: string): Record<string, string> {
  return cleanEnv({
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
  });
}

/** OpenCode: an @ai-sdk/openai-compatible provider "mock" with model "m1" in the project's opencode.json. */
export function writeOpencodeProject(repo: string, baseUrl: string, opts: { apiKey?: string } = {}): string {
  const config = {
    $schema: 'https://opencode.ai/config.json',
    provider: {
      mock: {
        npm: '@ai-sdk/openai-compatible',
        name: 'Mock',
        options: { baseURL: baseUrl, ...(opts.apiKey !== undefined ? { apiKey: opts.apiKey } : { apiKey: 'sk-test-opencode' }) },
        models: { m1: { name: 'M1' } },
      },
    },
    model: 'mock/m1',
  };
  fs.writeFileSync(path.join(repo, 'opencode.json'), JSON.stringify(config, null, 2));
  return 'mock/m1';
}

/** A PATH with only the system folders: no folder holding them, so the agent CLIs are not found. */
export function pathWithout(binary: string): string {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir && !fs.existsSync(path.join(dir, binary)))
    .join(path.delimiter);
}
