import { strict as assert } from 'node:assert';
import * as fsModule from 'node:fs';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatJson, tempPathFor, writeFileAtomic, writeJsonAtomic } from '../../../src/store/atomicWrite';
import { makeTempRoot, removeTempRoot } from './helpers';

describe('store/atomicWrite', () => {
  let root: string;
  beforeEach(async () => (root = await makeTempRoot()));
  afterEach(async () => removeTempRoot(root));

  it('writes JSON with 2-space indent and a trailing newline', async () => {
    const file = path.join(root, 'x.json');
    const text = await writeJsonAtomic(file, { a: [1, { b: 'c' }] });
    const onDisk = await fs.readFile(file, 'utf8');
    assert.equal(onDisk, text);
    assert.equal(onDisk, '{\n  "a": [\n    1,\n    {\n      "b": "c"\n    }\n  ]\n}\n');
    assert.equal(formatJson(1), '1\n');
  });

  it('writes a complete temp file in the same folder and renames it over the target', async () => {
    const file = path.join(root, 'board.json');
    await fs.writeFile(file, 'old');
    const realRename = fsModule.promises.rename;
    const seen: { from: string; to: string; content: string; targetBefore: string }[] = [];
    fsModule.promises.rename = async (from, to) => {
      seen.push({
        from: String(from),
        to: String(to),
        content: await fs.readFile(from, 'utf8'),
        targetBefore: await fs.readFile(to, 'utf8'),
      });
      return realRename(from, to);
    };
    try {
      await writeFileAtomic(file, 'new content');
    } finally {
      fsModule.promises.rename = realRename;
    }
    assert.equal(seen.length, 1);
    assert.equal(path.dirname(seen[0].from), root);
    assert.equal(seen[0].to, file);
    assert.equal(seen[0].content, 'new content', 'the temp file is complete before it replaces the target');
    assert.equal(seen[0].targetBefore, 'old', 'the target is untouched until the rename');
    assert.deepEqual(await fs.readdir(root), ['board.json'], 'no temp file is left behind');
  });

  it('gives temp files a hidden, unique name beside the target', () => {
    const target = path.join(root, 'board.json');
    const a = tempPathFor(target);
    const b = tempPathFor(target);
    assert.notEqual(a, b);
    assert.equal(path.dirname(a), root);
    assert.match(path.basename(a), /^\.board\.json\.\d+-[0-9a-f]+\.tmp$/);
  });

  it('a concurrent reader never sees partial or invalid JSON during many writes', async () => {
    const file = path.join(root, 'board.json');
    await writeJsonAtomic(file, { n: 0, pad: '' });
    let writing = true;
    let reads = 0;
    const bad: string[] = [];
    const reader = (async () => {
      while (writing) {
        const text = await fs.readFile(file, 'utf8');
        reads++;
        try {
          const v = JSON.parse(text) as { n: number; pad: string };
          if (v.pad.length !== (v.n % 7) * 40_000) bad.push(`n=${v.n} has a truncated pad`);
        } catch {
          bad.push(text.slice(0, 60));
        }
      }
    })();
    // Sizes vary up to ~240 KB so a non-atomic write would need several syscalls and be visible.
    for (let n = 0; n < 150; n++) await writeJsonAtomic(file, { n, pad: 'x'.repeat((n % 7) * 40_000) });
    writing = false;
    await reader;
    assert.ok(reads > 20, `the reader ran concurrently (${reads} reads)`);
    assert.deepEqual(bad, []);
    assert.deepEqual(await fs.readdir(root), ['board.json']);
  });

  it('removes its temp file and leaves the target alone when the rename fails', async () => {
    const target = path.join(root, 'occupied');
    await fs.mkdir(target);
    await fs.writeFile(path.join(target, 'keep'), 'k');
    await assert.rejects(writeFileAtomic(target, 'data'));
    assert.deepEqual(await fs.readdir(root), ['occupied']);
    assert.equal(await fs.readFile(path.join(target, 'keep'), 'utf8'), 'k');
  });
});
