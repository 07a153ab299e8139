// Who plays Assist's code advisor in the editor, decided like the command line does: the
// viban.assist.executor setting, else `assist.executor` in .viban/settings.json, else tier B's
// executor, else the default executor; the model likewise (tier B's model only when the advisor
// is tier B's executor).
import * as vscode from 'vscode';
import type { FolderRuntime } from '../app/folderRuntime';
import { loadHeadlessSettings, type HeadlessSettings } from '../cli/settings';
import type { Executor } from '../executors/types';
import type { Tiers } from '../graph';
import type { Redactor } from '../secrets/redactor';

export async function assistAdvisor(runtime: FolderRuntime, redactor: Redactor): Promise<{ executor: Executor; model?: string }> {
  const config = vscode.workspace.getConfiguration('viban');
  // A broken .viban/settings.json must not silence Assist: the VS Code settings still decide.
  const file: HeadlessSettings = await loadHeadlessSettings(runtime.root, redactor).catch(() => ({}));
  const tierB = (config.get<Tiers>('tiers') ?? file.tiers)?.B;
  const explicit = config.get<string>('assist.executor') || file.assist?.executor;
  const executorId = explicit || tierB?.executor || config.get<string>('defaultExecutor') || file.executors?.default || 'claude-code';
  const executor = runtime.executors.get(executorId);
  if (!executor) {
    const known = runtime.executors.list().map((e) => e.id).join(', ');
    throw new Error(`Assist's code advisor "${executorId}" is not a known executor (known: ${known}). Set viban.assist.executor.`);
  }
  const model = config.get<string>('assist.model') || file.assist?.model || (explicit ? undefined : tierB?.model);
  return { executor, ...(model && { model }) };
}
