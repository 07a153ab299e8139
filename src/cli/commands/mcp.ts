// `viban mcp`: serve the workspace's board to an agent over the Model Context Protocol (stdio).
// Agents Viban launches get it configured for their run; a person adds it to their own agent
// with e.g. `claude mcp add viban -- npx viban mcp`.
import { promises as fs } from 'node:fs';
import { SESSION_ENV } from '../../process/reapSession';
import { serveStdio } from '../../mcp/serveStdio';
import type { CommandSpec } from '../commandSpec';
import { CliError, EXIT_OK } from '../errors';

export const mcpCommand: CommandSpec = {
  name: 'mcp',
  summary: "Serve the board to AI agents over MCP (stdio): tasks, dependencies, runs, sessions, memory",
  usage: ['mcp'],
  options: {},
  optionHelp: {},
  examples: ['claude mcp add viban -- npx viban mcp', 'codex mcp add viban -- npx viban mcp', 'viban mcp -w ~/projects/shop'],
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx) {
    const stat = await fs.stat(ctx.workspace).catch(() => undefined);
    if (!stat?.isDirectory()) throw new CliError(`the workspace folder ${ctx.workspace} does not exist (check --workspace)`);
    const sessionId = process.env[SESSION_ENV]?.trim() || undefined;
    await serveStdio(
      {
        root: ctx.workspace,
        redactor: ctx.io.redactor,
        sessionId,
        // Settings are read when a run is queued, so a broken settings.json only affects start_run.
        executors: {
          known: async () => (await ctx.registry()).list().map((e) => e.id),
          defaultId: () => ctx.defaultExecutorId(),
        },
      },
      { stdin: ctx.io.stdin, stdout: ctx.io.stdout, log: (line) => ctx.out.info(line) },
    );
    return EXIT_OK;
  },
};
