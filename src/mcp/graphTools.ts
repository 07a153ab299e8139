// Dependencies between tasks: link_tasks / unlink_tasks. (Filled in once the graph model is on main.)
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpContext } from './mcpContext';

export function registerGraphTools(_server: McpServer, _ctx: McpContext): void {}
