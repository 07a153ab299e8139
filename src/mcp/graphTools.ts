// Dependencies between tasks: link_tasks makes a task wait for others, unlink_tasks drops such
// links. A link that would close a cycle is refused, naming the cycle ("A → B → C → A"), so the
// agent sees which link to drop. The rules are the graph's own (see graphLinks.ts).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import * as rules from '../board/boardRules';
import type { McpContext } from './mcpContext';
import { linkTasks, unlinkTasks } from './graphLinks';
import { registerTool } from './registerTool';
import { guarded, jsonResult } from './toolResult';
import { taskBrief } from './taskViews';

const taskId = z.string().min(1).max(100);
const others = z.array(taskId).min(1).max(100);

export function registerGraphTools(server: McpServer, ctx: McpContext): void {
  registerTool(
    server,
    'link_tasks',
    {
      title: 'Link tasks',
      description: 'Makes a task wait for other tasks (its prerequisites): it is not started before they are done. A link that would make a cycle is refused, and the error names the cycle.',
      inputSchema: { taskId: taskId.describe('The task that must wait'), blockedBy: others.describe('The tasks it waits for') },
    },
    (args) =>
      guarded(async () => {
        const board = await ctx.updateBoard((b, now) => linkTasks(b, args.taskId, args.blockedBy, now));
        return jsonResult({ linked: taskBrief(board, rules.requireTask(board, args.taskId)) });
      }),
  );

  registerTool(
    server,
    'unlink_tasks',
    {
      title: 'Unlink tasks',
      description: 'Stops a task from waiting for the given tasks.',
      inputSchema: { taskId, blockedBy: others.describe('The tasks it should no longer wait for') },
    },
    (args) =>
      guarded(async () => {
        const board = await ctx.updateBoard((b, now) => unlinkTasks(b, args.taskId, args.blockedBy, now));
        return jsonResult({ unlinked: taskBrief(board, rules.requireTask(board, args.taskId)) });
      }),
  );
}
