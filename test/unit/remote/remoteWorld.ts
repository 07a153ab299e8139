// A repository "on GitHub" for the remote tests: a bare repository standing in for the GitHub
// remote (reached through git's url.<path>.insteadOf, so `origin` keeps its github.com URL and
// owner/repo is read from it as in real life), a clone with a board and a task, the REST API
// stand-in, and a RemoteRunner wired to all three.
import { zipSync } from 'fflate';
import * as path from 'node:path';
import { BoardService } from '../../../src/board/boardService';
import { BoardStore } from '../../../src/store/boardStore';
import { Redactor } from '../../../src/secrets/redactor';
import { GitHubApi } from '../../../src/remote/githubApi';
import { RemoteRunner } from '../../../src/remote/remoteRunner';
import type { RemoteRun } from '../../../src/store/remote/remoteRunStore';
import { SESSION_SCHEMA_VERSION, type SessionMeta } from '../../../src/protocol/sessions';
import { GitHubStandIn, type StandInOptions } from '../../support/githubStandIn';
import { git, initRepo, makeSandbox, removeSandbox, write } from '../git/gitFixtures';

export const TOKEN = 'ghp_standin_token_full';
export const GITHUB_URL = 'https://github.com/acme/widgets.git';

export interface RemoteWorld {
  sandbox: string;
  bare: string;
  work: string;
  board: BoardService;
  standIn: GitHubStandIn;
  runner: RemoteRunner;
  taskId: string;
  api: () => GitHubApi;
  dispose(): Promise<void>;
}

export async function remoteWorld(opts: { standIn?: StandInOptions; token?: string; timeoutMinutes?: number } = {}): Promise<RemoteWorld> {
  const sandbox = makeSandbox();
  const bare = path.join(sandbox, 'widgets.git');
  git(sandbox, 'init', '-q', '--bare', '-b', 'main', bare);
  const work = initRepo(path.join(sandbox, 'work'), { 'README.md': '# widgets\n', 'src/app.js': 'console.log("hi");\n' });
  git(work, 'remote', 'add', 'origin', GITHUB_URL);
  git(work, 'config', `url.${bare}.insteadOf`, GITHUB_URL);
  git(work, 'push', '-q', 'origin', 'main');
  const standIn = new GitHubStandIn(opts.standIn);
  await standIn.start();
  const board = new BoardService(work, new BoardStore({ root: work }));
  await board.open();
  const taskId = await board.createTask({ title: 'Add a greeting', description: 'Write greeting.txt saying hello' });
  let client: GitHubApi | undefined;
  const api = () => (client ??= new GitHubApi({ owner: 'acme', repo: 'widgets', baseUrl: standIn.origin, token: opts.token ?? TOKEN, tokenSource: 'GITHUB_TOKEN' }));
  const runner = new RemoteRunner({
    root: work,
    board,
    redactor: new Redactor({}),
    api: async () => api(),
    flow: () => ({ runStarted: 'in-progress', runSucceeded: 'in-review' }),
    timeoutMinutes: opts.timeoutMinutes,
  });
  return {
    sandbox,
    bare,
    work,
    board,
    standIn,
    runner,
    taskId,
    api,
    dispose: async () => {
      board.dispose();
      await standIn.stop();
      removeSandbox(sandbox);
    },
  };
}

/** Waits for a run record to satisfy `test` (the follower moves it on in the background). */
export async function waitForRun(world: RemoteWorld, id: string, test: (r: RemoteRun) => boolean, what: string, limitMs = 20_000): Promise<RemoteRun> {
  const until = Date.now() + limitMs;
  for (;;) {
    const r = await world.runner.store.get(id);
    if (r && test(r)) return r;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}; last: ${JSON.stringify(r)}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

/** Pushes a branch with one new file to the bare repository, as the runner's job would. */
export function pushBranch(world: RemoteWorld, branch: string, file: string, content: string): void {
  const clone = path.join(world.sandbox, `runner-${Date.now()}`);
  git(world.sandbox, 'clone', '-q', world.bare, clone);
  git(clone, 'config', 'user.name', 'runner');
  git(clone, 'config', 'user.email', 'runner@viban.invalid');
  git(clone, 'checkout', '-q', '-b', branch);
  write(clone, file, content);
  git(clone, 'add', '-A');
  git(clone, 'commit', '-q', '-m', 'agent work');
  git(clone, 'push', '-q', 'origin', branch);
}

/** The artifact a run uploads: a finished session of the runner's task, and result.json. */
export function sessionArtifact(correlationId: string, taskId: string, extra: { branch?: string; prUrl?: string; status?: SessionMeta['status'] } = {}): Uint8Array {
  const meta: SessionMeta = {
    schemaVersion: SESSION_SCHEMA_VERSION,
    id: 's_runner0001',
    taskId: 't_runnertask',
    executorId: 'claude-code',
    executorLabel: 'Claude Code',
    status: extra.status ?? 'succeeded',
    prompt: 'Add a greeting\n\nWrite greeting.txt saying hello',
    cwd: '/home/runner/work/widgets/widgets',
    ownerPid: 4242,
    costUsd: 0.0123,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:00:09.000Z',
    entryCount: 3,
  };
  const log = [
    { kind: 'user', id: 'u1', seq: 0, ts: meta.createdAt, text: meta.prompt },
    { kind: 'assistant', id: 'a1', seq: 1, ts: meta.createdAt, text: 'I wrote greeting.txt.' },
    { kind: 'result', id: 'r1', seq: 2, ts: meta.endedAt, isError: false, costUsd: 0.0123 },
  ]
    .map((e) => JSON.stringify(e))
    .join('\n');
  const result = { schemaVersion: 1, correlationId, taskId, runnerTaskId: 't_runnertask', sessionId: meta.id, executor: 'claude-code', agentOutcome: 'success', branch: extra.branch, prUrl: extra.prUrl };
  const enc = (s: string) => new TextEncoder().encode(s);
  return zipSync({ 'sessions/s_runner0001.json': enc(JSON.stringify(meta)), 'sessions/s_runner0001.jsonl': enc(log + '\n'), 'remote/result.json': enc(JSON.stringify(result)) });
}
