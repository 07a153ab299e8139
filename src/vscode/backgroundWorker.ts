// `viban.worker.mode: background`: runs belong to a detached `viban worker` for the workspace,
// so they survive a window reload or close. The window starts one when work is queued and none
// is alive (or reuses the live one), with the extension's own Node (Electron as Node), and hands
// it the editor's executor settings and API keys through its environment, never through a file.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EDITOR_EXECUTORS_ENV } from '../cli/editorExecutors';
import { workersDir } from '../store/workers/workerRecord';
import { workersOverview } from '../workers/workersOverview';
import type { ApiKeys } from './apiKeys';
import { Logger } from './logger';

export type WorkerMode = 'background' | 'window';

export function workerMode(): WorkerMode {
  return vscode.workspace.getConfiguration('viban.worker').get<WorkerMode>('mode', 'background') === 'window' ? 'window' : 'background';
}

function idleExitMs(): number {
  const minutes = vscode.workspace.getConfiguration('viban.worker').get<number>('idleExitMinutes', 10);
  return Math.max(1, minutes) * 60_000;
}

export class BackgroundWorkers {
  private readonly starting = new Map<string, Promise<void>>();
  private readonly log = new Logger('worker');

  constructor(
    private readonly extensionPath: string,
    private readonly keys?: ApiKeys,
  ) {}

  /** Starts a worker for `root` unless a live one runs there (or one is starting). */
  ensure(root: string): Promise<void> {
    let pending = this.starting.get(root);
    if (!pending) {
      pending = this.startIfNone(root).finally(() => this.starting.delete(root));
      this.starting.set(root, pending);
    }
    return pending;
  }

  private async startIfNone(root: string): Promise<void> {
    if ((await workersOverview(root)).live > 0) return;
    await this.start(root);
  }

  /** Always starts one more worker (the quick pick's "Start worker"). */
  async start(root: string): Promise<void> {
    mkdirSync(workersDir(root), { recursive: true });
    // Its output goes to a log beside the registrations (local, git-ignored with .viban's locals).
    const logFile = path.join(workersDir(root), 'background.log');
    const out = openSync(logFile, 'a');
    try {
      const child = spawn(process.execPath, [path.join(this.extensionPath, 'dist', 'cli.js'), 'worker', '-w', root, '--idle-exit-ms', String(idleExitMs())], {
        cwd: root,
        detached: true,
        stdio: ['ignore', out, out],
        env: { ...process.env, ...(await this.workerEnv()), ELECTRON_RUN_AS_NODE: '1' },
      });
      child.on('error', (err) => this.log.error(`could not start a background worker for ${root}`, err));
      child.unref();
      this.log.info(`started a background worker (pid ${child.pid}) for ${root}; its output: ${logFile}`);
    } finally {
      closeSync(out);
    }
    await this.waitForRegistration(root);
  }

  private async waitForRegistration(root: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if ((await workersOverview(root)).live > 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    const message = `The background worker for ${root} did not register within 10 s; its output is in ${path.join(workersDir(root), 'background.log')}`;
    this.log.warn(message);
    throw new Error(message);
  }

  private async workerEnv(): Promise<Record<string, string>> {
    const c = vscode.workspace.getConfiguration('viban');
    const editor = {
      paths: c.get<Record<string, string>>('executors.paths', {}),
      custom: c.get<unknown[]>('executors.custom', []),
      idleTimeoutMinutes: c.get<number>('idleTimeoutMinutes') || undefined,
      // Runs in the worker move cards as this window's runs would.
      columnFlow: c.get<{ runStarted?: string; runSucceeded?: string; accepted?: string }>('columnFlow', {}),
      // Its agents get `viban mcp` exactly when this window's would (the setting, never in Restricted Mode).
      mcp: { exposeToAgents: vscode.workspace.isTrusted && c.get<boolean>('mcp.exposeToAgents', true) },
    };
    const env: Record<string, string> = { [EDITOR_EXECUTORS_ENV]: JSON.stringify(editor) };
    for (const [provider, name] of [['anthropic', 'ANTHROPIC_API_KEY'], ['openai', 'OPENAI_API_KEY']] as const) {
      const key = await this.keys?.get(provider).catch(() => undefined);
      if (key && !process.env[name]) env[name] = key;
    }
    return env;
  }
}
