// Runs: start_run puts a run on the durable queue (.viban/queue.json) for a worker — an open Viban
// window or a `viban worker` claims it — and returns at once; get_session reads how a run went.
// The server never runs an agent itself: an agent's tool call must not block on another agent.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import * as rules from '../board/boardRules';
import { PermissionModeSchema } from '../protocol/sessions';
import { JobQueue } from '../queue';
import { ANSWER_MAX_CHARS, shorten, type McpContext } from './mcpContext';
import { registerTool } from './registerTool';
import { guarded, jsonResult, toolError } from './toolResult';

export function registerRunTools(server: McpServer, ctx: McpContext): void {
  registerTool(
    server,
    'start_run',
    {
      title: 'Start a run',
      description:
        "Queues an agent run for a task; a Viban worker (an open Viban window, or `viban worker`) starts it when a slot is free. Returns the queued job at once — follow it with get_task. A task that already waits in the queue or runs is not queued twice.",
      inputSchema: {
        taskId: z.string().min(1).max(100),
        executor: z.string().min(1).max(100).optional().describe('Which agent runs it (e.g. "claude-code"); default: the workspace default'),
        mode: PermissionModeSchema.optional().describe('Permission mode for the run: ask, auto-edit, plan or full-auto'),
        model: z.string().min(1).max(200).optional(),
        prompt: z.string().min(1).max(20_000).optional().describe("What to tell the agent; default: the task's title and description"),
      },
    },
    (args) =>
      guarded(async () => {
        const board = await ctx.readBoard();
        const task = rules.requireTask(board, args.taskId);
        const running = ctx.sessionId ? await ctx.session(ctx.sessionId) : undefined;
        if (running?.taskId === task.id) return toolError(`"${task.title}" is the task this session is running; it cannot queue itself. Create a follow-up task instead.`);
        const known = await ctx.opts.executors.known();
        const executorId = args.executor ?? (await ctx.opts.executors.defaultId());
        if (!known.includes(executorId)) return toolError(`Unknown executor "${executorId}". Known: ${known.join(', ')}.`);
        const payload = {
          ...(args.prompt && { prompt: args.prompt }),
          ...(args.mode && { permissionMode: args.mode }),
          ...(args.model && { model: args.model }),
        };
        // Enqueue only: no runner here, no watcher; the queue file is the hand-off to the workers.
        const queue = await JobQueue.open({ root: ctx.root, watch: false, redactor: ctx.opts.redactor });
        try {
          const { job, duplicate } = await queue.enqueue({
            taskId: task.id,
            kind: 'run',
            executorId,
            payload,
            summary: (args.prompt ?? task.title).split('\n')[0],
            // Waiting and running jobs always count as duplicates; an ended one never does.
            dedupeKey: `mcp-run:${task.id}`,
            dedupeWindowMs: 0,
          });
          const position = queue.positionOf(job.id);
          return jsonResult({
            job: { id: job.id, taskId: job.taskId, executor: job.executorId, status: job.status, ...(position !== undefined && { position }) },
            duplicate,
            note: duplicate ? 'This task already waits in the queue or runs; nothing new was queued.' : 'Queued: a Viban worker starts it when a slot is free.',
          });
        } finally {
          await queue.dispose();
        }
      }),
  );

  registerTool(
    server,
    'get_session',
    {
      title: 'Get a session',
      description: "How an agent run went: status, agent, model, timing, cost, error, and the agent's final answer. Give a sessionId, or a taskId for that task's last run.",
      inputSchema: {
        sessionId: z.string().min(1).max(100).optional(),
        taskId: z.string().min(1).max(100).optional(),
      },
      annotations: { readOnlyHint: true },
    },
    (args) =>
      guarded(async () => {
        if (!args.sessionId === !args.taskId) return toolError('Give exactly one of sessionId or taskId.');
        let sessionId = args.sessionId;
        if (args.taskId) {
          const task = rules.requireTask(await ctx.readBoard(), args.taskId);
          if (!task.lastSessionId) return toolError(`"${task.title}" has not run yet: there is no session to show.`);
          sessionId = task.lastSessionId;
        }
        const meta = await ctx.session(sessionId!);
        if (!meta) return toolError(`There is no session "${sessionId}" in this workspace.`);
        const answer = await ctx.finalAnswer(meta);
        return jsonResult({
          session: {
            id: meta.id,
            taskId: meta.taskId,
            status: meta.status,
            executor: meta.executorId,
            ...(meta.model && { model: meta.model }),
            ...(meta.permissionMode && { mode: meta.permissionMode }),
            prompt: shorten(meta.prompt, 2000),
            createdAt: meta.createdAt,
            ...(meta.endedAt && { endedAt: meta.endedAt }),
            ...(meta.durationMs !== undefined && { durationMs: meta.durationMs }),
            ...(meta.costUsd !== undefined && { costUsd: meta.costUsd }),
            ...(meta.usage && { usage: meta.usage }),
            ...(meta.error && { error: meta.error }),
          },
          finalAnswer: shorten(answer, ANSWER_MAX_CHARS),
        });
      }),
  );
}
