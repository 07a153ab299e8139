import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ensureStoreGitignore } from '../../../src/store/storeGitignore';
import { makeTempRoot, removeTempRoot } from './helpers';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });
const ignored = (cwd: string, rel: string) => {
  try {
    git(cwd, 'check-ignore', '-q', rel);
    return true;
  } catch {
    return false;
  }
};

describe('store/storeGitignore', () => {
  let root: string;
  beforeEach(async () => (root = await makeTempRoot()));
  afterEach(() => removeTempRoot(root));

  it('does nothing outside a git repository', async () => {
    await fs.mkdir(path.join(root, '.viban'));
    assert.equal(await ensureStoreGitignore(path.join(root, '.viban')), false);
    assert.deepEqual(await fs.readdir(path.join(root, '.viban')), []);
  });

  it('anchors the patterns at a store in a subfolder of the repository', async () => {
    git(root, 'init', '-q');
    const store = path.join(root, 'packages', 'app', '.viban');
    await fs.mkdir(store, { recursive: true });
    assert.equal(await ensureStoreGitignore(store), true);
    assert.equal(await ensureStoreGitignore(store), false, 'the second call finds its block');
    assert.equal(ignored(root, 'packages/app/.viban/sessions/s.jsonl'), true);
    assert.equal(ignored(root, 'packages/app/.viban/board.json'), false);
    assert.equal(ignored(root, '.viban/sessions/s.jsonl'), false, 'another folder\'s store is not matched');
  });

  it('writes to the shared info/exclude from a linked worktree', async () => {
    const repo = path.join(root, 'repo');
    await fs.mkdir(repo);
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t.invalid', 'commit', '-q', '--allow-empty', '-m', 'first');
    const wt = path.join(root, 'wt');
    git(repo, 'worktree', 'add', '-q', '-b', 'side', wt);
    await fs.mkdir(path.join(wt, '.viban'));
    assert.equal(await ensureStoreGitignore(path.join(wt, '.viban')), true);
    assert.match(await fs.readFile(path.join(repo, '.git', 'info', 'exclude'), 'utf8'), /^\/\.viban\/queue\.json$/m);
    assert.equal(ignored(wt, '.viban/queue.json'), true);
    assert.equal(git(wt, 'status', '--porcelain'), '');
  });
});
