// Masking is a property of the stores (issue #17): agent text they write is masked; paths, ids,
// branches, titles and prompts a run needs are written exactly as given.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BoardStore } from '../../../src/store/boardStore';
import { SessionStore } from '../../../src/store/sessions/sessionStore';
import { Redactor } from '../../../src/secrets/redactor';
import { defaultBoard } from '../../../src/store/boardFile';
import { SESSION_SCHEMA_VERSION, type SessionMeta } from '../../../src/protocol/sessions';
import type { Task } from '../../../src/protocol/model';

const KEY = 'sk-ant-api03-Zq8vK2mN4pR7sT1wX5yB9cD3fG6hJ0kL2mN4pR7sT1wX5yB9cD3fG6hJ0kLAA';

describe('store masking', () => {
  let root: string;
  beforeEach(async () => (root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'viban-mask-')))));
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('board.json: a card status and review note are masked; title, description and worktree are not', async () => {
    const store = new BoardStore({ root, redactor: new Redactor({}) });
    const task: Task = {
      id: 't_flaskapp01', columnId: 'todo', order: 1, title: 'Ask the user before deleting files', description: 'In flask-todo-app-with-sqlalchemy-X',
      createdAt: 'x', updatedAt: 'x', agentStatus: 'error', agentStatusMessage: `Agent finished its turn but exited with code 3. Last error output: ${KEY}`,
      needsReview: `patch failed: token ${KEY}`,
      worktree: { path: '/w/.viban-worktrees/app/flaskapp01-ask-the-user-before-deleting-files', branch: 'viban/flaskapp01-ask-the-user-before-deleting-files', base: 'main' },
    };
    const written = await store.update((b) => ({ ...b, tasks: [task] }));
    const text = await fs.readFile(store.boardFile, 'utf8');
    assert.ok(!text.includes(KEY), 'the key is not in board.json');
    assert.equal(written.tasks[0].agentStatusMessage, 'Agent finished its turn but exited with code 3. Last error output: [REDACTED]');
    assert.equal(written.tasks[0].needsReview, 'patch failed: token [REDACTED]');
    assert.deepEqual({ ...written.tasks[0], agentStatusMessage: task.agentStatusMessage, needsReview: task.needsReview }, task);
  });

  it('board.json written by an older Viban with a key in it is cleaned on the next write', async () => {
    const board = defaultBoard();
    board.tasks.push({ id: 't_1', columnId: 'todo', order: 1, title: 'Old', description: '', createdAt: 'x', updatedAt: 'x', agentStatus: 'error', agentStatusMessage: `reported an error: ${KEY}` });
    await fs.mkdir(path.join(root, '.viban'));
    await fs.writeFile(path.join(root, '.viban', 'board.json'), JSON.stringify(board));
    const store = new BoardStore({ root, redactor: new Redactor({}) });
    await store.update((b) => ({ ...b, tasks: [...b.tasks, { ...b.tasks[0], id: 't_2', title: 'New' }] }));
    assert.ok(!(await fs.readFile(store.boardFile, 'utf8')).includes(KEY));
  });

  it('session metadata: error and prompt are masked; cwd and ids are written as given, even key-like', async () => {
    const store = new SessionStore(root, new Redactor({}));
    const cwd = path.join(root, `sk-proj-${'A1b2C3d4'.repeat(4)}`, 'flask-todo-app-with-sqlalchemy-X');
    const meta: SessionMeta = {
      schemaVersion: SESSION_SCHEMA_VERSION, id: 's_abc', taskId: 't_abc', executorId: 'it', executorLabel: 'It', status: 'failed',
      prompt: `use ${KEY}`, cwd, agentSessionId: 'ask-the-user-session-0123456789abcdef', createdAt: 'x', entryCount: 0, error: `Last error output: ${KEY}`,
    };
    const saved = await store.save(meta);
    assert.equal(saved.cwd, cwd);
    assert.equal(saved.agentSessionId, meta.agentSessionId);
    assert.equal(saved.error, 'Last error output: [REDACTED]');
    assert.equal(saved.prompt, 'use [REDACTED]');
    const onDisk = await fs.readFile(store.metaFile('s_abc'), 'utf8');
    assert.ok(!onDisk.includes(KEY));
    assert.deepEqual(await store.get('s_abc'), saved);
  });
});
