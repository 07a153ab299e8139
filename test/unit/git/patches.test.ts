import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyPatch } from '../../../src/git/patches';
import { initRepo, makeSandbox, removeSandbox, status } from './gitFixtures';

const GOOD = `diff --git a/src/app.ts b/src/app.ts
--- a/src/app.ts
+++ b/src/app.ts
@@ -1,3 +1,3 @@
 const a = 1;
-const b = 2;
+const b = 20;
 const c = 3;
diff --git a/src/new.ts b/src/new.ts
new file mode 100644
--- /dev/null
+++ b/src/new.ts
@@ -0,0 +1,2 @@
+export const fresh = true;
+export const more = 1;
`;

describe('git/patches', () => {
  let root: string;
  let repo: string;
  const read = (f: string) => readFileSync(path.join(repo, f), 'utf8');
  beforeEach(() => {
    root = makeSandbox();
    repo = initRepo(path.join(root, 'widgets'), { 'src/app.ts': 'const a = 1;\nconst b = 2;\nconst c = 3;\n' });
  });
  afterEach(() => removeSandbox(root));

  it('applies a patch to the working tree and lists the files it touched', async () => {
    const keep = path.join(repo, '.viban', 'patches', 't_aaaa-1.patch');
    const r = await applyPatch({ worktree: repo, patch: GOOD, keepRejectedAt: keep });
    assert.deepEqual(r, { applied: true, files: ['src/app.ts', 'src/new.ts'] });
    assert.equal(read('src/app.ts'), 'const a = 1;\nconst b = 20;\nconst c = 3;\n');
    assert.equal(read('src/new.ts'), 'export const fresh = true;\nexport const more = 1;\n');
    assert.equal(status(repo), ' M src/app.ts\n?? src/new.ts\n', 'working tree only, nothing staged');
    assert.ok(!existsSync(keep));
  });

  it('tolerates wrong hunk line counts and a missing final newline, as models write them', async () => {
    const sloppy = GOOD.replace('@@ -1,3 +1,3 @@', '@@ -1,4 +1,5 @@').replace(/\n$/, '');
    const r = await applyPatch({ worktree: repo, patch: sloppy, keepRejectedAt: path.join(root, 'kept.patch') });
    assert.equal(r.applied, true);
    assert.equal(read('src/app.ts'), 'const a = 1;\nconst b = 20;\nconst c = 3;\n');
  });

  it('changes nothing when any hunk fails, and keeps the rejected patch with a clear error', async () => {
    const bad = GOOD.replace(' const c = 3;', ' const c = 4;');
    const keep = path.join(repo, '.viban', 'patches', 't_aaaa-2.patch');
    const r = await applyPatch({ worktree: repo, patch: bad, keepRejectedAt: keep });
    assert.ok(!r.applied);
    assert.equal(r.patchFile, keep);
    assert.equal(readFileSync(keep, 'utf8'), bad);
    assert.match(r.error, /^The patch does not apply: error: patch failed: src\/app\.ts:1/);
    assert.equal(read('src/app.ts'), 'const a = 1;\nconst b = 2;\nconst c = 3;\n');
    assert.ok(!existsSync(path.join(repo, 'src/new.ts')), 'the hunk that would apply was not applied either');

    const again = await applyPatch({ worktree: repo, patch: bad, keepRejectedAt: keep });
    assert.ok(!again.applied);
    assert.equal(again.patchFile, path.join(repo, '.viban', 'patches', 't_aaaa-2-2.patch'), 'an earlier kept patch is never overwritten');
  });

  it('keeps garbage and empty patches too', async () => {
    const r = await applyPatch({ worktree: repo, patch: 'I could not produce a diff, sorry.', keepRejectedAt: path.join(root, 'g.patch') });
    assert.ok(!r.applied);
    assert.match(r.error, /No valid patches in input|does not apply/);
    assert.equal(readFileSync(r.patchFile, 'utf8'), 'I could not produce a diff, sorry.');
    const e = await applyPatch({ worktree: repo, patch: '', keepRejectedAt: path.join(root, 'e.patch') });
    assert.ok(!e.applied);
    assert.equal(e.error, 'The patch does not apply: The patch is empty.');
    assert.ok(existsSync(e.patchFile));
  });
});
