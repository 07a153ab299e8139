import type { CommandSpec } from '../commandSpec';
import { addCommand } from './add';
import { executorsCommand } from './executors';
import { listCommand } from './list';
import { logCommand } from './log';
import { runCommand } from './run';
import { sendCommand } from './send';
import { sessionsCommand } from './sessions';
import { stopCommand } from './stop';

/** In the order the help lists them: the everyday flow first. */
export const COMMANDS: readonly CommandSpec[] = [addCommand, listCommand, runCommand, sendCommand, stopCommand, logCommand, sessionsCommand, executorsCommand];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
