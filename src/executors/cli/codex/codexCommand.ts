// The `codex exec --json` command line for one run. Codex reads stdin whenever it is not a
// terminal ("Reading additional input from stdin…"), so stdin is always /dev/null and the prompt
// goes on argv, after `--` so a prompt that starts with "-" is never read as a flag.
import type { CliCommand, PermissionMode, RunRequest } from '../../types';
import { codexMcpArgs } from '../mcpArgs';

export type CodexSandbox = 'read-only' | 'workspace-write' | 'danger-full-access';

/**
 * `codex exec` never prompts: approvals are a sandbox choice, so 'ask' cannot produce approval
 * cards (capabilities.approvals = false) and behaves like 'auto-edit' — edits inside the
 * workspace, no network, nothing outside it.
 */
export function codexSandbox(mode: PermissionMode | undefined): CodexSandbox {
  switch (mode ?? 'ask') {
    case 'plan':
      return 'read-only';
    case 'ask':
    case 'auto-edit':
      return 'workspace-write';
    case 'full-auto':
      return 'danger-full-access';
  }
}

export function buildCodexArgs(request: RunRequest): string[] {
  // Codex refuses folders outside a git repo without this flag. The user already chose this
  // folder in a trusted workspace, and a headless run has no way to answer the refusal.
  const args = ['exec', '--json', '--skip-git-repo-check'];
  if (request.model) args.push('-m', request.model);
  args.push(...codexMcpArgs(request.mcpServers));
  // `exec resume` accepts neither -s nor -C, and a resumed thread does not remember them: they
  // go before the subcommand, where `exec` takes them for both (tried with codex 0.169).
  args.push('-s', codexSandbox(request.permissionMode), '-C', request.cwd);
  if (request.resumeSessionId) args.push('resume', '--', request.resumeSessionId, request.prompt);
  else args.push('--', request.prompt);
  return args;
}

export function buildCodexCommand(request: RunRequest, executablePath: string): CliCommand {
  return {
    file: executablePath,
    args: buildCodexArgs(request),
    env: { ...process.env, ...request.env },
    cwd: request.cwd,
    stdin: 'ignore',
  };
}
