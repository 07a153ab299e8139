// The store owns `.viban/` (issue #10): its paths are named once (src/store/layout.ts) and only
// src/store/ reads or writes them. And each primitive the store needs exists exactly once, so a
// fix to atomic writes or to reading a file backwards reaches every kind of file.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { codeOf, importsOf, rel, repoRoot, sourceFiles, stripComments } from './sourceScan';

/** A join with a '.viban' part, or a literal path to a store file. */
const STORE_PATH = /join\([^)]*['"`]\.viban['"`]|['"`]\.viban\/[\w./-]*\.(json|jsonl|lock|stop|patch)['"`]/;

const outsideStore = () => sourceFiles(join(repoRoot, 'src')).filter((f) => !rel(f).startsWith('src/store/'));

describe('architecture: the store owns .viban/', () => {
  it('no file outside src/store/ builds a path into .viban/', () => {
    const offenders = outsideStore().filter((f) => STORE_PATH.test(codeOf(f))).map(rel);
    assert.deepEqual(offenders, [], 'name the path in src/store/layout.ts and read or write it through a repository in src/store/');
  });

  it('no file outside src/store/ both uses the layout and touches the file system', () => {
    const offenders = outsideStore()
      .filter((f) => {
        const code = codeOf(f);
        const specs = importsOf(code);
        const usesFs = specs.some((s) => /^(node:)?fs(\/promises)?$/.test(s));
        const usesLayout = specs.some((s) => /store\/layout$/.test(s));
        return usesFs && usesLayout;
      })
      .map(rel);
    assert.deepEqual(offenders, []);
  });

  it('the path check catches the shapes that reached the store files before, and ignores comments', () => {
    for (const bad of ["const dir = path.join(root, '.viban');", "join(root, '.viban', 'sessions', `${id}.stop`)", "const f = '.viban/queue.json';"]) {
      assert.match(stripComments(bad), STORE_PATH, bad);
    }
    assert.doesNotMatch(stripComments("// lives in path.join(root, '.viban', 'queue.json')\nconst x = 1;"), STORE_PATH);
  });

  it('the import reader finds imports, re-exports, require() and import(), but not the text of a script held in a string', () => {
    const code = "import a from './a';\nexport { c } from './c';\nconst d = require('node:fs');\nconst e = import('e');\nconst script = 'const fs = require(\"fs\");';";
    assert.deepEqual(importsOf(code), ['./a', './c', 'node:fs', 'e']);
  });
});
