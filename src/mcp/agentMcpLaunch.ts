// Giving Viban's own agent runs the board server (setting viban.mcp.exposeToAgents, default on):
// for each run, `viban mcp` for this workspace, tagged with the run's session so the cards it
// creates say who made them. Which tools run without asking follows the run's permission mode.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { AgentMcpServer, PermissionMode } from '../executors/types';
import { SESSION_ENV } from '../process/reapSession';
import { MCP_SERVER_NAME } from './vibanMcpServer';

export const READ_ONLY_TOOLS = ['list_tasks', 'get_task', 'get_session', 'list_memory'] as const;
/** Changes only the board and memory under .viban/ (no code, no cost): as safe as an edit. */
export const BOARD_WRITE_TOOLS = ['create_task', 'update_task', 'move_task', 'link_tasks', 'unlink_tasks', 'propose_memory'] as const;

/**
 * ask and plan: reading is free, every change is the person's call (in headless runs, where
 * nobody can be asked, changes are refused). auto-edit: board changes too, but not start_run,
 * which spends money on another agent. full-auto: everything.
 */
export function allowedToolsFor(mode: PermissionMode | undefined): string[] {
  switch (mode ?? 'ask') {
    case 'ask':
    case 'plan':
      return [...READ_ONLY_TOOLS];
    case 'auto-edit':
      return [...READ_ONLY_TOOLS, ...BOARD_WRITE_TOOLS];
    case 'full-auto':
      return [...READ_ONLY_TOOLS, ...BOARD_WRITE_TOOLS, 'start_run'];
  }
}

export interface AgentMcpLaunchOptions {
  /** The workspace folder (its .viban/ is what the server serves, whatever the run's cwd). */
  root: string;
  /** A Node.js to run the `viban` command with, and extra environment it needs. */
  node: { command: string; env?: Record<string, string> };
  /** The bundled `viban` command (dist/cli.js). */
  cliScript: string;
}

export type AgentMcpProvider = (run: { sessionId: string; permissionMode?: PermissionMode }) => Promise<AgentMcpServer[] | undefined>;

export function agentMcpProvider(opts: AgentMcpLaunchOptions): AgentMcpProvider {
  return async (run) => [
    {
      name: MCP_SERVER_NAME,
      command: opts.node.command,
      args: [opts.cliScript, 'mcp', '--workspace', opts.root],
      env: { ...opts.node.env, [SESSION_ENV]: run.sessionId },
      allowedTools: allowedToolsFor(run.permissionMode),
    },
  ];
}

/**
 * A Node.js for the server: this process's own when it is Node (the `viban` command), else
 * `node` from PATH (agent CLIs are Node programs, so it is usually there), else this binary in
 * Node mode (VS Code's Electron with ELECTRON_RUN_AS_NODE).
 */
export function nodeForAgents(env: NodeJS.ProcessEnv = process.env, execPath = process.execPath): { command: string; env?: Record<string, string> } {
  if (/^node(\.exe)?$/i.test(path.basename(execPath))) return { command: execPath };
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of process.platform === 'win32' ? ['node.exe'] : ['node']) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return { command: candidate };
    }
  }
  return { command: execPath, env: { ELECTRON_RUN_AS_NODE: '1' } };
}
