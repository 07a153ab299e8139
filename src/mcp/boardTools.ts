// Reading and shaping the board: list_tasks, get_task, create_task, update_task, move_task.
// Each write is one locked update of board.json through the board's own rules, so a card an
// agent makes is exactly what the board would make, and no other writer's change is lost.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import * as rules from '../board/boardRules';
import { newId } from '../store/ids';
import { AgentStatusSchema } from '../protocol/model';
import type { McpContext } from './mcpContext';
import { registerTool } from './registerTool';
import { guarded, jsonResult, toolError } from './toolResult';
import { boardBriefs, columnNames, findColumn, taskBrief, taskDetail } from './taskViews';

const taskId = z.string().min(1).max(100).describe('The task id, e.g. "t_k3j9x2m1qa" (see list_tasks)');
const column = z.string().min(1).max(200).describe('A column id or title, e.g. "todo" or "In Progress"');

export function registerBoardTools(server: McpServer, ctx: McpContext): void {
  registerTool(
    server,
    'list_tasks',
    {
      title: 'List tasks',
      description: 'The tasks on the Viban board, column by column: id, title, column, agent state, and the tasks each one is blocked by.',
      inputSchema: {
        column: column.optional().describe('Only this column (id or title)'),
        state: AgentStatusSchema.optional().describe('Only tasks whose agent is in this state'),
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      guarded(async () => {
        const board = await ctx.readBoard();
        let tasks = boardBriefs(board);
        if (args.column !== undefined) {
          const col = findColumn(board, args.column);
          if (!col) return toolError(`There is no column "${args.column}". Columns: ${columnNames(board)}.`);
          tasks = tasks.filter((t) => t.column === col.id);
        }
        if (args.state) tasks = tasks.filter((t) => t.state === args.state);
        return jsonResult({ columns: board.columns, tasks });
      }),
  );

  registerTool(
    server,
    'get_task',
    {
      title: 'Get a task',
      description: "One task in full: description, column, agent state, what it is blocked by and what it blocks, and how its last run ended (status, error, the agent's final answer, shortened).",
      inputSchema: { taskId },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      guarded(async () => {
        const board = await ctx.readBoard();
        const task = rules.requireTask(board, args.taskId);
        return jsonResult(taskDetail(board, task, await ctx.lastOutcome(task.lastSessionId)));
      }),
  );

  registerTool(
    server,
    'create_task',
    {
      title: 'Create a task',
      description:
        'Adds a card to the Viban board (default: the first column), e.g. a follow-up you found or a part of your task to split off. It is not run until someone starts it (or start_run queues it). Cards created during an agent run say which session created them.',
      inputSchema: {
        title: z.string().min(1).max(500).describe('Short imperative title, e.g. "Add tests for the CSV parser"'),
        description: z.string().max(20_000).optional().describe('What the agent who takes it should do, in detail, with acceptance criteria'),
        column: column.optional(),
      },
    },
    (args) =>
      guarded(async () => {
        const id = newId('t');
        const createdBy = ctx.sessionId ? { sessionId: ctx.sessionId } : undefined;
        const board = await ctx.updateBoard((b, now) => {
          const col = args.column === undefined ? b.columns[0] : findColumn(b, args.column);
          if (!col) throw new rules.BoardRuleError(`There is no column "${args.column}". Columns: ${columnNames(b)}.`);
          const next = rules.createTask(b, { id, title: args.title, description: args.description, columnId: col.id, now });
          return createdBy ? { ...next, tasks: next.tasks.map((t) => (t.id === id ? { ...t, createdBy } : t)) } : next;
        });
        const task = rules.requireTask(board, id);
        return jsonResult({ created: taskBrief(board, task) });
      }),
  );

  registerTool(
    server,
    'update_task',
    {
      title: 'Update a task',
      description: "Changes a task's title and/or description.",
      inputSchema: {
        taskId,
        title: z.string().min(1).max(500).optional(),
        description: z.string().max(20_000).optional(),
      },
    },
    (args) =>
      guarded(async () => {
        if (args.title === undefined && args.description === undefined) return toolError('Nothing to change: give a title, a description, or both.');
        const board = await ctx.updateBoard((b, now) => rules.updateTask(b, args.taskId, { title: args.title, description: args.description }, now));
        const task = rules.requireTask(board, args.taskId);
        return jsonResult({ updated: { ...taskBrief(board, task), description: task.description } });
      }),
  );

  registerTool(
    server,
    'move_task',
    {
      title: 'Move a task',
      description: 'Moves a task to a column (by id or title), at the end or at a 0-based position.',
      inputSchema: {
        taskId,
        column,
        position: z.number().int().min(0).optional().describe('0-based place in the column (default: the end)'),
      },
    },
    (args) =>
      guarded(async () => {
        const board = await ctx.updateBoard((b, now) => {
          const col = findColumn(b, args.column);
          if (!col) throw new rules.BoardRuleError(`There is no column "${args.column}". Columns: ${columnNames(b)}.`);
          rules.requireTask(b, args.taskId);
          return rules.moveTask(b, args.taskId, col.id, args.position ?? Number.MAX_SAFE_INTEGER, now);
        });
        return jsonResult({ moved: taskBrief(board, rules.requireTask(board, args.taskId)) });
      }),
  );
}
