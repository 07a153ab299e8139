// A CliCommand that runs an inline Node script: lets runner tests play any child-process
// behaviour (ignore SIGTERM, spawn grandchildren, die mid-line) without fixture binaries.
import type { CliCommand } from '../../src/executors/types';

export function nodeScript(script: string, extra: Partial<CliCommand> & { argv?: string[] } = {}): CliCommand {
  return {
    file: process.execPath,
    args: ['-e', script, '--', ...(extra.argv ?? [])],
    env: extra.env ?? { ...process.env },
    cwd: extra.cwd ?? process.cwd(),
    stdin: extra.stdin ?? 'ignore',
  };
}
