// The `opencode run --format json` command line for one run. The message goes after `--` so a
// prompt starting with "-" is never read as a flag.
//
// Quirk (1.18): `run` joins its message arguments and wraps each one that contains a space in
// double quotes, escaping inner quotes — the model sees `"fix the \"foo\" test"`. Splitting the
// prompt on spaces would avoid that, but yargs turns a bare number token into a Number and
// `run` then crashes; the prompt on stdin arrives byte-for-byte, but OpenCode reads stdin to EOF
// before starting, which needs an executor that closes stdin right after writing it. So: one
// argument, meaning intact, quoting visible.
import type { CliCommand, PermissionMode, RunRequest } from '../../types';
import { opencodeMcpEnv } from '../mcpArgs';

/**
 * Headless runs auto-reject every permission OpenCode would ask for, so there are no approval
 * cards: 'ask' keeps the user's own OpenCode permission rules (its defaults allow edits and
 * commands); 'auto-edit' allows edits and rejects commands; 'plan' uses the built-in read-only
 * `plan` agent; 'full-auto' approves everything not explicitly denied (`--auto`).
 */
export function opencodePermission(mode: PermissionMode | undefined): { args: string[]; env: Record<string, string> } {
  switch (mode ?? 'ask') {
    case 'plan':
      return { args: ['--agent', 'plan'], env: {} };
    case 'ask':
      return { args: [], env: {} };
    case 'auto-edit':
      return { args: [], env: { OPENCODE_PERMISSION: JSON.stringify({ edit: 'allow', bash: 'ask' }) } };
    case 'full-auto':
      return { args: ['--auto'], env: {} };
  }
}

export function buildOpencodeArgs(request: RunRequest): string[] {
  // --thinking: reasoning parts are only printed with it.
  const args = ['run', '--format', 'json', '--thinking'];
  if (request.model) args.push('-m', request.model);
  if (request.resumeSessionId) args.push(`--session=${request.resumeSessionId}`);
  args.push(...opencodePermission(request.permissionMode).args, '--', request.prompt);
  return args;
}

export function buildOpencodeCommand(request: RunRequest, executablePath: string): CliCommand {
  return {
    file: executablePath,
    args: buildOpencodeArgs(request),
    // OpenCode takes its project folder from $PWD, not from the process's working directory
    // (1.18: with an inherited PWD it opened the parent's folder), so PWD must match cwd.
    env: {
      ...process.env,
      ...opencodePermission(request.permissionMode).env,
      ...request.env,
      // After request.env: an inherited inline config is merged into ours, not lost, and not winning over it.
      ...opencodeMcpEnv(request.mcpServers, request.env?.OPENCODE_CONFIG_CONTENT ?? process.env.OPENCODE_CONFIG_CONTENT),
      PWD: request.cwd,
    },
    cwd: request.cwd,
    stdin: 'ignore',
  };
}
