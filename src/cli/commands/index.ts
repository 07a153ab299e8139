import type { CommandSpec } from '../commandSpec';
import { acceptCommand } from './accept';
import { addCommand } from './add';
import { assistCommand } from './assist';
import { deleteCommand } from './delete';
import { diffCommand } from './diff';
import { discardCommand } from './discard';
import { executorsCommand } from './executors';
import { linkCommand } from './link';
import { listCommand } from './list';
import { releaseCommand } from './release';
import { remoteCommand } from './remote';
import { logCommand } from './log';
import { mcpCommand } from './mcp';
import { memoryCommand } from './memory';
import { briefCommand } from './brief';
import { runCommand } from './run';
import { runAllCommand } from './runAll';
import { sendCommand } from './send';
import { sessionsCommand } from './sessions';
import { stopCommand } from './stop';
import { tierCommand } from './tier';
import { unlinkCommand } from './unlink';
import { workerCommand } from './worker';
import { workersCommand } from './workers';
import { moveCommand } from './move';
import { recipesCommand } from './recipes';
import { runsCommand } from './runs';
import { skillsCommand } from './skills';
import { webhookCommand } from './webhook';

/** In the order the help lists them: the everyday flow first, then review, then the rest. */
export const COMMANDS: readonly CommandSpec[] = [
  addCommand,
  listCommand,
  moveCommand,
  runCommand,
  runAllCommand,
  sendCommand,
  diffCommand,
  acceptCommand,
  discardCommand,
  stopCommand,
  deleteCommand,
  linkCommand,
  unlinkCommand,
  tierCommand,
  releaseCommand,
  logCommand,
  sessionsCommand,
  executorsCommand,
  memoryCommand,
  briefCommand,
  assistCommand,
  mcpCommand,
  workerCommand,
  workersCommand,
  recipesCommand,
  skillsCommand,
  runsCommand,
  remoteCommand,
  webhookCommand,
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
