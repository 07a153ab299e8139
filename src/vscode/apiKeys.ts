import * as vscode from 'vscode';
import type { Redactor } from '../secrets/redactor';

export type Provider = 'anthropic' | 'openai';

const LABELS: Record<Provider, string> = { anthropic: 'Anthropic', openai: 'OpenAI' };
const ENV: Record<Provider, string> = { anthropic: 'ANTHROPIC_API_KEY', openai: 'OPENAI_API_KEY' };
const secretName = (p: Provider) => `viban.apiKey.${p}`;

/**
 * API keys live in VS Code's SecretStorage (the environment variable is the fallback). Every key
 * read is registered with the redactor, so it is masked wherever it might be written.
 */
export class ApiKeys {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly redactor: Redactor,
  ) {}

  async get(provider: Provider): Promise<string | undefined> {
    const key = (await this.secrets.get(secretName(provider))) || process.env[ENV[provider]] || undefined;
    this.redactor.addSecret(key);
    return key;
  }

  /** "Viban: Set API Key": pick a provider, paste the key (hidden); an empty value removes it. */
  async promptAndStore(preselect?: Provider): Promise<void> {
    const provider =
      preselect ??
      (
        await vscode.window.showQuickPick(
          (Object.keys(LABELS) as Provider[]).map((p) => ({ label: LABELS[p], description: `used by the ${LABELS[p]} executor; ${ENV[p]} is the fallback`, provider: p })),
          { title: 'Viban: Set API Key', placeHolder: 'Which provider?' },
        )
      )?.provider;
    if (!provider) return;
    const key = await vscode.window.showInputBox({
      title: `Viban: ${LABELS[provider]} API key`,
      prompt: 'Stored in VS Code’s secret storage, never in the workspace. Leave empty to remove it.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v && /\s/.test(v.trim()) ? 'An API key has no spaces.' : undefined),
    });
    if (key === undefined) return;
    if (!key.trim()) {
      await this.secrets.delete(secretName(provider));
      void vscode.window.showInformationMessage(`Viban: the ${LABELS[provider]} API key was removed.`);
      return;
    }
    this.redactor.addSecret(key.trim());
    await this.secrets.store(secretName(provider), key.trim());
    void vscode.window.showInformationMessage(`Viban: the ${LABELS[provider]} API key is stored.`);
  }
}
