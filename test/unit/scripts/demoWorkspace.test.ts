// The demo workspace `npm start` opens: a real git repository whose Source Control view is clean
// before the user does anything, however many checkouts start it (each rewrites its settings).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });
const identity = ['-c', 'user.name=t', '-c', 'user.email=t@t.invalid'];

describe('the demo workspace', () => {
  let root: string;
  let folder: string;
  let createDemoWorkspace: typeof import('../../../scripts/demo-workspace.mjs').createDemoWorkspace;

  before(async () => {
    ({ createDemoWorkspace } = await import('../../../scripts/demo-workspace.mjs'));
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'viban-demo-ws-'));
    folder = join(root, 'demo');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('starts clean: the machine-specific settings exist but are not tracked, and rewriting them changes nothing in git', async () => {
    await createDemoWorkspace(folder);
    const settings = join(folder, '.vscode', 'settings.json');
    assert.match(readFileSync(settings, 'utf8'), /demo-agent/);
    assert.equal(git(folder, 'ls-files', '.vscode'), '', 'settings.json is not committed');
    assert.ok(git(folder, 'ls-files').includes('.viban/board.json'), 'the board is committed');
    assert.equal(git(folder, 'status', '--porcelain'), '');

    // Another checkout starts the demo: it rewrites the settings with its own path.
    const before = readFileSync(settings, 'utf8');
    writeFileSync(settings, before.replace(/"args": \[\s*"[^"]*"/, '"args": ["/elsewhere/demo/demo-agent.mjs"'));
    assert.notEqual(readFileSync(settings, 'utf8'), before, 'the settings were rewritten');
    assert.equal(git(folder, 'status', '--porcelain'), '', 'a rewritten settings file is no change to git');
    await createDemoWorkspace(folder);
    assert.equal(git(folder, 'status', '--porcelain'), '', 'a second start leaves nothing to commit');
    const exclude = readFileSync(join(folder, '.git', 'info', 'exclude'), 'utf8');
    assert.equal(exclude.split('/.vscode/settings.json').length, 2, 'the exclude line is added once');
  });

  it('stops tracking the settings an older demo committed, so Source Control shows no change', async () => {
    await createDemoWorkspace(folder);
    // The older layout: settings.json committed with the rest.
    writeFileSync(join(folder, '.git', 'info', 'exclude'), '');
    git(folder, 'add', '-f', '.vscode/settings.json');
    git(folder, ...identity, 'commit', '-qm', 'old demo');
    writeFileSync(join(folder, '.vscode', 'settings.json'), '{"rewritten": true}\n');
    assert.notEqual(git(folder, 'status', '--porcelain'), '', 'the old layout shows a change');

    await createDemoWorkspace(folder);
    assert.equal(git(folder, 'status', '--porcelain'), '');
    assert.equal(git(folder, 'ls-files', '.vscode'), '');
    assert.ok(existsSync(join(folder, '.vscode', 'settings.json')), 'the settings stay on disk for VS Code');
  });

  it('seeds no card in In Progress or In Review, where it would say no agent has worked on it', async () => {
    const { sampleBoard } = await import('../../../scripts/demo-workspace.mjs');
    const board = sampleBoard();
    assert.ok(board.tasks.length >= 5);
    assert.deepEqual(board.tasks.filter((t) => t.columnId === 'in-progress' || t.columnId === 'in-review'), []);
  });
});
