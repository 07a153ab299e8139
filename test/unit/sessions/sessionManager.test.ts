import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BoardService } from '../../../src/board/boardService';
import { ExecutorRegistry } from '../../../src/executors/registry';
import type { Executor, RunOutcome, RunRequest, RunSink } from '../../../src/executors/types';
import { SESSION_SCHEMA_VERSION } from '../../../src/protocol/sessions';
import { Redactor } from '../../../src/secrets/redactor';
import { SessionManager } from '../../../src/sessions/sessionManager';
import { SessionStore } from '../../../src/store/sessions/sessionStore';

/**
 * An in-process executor driven by a script: the session manager is under test here, not an
 * agent CLI (those have their own suites with the real binaries).
 */
class ScriptedExecutor implements Executor {
  readonly id = 'scripted';
  readonly label = 'Scripted Agent';
  readonly kind = 'api' as const;
  readonly capabilities = { streaming: true, resume: true, interactiveInput: true, approvals: true, cost: true };
  requests: RunRequest[] = [];
  liveMessages: string[] = [];
  private readonly waiting: Array<{ n: number; resolve: () => void }> = [];
  constructor(private readonly script: (req: RunRequest, sink: RunSink, signal: AbortSignal) => Promise<RunOutcome>) {}
  async detect() {
    return { installed: true, version: '1.0' };
  }
  /** Resolves once the manager has started this executor `n` times (the prompt is assembled first). */
  started(n: number): Promise<void> {
    return this.requests.length >= n ? Promise.resolve() : new Promise((resolve) => this.waiting.push({ n, resolve }));
  }
  run(req: RunRequest, sink: RunSink, signal: AbortSignal, input?: (l: { send(t: string): void }) => void) {
    this.requests.push(req);
    queueMicrotask(() => this.waiting.filter((w) => w.n <= this.requests.length).forEach((w) => w.resolve()));
    // As the Executor contract says: log the turns and decisions this executor delivers.
    sink.entry({ kind: 'user', id: `u-${this.requests.length}`, ts: ts(), text: req.prompt });
    input?.({ send: (t) => this.liveMessages.push(t) });
    const ask = sink.requestApproval.bind(sink);
    sink.requestApproval = async (q) => {
      const d = await ask(q);
      sink.entry({ kind: 'approval_response', id: `${q.requestId}-r`, ts: ts(), requestId: q.requestId, decision: d.behavior === 'deny' ? 'deny' : d.always ? 'allow_always' : 'allow', ...(d.behavior === 'deny' && d.message ? { message: d.message } : {}) });
      return d;
    };
    return this.script(req, sink, signal);
  }
}

const ts = () => new Date().toISOString();

describe('session manager', () => {
  let root: string;
  let board: BoardService;
  let manager: SessionManager;
  let store: SessionStore;
  let registry: ExecutorRegistry;
  let taskId: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'viban-sessions-'));
    board = new BoardService(root);
    await board.open();
    taskId = await board.createTask({ title: 'Add a --json flag', description: 'to the export command' });
    store = new SessionStore(root, new Redactor({ ANTHROPIC_API_KEY: 'sk-ant-test-SECRET-0123456789abcdef' }));
    registry = new ExecutorRegistry();
    manager = new SessionManager({ root, board, executors: registry, store });
  });

  afterEach(async () => {
    await manager.dispose();
    board.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('persists a run: metadata, an append-only log, the agent session id, and the card status', async () => {
    registry.register(new ScriptedExecutor(async (req, sink) => {
      sink.agentSessionId('agent-123');
      sink.entry({ kind: 'assistant', id: 'a1', ts: ts(), text: 'Looking at ', delta: true });
      sink.entry({ kind: 'assistant', id: 'a1', ts: ts(), text: 'the code.', delta: true });
      sink.entry({ kind: 'tool_use', id: 'u1', ts: ts(), toolUseId: 'u1', name: 'Bash', input: { command: 'npm test' } });
      sink.entry({ kind: 'tool_result', id: 'r1', ts: ts(), toolUseId: 'u1', output: 'ok', exitCode: 0 });
      sink.entry({ kind: 'result', id: 'res', ts: ts(), isError: false, costUsd: 0.0123 });
      return { status: 'succeeded', exitCode: 0, agentSessionId: 'agent-123', costUsd: 0.0123, numTurns: 2 };
    }));
    const seen: string[] = [];
    manager.on({ entries: (_id, es) => seen.push(...es.map((e) => e.kind)) });
    const meta = await manager.start({ taskId, executorId: 'scripted' });
    const done = await manager.wait(meta.id);

    assert.equal(done.status, 'succeeded');
    assert.equal(done.agentSessionId, 'agent-123');
    assert.equal(done.costUsd, 0.0123);
    assert.deepEqual(seen, ['user', 'assistant', 'assistant', 'tool_use', 'tool_result', 'result']);
    const lines = (await readFile(store.logFile(meta.id), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.seq), [0, 1, 2, 3, 4, 5]);
    assert.equal(lines[0].text, 'Add a --json flag\n\nto the export command');
    const onDisk = JSON.parse(await readFile(store.metaFile(meta.id), 'utf8'));
    assert.equal(onDisk.status, 'succeeded');
    assert.equal(onDisk.entryCount, 6);
    const task = board.current.board.tasks.find((t) => t.id === taskId)!;
    assert.equal(task.agentStatus, 'done');
    assert.equal(task.lastSessionId, meta.id);
    assert.equal(task.costUsd, 0.0123);
    const replay = [];
    for await (const e of store.readLog(meta.id, 3)) replay.push(e.kind);
    assert.deepEqual(replay, ['tool_use', 'tool_result', 'result']);
  });

  it('asks for approval, shows "waiting for you", and passes a denial reason to the agent', async () => {
    let decisionSeen: unknown;
    registry.register(new ScriptedExecutor(async (_req, sink) => {
      sink.entry({ kind: 'approval_request', id: 'q1', ts: ts(), requestId: 'q1', toolName: 'Write', input: { file_path: 'a.txt' } });
      decisionSeen = await sink.requestApproval({ requestId: 'q1', toolName: 'Write', input: { file_path: 'a.txt' } });
      return { status: 'succeeded', exitCode: 0 };
    }));
    const meta = await manager.start({ taskId, executorId: 'scripted', permissionMode: 'ask' });
    await waitFor(() => manager.approvals.pending().length === 1);
    await waitFor(() => manager.running[0]?.status === 'waiting_for_user');
    assert.equal((await store.get(meta.id))!.status, 'waiting_for_user');
    manager.answerApproval(meta.id, 'q1', { behavior: 'deny', message: 'not that file' });
    const done = await manager.wait(meta.id);
    assert.deepEqual(decisionSeen, { behavior: 'deny', message: 'not that file' });
    assert.equal(done.status, 'succeeded');
    const kinds = [];
    for await (const e of store.readLog(meta.id)) kinds.push(e.kind === 'approval_response' ? `${e.kind}:${e.decision}:${e.message}` : e.kind);
    assert.deepEqual(kinds, ['user', 'approval_request', 'approval_response:deny:not that file']);
  });

  it('remembers "allow for the rest of the session" for the same tool', async () => {
    const decisions: unknown[] = [];
    registry.register(new ScriptedExecutor(async (_req, sink) => {
      decisions.push(await sink.requestApproval({ requestId: 'q1', toolName: 'Bash', input: { command: 'ls' } }));
      decisions.push(await sink.requestApproval({ requestId: 'q2', toolName: 'Bash', input: { command: 'pwd' } }));
      return { status: 'succeeded' };
    }));
    const meta = await manager.start({ taskId, executorId: 'scripted' });
    await waitFor(() => manager.approvals.pending().length === 1);
    manager.answerApproval(meta.id, 'q1', { behavior: 'allow', always: true });
    await manager.wait(meta.id);
    assert.deepEqual(decisions, [{ behavior: 'allow', always: true }, { behavior: 'allow', always: true }]);
  });

  it('stops a run on request and marks it stopped, not failed', async () => {
    const exec = new ScriptedExecutor((_req, _sink, signal) =>
      new Promise((resolve) => signal.addEventListener('abort', () => resolve({ status: 'stopped', exitCode: null }))),
    );
    registry.register(exec);
    const meta = await manager.start({ taskId, executorId: 'scripted' });
    await exec.started(1);
    const stopped = await manager.stop(meta.id);
    assert.equal(stopped.status, 'stopped');
    assert.equal(board.current.board.tasks[0].agentStatus, 'idle');
  });

  it('a stop that arrives while the prompt is still being put together never starts the agent', async () => {
    // CI once hung here: the stop came before the agent's run began, and the abort was never seen.
    let context!: (text: string) => void;
    const slow = new SessionManager({ root, board, executors: registry, store, projectContext: () => new Promise<string>((r) => (context = r)) });
    const exec = new ScriptedExecutor(async () => ({ status: 'succeeded', exitCode: 0 }));
    registry.register(exec);
    try {
      const meta = await slow.start({ taskId, executorId: 'scripted' });
      const stopping = slow.stop(meta.id);
      context('README: a project');
      const stopped = await stopping;
      assert.equal(stopped.status, 'stopped');
      assert.equal(exec.requests.length, 0, 'the agent was never started');
      assert.equal(board.current.board.tasks[0].agentStatus, 'idle');
    } finally {
      await slow.dispose();
    }
  });

  it('follows up: into the live process when it takes input, else by resuming the agent session', async () => {
    let release!: () => void;
    const exec = new ScriptedExecutor(async (req, sink) => {
      sink.agentSessionId('agent-xyz');
      if (!req.resumeSessionId) await new Promise<void>((r) => (release = r));
      return { status: 'succeeded', agentSessionId: 'agent-xyz' };
    });
    registry.register(exec);
    const first = await manager.start({ taskId, executorId: 'scripted' });
    await exec.started(1); // the agent's process is up and takes input
    await manager.followUp(taskId, 'also add tests');
    assert.deepEqual(exec.liveMessages, ['also add tests']);
    release();
    await manager.wait(first.id);
    const second = await manager.followUp(taskId, 'now update the docs');
    await manager.wait(second.id);
    assert.equal(exec.requests[1].resumeSessionId, 'agent-xyz');
    assert.equal(exec.requests[1].prompt, 'now update the docs');
    assert.equal(second.resumedFrom, first.id);
  });

  it('records a failure with its reason on the session and the card', async () => {
    registry.register(new ScriptedExecutor(async () => ({ status: 'failed', exitCode: 1, error: 'Claude Code is not logged in' })));
    const meta = await manager.start({ taskId, executorId: 'scripted' });
    const done = await manager.wait(meta.id);
    assert.equal(done.status, 'failed');
    assert.equal(done.error, 'Claude Code is not logged in');
    assert.equal(board.current.board.tasks[0].agentStatus, 'error');
    assert.equal(board.current.board.tasks[0].agentStatusMessage, 'Claude Code is not logged in');
  });

  it('moves the card along the column flow: In Progress when it starts, In Review when it succeeds; a failure stays', async () => {
    const flowing = new SessionManager({ root, board, executors: registry, store, flow: () => ({ runStarted: 'in-progress', runSucceeded: 'in-review' }) });
    let fail = false;
    let release!: () => void;
    const exec = new ScriptedExecutor(async () => {
      await new Promise<void>((r) => (release = r));
      return fail ? { status: 'failed', error: 'boom' } : { status: 'succeeded' };
    });
    registry.register(exec);
    const column = () => board.current.board.tasks.find((t) => t.id === taskId)!.columnId;
    const first = await flowing.start({ taskId, executorId: 'scripted' });
    assert.equal(column(), 'in-progress');
    await exec.started(1);
    release();
    await flowing.wait(first.id);
    assert.equal(column(), 'in-review');
    await board.moveTask(taskId, 'todo', 0); // the user can still move it by hand
    fail = true;
    const second = await flowing.start({ taskId, executorId: 'scripted' });
    await exec.started(2);
    release();
    await flowing.wait(second.id);
    assert.equal(column(), 'in-progress', 'a failed run leaves the card where the run put it');
    await flowing.dispose();
  });

  it('stops a run that exceeds its overall timeout and fails it with "timed out after …"', async () => {
    registry.register(new ScriptedExecutor((_req, _sink, signal) =>
      new Promise((resolve) => signal.addEventListener('abort', () => resolve({ status: 'stopped', exitCode: null }))),
    ));
    const meta = await manager.start({ taskId, executorId: 'scripted', timeoutMs: 150 });
    const done = await manager.wait(meta.id);
    assert.equal(done.status, 'failed');
    assert.equal(done.error, 'Scripted Agent timed out after 150 ms and was stopped.');
    assert.equal(board.current.board.tasks[0].agentStatus, 'error');
  });

  it('marks sessions left running by a dead owner as interrupted and reaps what its agent left', async () => {
    await store.save({
      schemaVersion: SESSION_SCHEMA_VERSION, id: 's_orphan', taskId, executorId: 'claude-code', executorLabel: 'Claude Code',
      status: 'running', prompt: 'x', cwd: root, ownerPid: 999_999_1, pid: 4242, createdAt: ts(), entryCount: 0,
    });
    await board.patchTaskAgent(taskId, { agentStatus: 'executing', lastSessionId: 's_orphan' });
    const reaped: Array<[string, number | undefined]> = [];
    const recovered = await manager.recover((pid) => pid === 4242, async (id, pgid) => void reaped.push([id, pgid]));
    assert.deepEqual(recovered.map((m) => m.status), ['interrupted']);
    // Reaped whether or not its recorded leader still runs (its group may outlive it).
    assert.deepEqual(reaped, [['s_orphan', 4242]]);
    assert.equal((await store.get('s_orphan'))!.status, 'interrupted');
    assert.equal(board.current.board.tasks[0].agentStatus, 'error');
  });

  it('never writes a known secret or a key-shaped string to the log', async () => {
    const secret = 'sk-ant-test-SECRET-0123456789abcdef';
    registry.register(new ScriptedExecutor(async (_r, sink) => {
      sink.entry({ kind: 'tool_result', id: 'r', ts: ts(), toolUseId: 'u', output: `env: ANTHROPIC_API_KEY=${secret} and sk-proj-abcdefghijklmnopqrstuvwxyz123456` });
      return { status: 'failed', error: `401 for key ${secret}` };
    }));
    const meta = await manager.start({ taskId, executorId: 'scripted' });
    await manager.wait(meta.id);
    const files = await readdir(store.dir);
    for (const f of files) {
      const text = await readFile(join(store.dir, f), 'utf8');
      assert.equal(text.includes(secret), false, `${f} leaks the key`);
      assert.equal(text.includes('sk-proj-abcdefghijklmnopqrstuvwxyz123456'), false, `${f} leaks a key-shaped string`);
    }
    assert.match(await readFile(store.logFile(meta.id), 'utf8'), /\[REDACTED\]/);
  });
});

async function waitFor(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
