import { strict as assert } from 'node:assert';
import {
  branchBelongsToTask,
  branchLeaf,
  MAX_SLUG_LENGTH,
  parseTaskBranch,
  shortTaskId,
  slugify,
  taskBranchName,
  uniqueName,
} from '../../../src/git/naming';

describe('git/naming', () => {
  it('slugifies titles to lowercase ascii words joined by dashes', () => {
    assert.equal(slugify('Fix the Login Bug!'), 'fix-the-login-bug');
    assert.equal(slugify('  --Add   OAuth2 (GitHub) support--  '), 'add-oauth2-github-support');
    assert.equal(slugify('Café crème für Åsa'), 'cafe-creme-fur-asa');
    assert.equal(slugify('src/git/worktrees.ts: handle ~/paths'), 'src-git-worktrees-ts-handle-paths');
  });

  it('never returns an empty slug', () => {
    assert.equal(slugify(''), 'task');
    assert.equal(slugify('日本語のタイトル'), 'task');
    assert.equal(slugify('!!!'), 'task');
  });

  it('keeps slugs within 40 characters, cutting at a word boundary when one is near', () => {
    const slug = slugify('Refactor the session manager so that follow-ups resume the same agent session');
    assert.ok(slug.length <= MAX_SLUG_LENGTH, slug);
    assert.equal(slug, 'refactor-the-session-manager-so-that');
    assert.ok(!slug.endsWith('-'));
    const oneWord = slugify('a'.repeat(100));
    assert.equal(oneWord, 'a'.repeat(40));
    assert.equal(slugify('abcdefghij-klmnopqrstuvwxyz-0123456789abcdef'), 'abcdefghij-klmnopqrstuvwxyz');
  });

  it('derives the short id from Viban task ids and sanitises other ids', () => {
    assert.equal(shortTaskId('t_k3j9x2m1qa'), 'k3j9x2m1qa');
    assert.equal(shortTaskId('Task-42/β'), 'task42');
    assert.equal(shortTaskId('a-very-long-external-id-12345'), 'averylongext');
    assert.equal(shortTaskId('___'), 'x');
  });

  it('builds viban/<short id>-<slug> branch names', () => {
    assert.equal(taskBranchName('t_k3j9x2m1qa', 'Fix the login bug'), 'viban/k3j9x2m1qa-fix-the-login-bug');
  });

  it('makes names unique with -2, -3…', () => {
    const taken = new Set(['viban/a-x', 'viban/a-x-2']);
    assert.equal(uniqueName('viban/a-x', (n) => taken.has(n)), 'viban/a-x-3');
    assert.equal(uniqueName('viban/b', (n) => taken.has(n)), 'viban/b');
  });

  it('parses Viban branches back and ignores others', () => {
    assert.deepEqual(parseTaskBranch('viban/k3j9x2m1qa-fix-the-login-bug'), { shortId: 'k3j9x2m1qa', slug: 'fix-the-login-bug' });
    assert.deepEqual(parseTaskBranch('refs/heads/viban/abc'), { shortId: 'abc', slug: '' });
    assert.equal(parseTaskBranch('main'), undefined);
    assert.equal(parseTaskBranch('feature/viban/x'), undefined);
    assert.equal(parseTaskBranch('viban/'), undefined);
    assert.ok(branchBelongsToTask('viban/k3j9x2m1qa-fix', 't_k3j9x2m1qa'));
    assert.ok(!branchBelongsToTask('viban/k3j9x2m1qa-fix', 't_other'));
  });

  it('uses the last branch path part as the worktree folder name', () => {
    assert.equal(branchLeaf('viban/k3j9-fix-it'), 'k3j9-fix-it');
    assert.equal(branchLeaf('refs/heads/viban/k3j9-fix-it-2'), 'k3j9-fix-it-2');
  });
});
