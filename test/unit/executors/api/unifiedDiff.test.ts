import { strict as assert } from 'node:assert';
import { applyHunks, parseUnifiedDiff, PatchError } from '../../../../src/executors/api/unifiedDiff';

const apply = (original: string, patch: string) => {
  const [file] = parseUnifiedDiff(patch);
  return applyHunks(original, file.hunks, file.newPath ?? 'x');
};

describe('unified diff', () => {
  const base = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'].join('\n') + '\n';

  it('applies several hunks, with git headers and a/ b/ prefixes', () => {
    const patch = [
      'diff --git a/f.txt b/f.txt',
      'index 1..2 100644',
      '--- a/f.txt',
      '+++ b/f.txt',
      '@@ -1,3 +1,3 @@',
      ' one',
      '-two',
      '+TWO',
      ' three',
      '@@ -6,3 +6,4 @@',
      ' six',
      ' seven',
      '+seven and a half',
      ' eight',
    ].join('\n');
    const [file] = parseUnifiedDiff(patch);
    assert.deepEqual([file.oldPath, file.newPath, file.hunks.length], ['f.txt', 'f.txt', 2]);
    assert.equal(apply(base, patch), 'one\nTWO\nthree\nfour\nfive\nsix\nseven\nseven and a half\neight\n');
  });

  it('finds a hunk whose line numbers drifted, and tolerates wrong counts and bare blank context lines', () => {
    const original = 'a\n\nb\nc\nd\n';
    const patch = ['--- a/x', '+++ b/x', '@@ -10,2 +10,9 @@', '', '-b', '+B'].join('\n');
    assert.equal(apply(original, patch), 'a\n\nB\nc\nd\n');
  });

  it('creates a file from /dev/null and keeps or drops the final newline as marked', () => {
    assert.equal(apply('', '--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1,2 @@\n+hello\n+world\n'), 'hello\nworld\n');
    assert.equal(apply('', '--- /dev/null\n+++ b/n.txt\n@@ -0,0 +1 @@\n+x\n\\ No newline at end of file\n'), 'x');
    assert.equal(apply('a\nb', '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n'), 'a\nc\n');
    assert.equal(apply('a\nb', '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\n+z\n b\n\\ No newline at end of file\n'), 'z\nb');
  });

  it('reads a deletion and several files', () => {
    const files = parseUnifiedDiff('--- a/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n--- a/k.txt\n+++ b/k.txt\n@@ -1 +1 @@\n-k\n+K\n');
    assert.deepEqual(files.map((f) => [f.oldPath, f.newPath]), [['gone.txt', undefined], ['k.txt', 'k.txt']]);
  });

  it('says which hunk does not apply', () => {
    const patch = '--- a/f.txt\n+++ b/f.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+2\n@@ -4,2 +4,2 @@\n-not there\n+x\n five\n';
    assert.throws(() => apply(base, patch), (e: Error) => e instanceof PatchError && /Hunk 2 of f\.txt .*near line 4/.test(e.message));
  });

  it('rejects text that is not a diff, and a file header without hunks', () => {
    assert.throws(() => parseUnifiedDiff('just some text'), /No file changes found/);
    assert.throws(() => parseUnifiedDiff('--- a/x\n+++ b/x\nno hunk'), /has no @@ hunks/);
  });
});
