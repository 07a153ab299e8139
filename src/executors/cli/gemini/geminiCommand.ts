// The `gemini` command line for one run. Values use the `--flag=value` form so a prompt or id
// that starts with "-" is never read as a flag; stdin is /dev/null because `-p` appends whatever
// arrives on stdin to the prompt.
import type { CliCommand, PermissionMode, RunRequest } from '../../types';

export type GeminiApprovalMode = 'default' | 'auto_edit' | 'yolo' | 'plan';

/**
 * In headless mode a tool that would ask is not offered to the model at all (0.61: with
 * `default` the request lists only read-only tools), so 'ask' means read/search only — there are
 * no approval cards for Gemini CLI.
 */
export function geminiApprovalMode(mode: PermissionMode | undefined): GeminiApprovalMode {
  switch (mode ?? 'ask') {
    case 'plan':
      return 'plan';
    case 'ask':
      return 'default';
    case 'auto-edit':
      return 'auto_edit';
    case 'full-auto':
      return 'yolo';
  }
}

export function buildGeminiArgs(request: RunRequest): string[] {
  const args = [`--prompt=${request.prompt}`, '--output-format=stream-json'];
  if (request.model) args.push(`--model=${request.model}`);
  if (request.resumeSessionId) args.push(`--resume=${request.resumeSessionId}`);
  args.push(`--approval-mode=${geminiApprovalMode(request.permissionMode)}`);
  return args;
}

export function buildGeminiCommand(request: RunRequest, executablePath: string): CliCommand {
  return {
    file: executablePath,
    args: buildGeminiArgs(request),
    // Viban only runs agents in a VS Code-trusted workspace; without this Gemini CLI's own folder
    // trust makes every headless run exit 55 until the user trusts the folder interactively.
    // An env var rather than `--skip-trust`: older versions ignore it instead of failing.
    env: { ...process.env, GEMINI_CLI_TRUST_WORKSPACE: 'true', ...request.env },
    cwd: request.cwd,
    stdin: 'ignore',
  };
}
