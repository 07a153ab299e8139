// The `claude` command line for one run. The prompt never goes on argv: it is the first
// stream-json user line on stdin, so follow-ups reach the same process (see claudeStdin.ts).
import type { CliCommand, PermissionMode, RunRequest } from '../../types';
import { claudeMcpArgs } from '../mcpArgs';

/** Flags for each user-facing permission choice. */
export function claudePermissionArgs(mode: PermissionMode | undefined): string[] {
  // `--permission-prompt-tool stdio` turns the CLI's own permission prompts into control_requests
  // on stdout (approval cards). Without it a headless run silently denies what it would ask.
  const ask = ['--permission-prompt-tool', 'stdio'];
  switch (mode ?? 'ask') {
    case 'ask':
      return ask;
    case 'auto-edit':
      return ['--permission-mode', 'acceptEdits', ...ask];
    case 'plan':
      return ['--permission-mode', 'plan', ...ask];
    case 'full-auto':
      // Refused by the CLI when running as root (handled in claudeErrors.ts).
      return ['--permission-mode', 'bypassPermissions'];
  }
}

export function buildClaudeArgs(request: RunRequest): string[] {
  const args = [
    '-p',
    '--output-format', 'stream-json',
    '--verbose', // stream-json in print mode exits 1 without it
    '--include-partial-messages', // token deltas as stream_event lines
    '--input-format', 'stream-json',
    '--replay-user-messages', // echo each user turn when consumed: tells us a follow-up was taken
  ];
  // `=` form: an id can never be mistaken for a flag.
  if (request.resumeSessionId) args.push(`--resume=${request.resumeSessionId}`);
  if (request.model) args.push('--model', request.model);
  if (request.maxTurns !== undefined) args.push('--max-turns', String(request.maxTurns));
  args.push(...claudeMcpArgs(request.mcpServers));
  args.push(...claudePermissionArgs(request.permissionMode));
  return args;
}

export function buildClaudeCommand(request: RunRequest, executablePath: string): CliCommand {
  return {
    file: executablePath,
    args: buildClaudeArgs(request),
    env: { ...process.env, ...request.env },
    cwd: request.cwd,
    stdin: 'pipe',
  };
}
