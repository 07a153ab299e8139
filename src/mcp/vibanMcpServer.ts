// `viban mcp`: the workspace's board as a Model Context Protocol server (the official SDK's
// McpServer), so agents — Viban's own and the ones a person runs by hand — can read the plan
// they are part of and shape it: file a follow-up, split a task, link prerequisites, queue a
// run, remember a decision. Small composable tools with zod inputs, errors as tool results.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { version } from '../../package.json';
import { registerBoardResource } from './boardResource';
import { registerBoardTools } from './boardTools';
import { registerGraphTools } from './graphTools';
import { McpContext, type McpServerOptions } from './mcpContext';
import { registerMemoryTools } from './memoryTools';
import { registerRunTools } from './runTools';

export const MCP_SERVER_NAME = 'viban';

const INSTRUCTIONS = [
  "Viban's task board for this workspace. Use list_tasks / get_task to see the plan you are part of;",
  'create_task to file a follow-up or split work off (it is not run until started); link_tasks when one task must wait for another;',
  'start_run to queue a run for a worker; get_session to read how a run went; list_memory / propose_memory for project decisions.',
].join(' ');

export function createVibanMcpServer(opts: McpServerOptions): { server: McpServer; context: McpContext } {
  const context = new McpContext(opts);
  const server = new McpServer({ name: MCP_SERVER_NAME, version }, { instructions: INSTRUCTIONS });
  registerBoardTools(server, context);
  registerGraphTools(server, context);
  registerRunTools(server, context);
  registerMemoryTools(server, context);
  registerBoardResource(server, context);
  return { server, context };
}
