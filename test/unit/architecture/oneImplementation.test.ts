// `grep` finds one implementation each (issue #10): the webview and the host, the CLI and the
// editor share the code below instead of keeping copies that drift. Each check looks for the
// telltale line of the logic in the code (comments ignored) of src/ and webview/.
import { strict as assert } from 'node:assert';
import { filesMatching, stripComments } from './sourceScan';

const everywhere = ['src', 'webview'];

/** The telltales, with a sample each that must match (so a broken pattern cannot pass silently). */
const CHECKS: Array<{ what: string; pattern: RegExp; home: string[]; sample: string }> = [
  {
    what: 'atomic write (flush before rename)',
    pattern: /fsyncSync\(|\.sync\(\)|fdatasync/,
    home: ['src/store/atomicWrite.ts'],
    sample: 'await handle.sync();',
  },
  {
    what: 'reading a file backwards (a read position stepped back from the end)',
    pattern: /position\s*-=|pos\s*-=/,
    home: ['src/store/backwardLines.ts'],
    sample: 'position -= length;',
  },
  {
    what: 'board ordering (the comparator by order key)',
    pattern: /\.order\s*-\s*\w+\.order/,
    home: ['src/shared/ordering.ts'],
    sample: 'const byOrder = (a: Task, b: Task) => a.order - b.order;',
  },
  {
    what: 'cost formatting (dollars with toFixed)',
    pattern: /`\$\$\{[^`]*toFixed/,
    home: ['src/shared/format.ts'],
    sample: 'return `$${usd.toFixed(2)}`;',
  },
  {
    what: 'delta merging (a delta appends its text)',
    pattern: /\)\s*\+\s*\w+\.text\b|\w\.text\s*\+\s*\w+\.text\b|\+=\s*\w+\.text\b|\?\s*\w+\s*\+\s*\w+\.text\b/,
    home: ['src/shared/deltas.ts'],
    sample: "texts.set(e.id, e.delta ? before + e.text : e.text);",
  },
  {
    what: 'tool-input field names (where an agent puts the file a tool works on)',
    pattern: /\bfile_path\b|\bnotebook_path\b|\babsolute_path\b/,
    home: ['src/shared/toolInput.ts'],
    sample: 'str(i.file_path) ?? str(i.path)',
  },
];

describe('architecture: one implementation each', () => {
  for (const check of CHECKS) {
    it(`${check.what}: only in ${check.home.join(', ')}`, () => {
      assert.match(stripComments(check.sample), check.pattern, 'the telltale pattern no longer matches its sample');
      assert.deepEqual(filesMatching(everywhere, check.pattern), check.home);
    });
  }

  it('the cross-process lock is taken only inside src/store/', () => {
    const users = filesMatching(['src'], /\bwith(File|Store)Lock\(|acquireFileLock\(/);
    assert.ok(users.length > 0, 'the pattern finds nothing: the store itself takes locks');
    assert.deepEqual(users.filter((f) => !f.startsWith('src/store/')), []);
  });
});
