// Session fixtures: executors, run config, session metadata and log entries, plus helpers that
// open a task's detail and feed it the host's session messages.
import type { LogEntry } from '../../../src/protocol/logEntries';
import type { ExecutorInfo, RunConfig, ToWebview } from '../../../src/protocol/messages';
import type { SessionMeta } from '../../../src/protocol/sessions';
import { $, $$, card, click, mountApp, snapshot, type Mounted } from '../harness';

const caps = { streaming: true, resume: true, interactiveInput: true, approvals: true, cost: true };

export const claude: ExecutorInfo = {
  id: 'claude-code',
  label: 'Claude Code',
  kind: 'cli',
  capabilities: caps,
  installed: true,
  version: '2.0.1',
  loggedIn: true,
  models: ['sonnet', 'opus', 'haiku'],
  interactive: true,
};
export const codexMissing: ExecutorInfo = {
  id: 'codex',
  label: 'Codex',
  kind: 'cli',
  capabilities: caps,
  installed: false,
  reason: '`codex` not found on PATH — install @openai/codex',
  models: ['gpt-5-codex'],
  interactive: true,
};
export const gemini: ExecutorInfo = { ...claude, id: 'gemini', label: 'Gemini CLI', version: '0.9.0', models: ['gemini-2.5-pro', 'gemini-2.5-flash'] };

export function runConfig(over: Partial<RunConfig> = {}): RunConfig {
  return { defaultPermissionMode: 'ask', skipConfirmation: [], workspaceFolder: '/work/app', runningAsRoot: false, defaultIsolation: 'workspace', ...over };
}

export const executorsMessage = (executors: ExecutorInfo[] = [claude, codexMissing, gemini], config: Partial<RunConfig> = {}): ToWebview => ({
  type: 'executors',
  executors,
  runConfig: runConfig(config),
});

export function meta(over: Partial<SessionMeta> & { id: string }): SessionMeta {
  return {
    schemaVersion: 1,
    taskId: 't1',
    executorId: 'claude-code',
    executorLabel: 'Claude Code',
    status: 'running',
    prompt: 'Write parser',
    cwd: '/work/app',
    createdAt: '2025-01-01T10:00:00.000Z',
    startedAt: '2025-01-01T10:00:00.000Z',
    entryCount: 0,
    ...over,
  };
}

const ts = '2025-01-01T10:00:01.000Z';
export const e = <T extends Record<string, unknown> & { kind: LogEntry['kind']; id: string }>(entry: T, seq?: number): LogEntry =>
  ({ ts, ...(seq !== undefined && { seq }), ...entry }) as unknown as LogEntry;

/** Mount the app, open task t1's detail, and give it executors (as the host does after ready). */
export async function openTask(options: { trusted?: boolean; executors?: ToWebview; taskId?: string } = {}): Promise<Mounted> {
  const m = await mountApp(snapshot({ trusted: options.trusted ?? true }));
  await m.send(options.executors ?? executorsMessage());
  await click(card(m.root, options.taskId ?? 't1'));
  return m;
}

/** The host's answer to watchTask + openSession: the sessions list, then the log tail. */
export async function showSession(m: Mounted, sessions: SessionMeta[], entries: LogEntry[], hasOlder = false): Promise<void> {
  await m.send({ type: 'sessions', taskId: sessions[0]?.taskId ?? 't1', sessions });
  const open = m.host.last('openSession');
  await m.send({ type: 'sessionLog', sessionId: open.sessionId, entries, mode: 'reset', hasOlder });
}

export const rows = (root: ParentNode) => $$(root, '.vlist-row');
export const logList = (root: ParentNode) => $(root, '.vlist');
export const rowTexts = (root: ParentNode) => rows(root).map((r) => r.textContent ?? '');
