import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLogTail } from '../../../../src/store/sessions/logTail';

const line = (seq: number, text: string) => JSON.stringify({ kind: 'assistant', id: `a${seq}`, seq, ts: '2026-11-21T00:00:00.000Z', text }) + '\n';

describe('session log tail', () => {
  let dir: string;
  let file: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'viban-tail-'));
    file = join(dir, 's.jsonl');
    // Long multi-byte lines so entries straddle the 256 KiB chunk boundaries.
    const parts: string[] = [];
    for (let i = 0; i < 3000; i++) parts.push(line(i, `ünïcødé ${'🙂'.repeat(i % 97)} #${i}`));
    await writeFile(file, parts.join(''));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('returns the last N entries, oldest first, and says older ones exist', async () => {
    const { entries, hasOlder } = await readLogTail(file, 5);
    assert.deepEqual(entries.map((e) => e.seq), [2995, 2996, 2997, 2998, 2999]);
    assert.equal(hasOlder, true);
    assert.equal(entries[4].kind === 'assistant' && entries[4].text, `ünïcødé ${'🙂'.repeat(2999 % 97)} #2999`);
  });

  it('pages backwards from a sequence number', async () => {
    const page = await readLogTail(file, 400, 1000);
    assert.deepEqual(page.entries.map((e) => e.seq), Array.from({ length: 400 }, (_, i) => 600 + i));
    assert.equal(page.hasOlder, true);
    const first = await readLogTail(file, 10, 4);
    assert.deepEqual(first.entries.map((e) => e.seq), [0, 1, 2, 3]);
    assert.equal(first.hasOlder, false);
  });

  it('keeps a torn last line (a crash mid-write) as a raw entry', async () => {
    const torn = join(dir, 'torn.jsonl');
    await writeFile(torn, line(0, 'ok') + line(1, 'ok too'));
    await appendFile(torn, '{"kind":"assistant","id":"a2","se');
    const { entries } = await readLogTail(torn, 10);
    assert.deepEqual(entries.map((e) => e.kind), ['assistant', 'assistant', 'raw']);
    assert.equal(entries[2].kind === 'raw' && entries[2].line, '{"kind":"assistant","id":"a2","se');
  });

  it('returns nothing for a session without a log yet', async () => {
    assert.deepEqual(await readLogTail(join(dir, 'missing.jsonl'), 10), { entries: [], hasOlder: false });
  });
});
