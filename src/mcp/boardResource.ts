// The board as an MCP resource (viban://board): the same picture list_tasks gives, for clients
// that attach resources to a conversation instead of calling tools.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpContext } from './mcpContext';
import { boardBriefs } from './taskViews';

export const BOARD_RESOURCE_URI = 'viban://board';

export function registerBoardResource(server: McpServer, ctx: McpContext): void {
  server.registerResource(
    'board',
    BOARD_RESOURCE_URI,
    { title: 'Viban board', description: 'Columns and tasks of the Viban board, with agent states and dependencies', mimeType: 'application/json' },
    async (uri) => {
      const board = await ctx.readBoard();
      const text = JSON.stringify({ columns: board.columns, tasks: boardBriefs(board) }, null, 2);
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text }] };
    },
  );
}
