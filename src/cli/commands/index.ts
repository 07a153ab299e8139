import type { CommandSpec } from '../commandSpec';
import { acceptCommand } from './accept';
import { addCommand } from './add';
import { diffCommand } from './diff';
import { discardCommand } from './discard';
import { executorsCommand } from './executors';
import { listCommand } from './list';
import { remoteCommand } from './remote';
import { logCommand } from './log';
import { runCommand } from './run';
import { sendCommand } from './send';
import { sessionsCommand } from './sessions';
import { stopCommand } from './stop';
import { webhookCommand } from './webhook';

/** In the order the help lists them: the everyday flow first, then review, then the rest. */
export const COMMANDS: readonly CommandSpec[] = [
  addCommand,
  listCommand,
  runCommand,
  sendCommand,
  diffCommand,
  acceptCommand,
  discardCommand,
  stopCommand,
  logCommand,
  sessionsCommand,
  executorsCommand,
  remoteCommand,
  webhookCommand,
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
