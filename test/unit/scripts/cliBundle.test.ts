// The bundles are rewritten as pure ASCII (scripts/cliBundle.cjs asciiOnly): one non-ASCII comment
// esbuild carries over makes V8 keep the whole multi-megabyte source as a two-byte string.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asciiOnly } from '../../../scripts/cliBundle.cjs';
import { cliBundle } from '../cli/cliHarness';

describe('the bundles are pure ASCII', () => {
  it('escapes what esbuild leaves in comments, and the module behaves exactly as before', () => {
    const dir = mkdtempSync(join(tmpdir(), 'viban-ascii-'));
    try {
      const file = join(dir, 'mod.js');
      // Comments as dependencies write them, plus code whose values must survive the rewrite.
      const source = [
        '/** 👋 Getting the wrong type? — see the docs */',
        "exports.text = 'Starting… — done → 👋';",
        "exports.match = /…—/.test('a…—b');",
        'exports.tpl = `x—${1 + 1}`;',
      ].join('\n');
      writeFileSync(file, source);
      const before = require(file);
      const values = { ...before };
      delete require.cache[require.resolve(file)];
      asciiOnly(file);
      const rewritten = readFileSync(file, 'utf8');
      assert.doesNotMatch(rewritten, /[^\x00-\x7f]/, 'no character outside ASCII is left');
      assert.deepEqual({ ...require(file) }, values);
      assert.deepEqual(values, { text: 'Starting… — done → 👋', match: true, tpl: 'x—2' });
      const once = readFileSync(file, 'utf8');
      asciiOnly(file); // already ASCII: untouched
      assert.equal(readFileSync(file, 'utf8'), once);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the CLI core as the tests and the package build it has no non-ASCII character', () => {
    const core = join(cliBundle(), '..', 'cliCore.js');
    const text = readFileSync(core, 'utf8');
    const at = text.search(/[^\x00-\x7f]/);
    assert.equal(at, -1, `non-ASCII at ${at}: ${JSON.stringify(text.slice(at - 40, at + 40))}`);
  });
});
