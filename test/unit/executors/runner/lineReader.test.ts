import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { readLines } from '../../../../src/executors/lineReader';

async function collect(chunks: Buffer[], opts = {}) {
  const lines: string[] = [];
  const summary = await readLines(Readable.from(chunks), (l) => void lines.push(l), opts);
  return { lines, summary };
}

describe('readLines', () => {
  it('joins a 4-byte emoji split across chunks, byte by byte', async () => {
    const bytes = Buffer.from('a😀b\nc\n', 'utf8');
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    const { lines } = await collect(chunks);
    assert.deepEqual(lines, ['a😀b', 'c']);
  });

  it('splits several lines in one chunk and a line across chunks; strips CR', async () => {
    const { lines, summary } = await collect([Buffer.from('one\r\ntwo\nthr'), Buffer.from('ee\nfour')]);
    assert.deepEqual(lines, ['one', 'two', 'three', 'four']);
    assert.equal(summary.endedMidLine, true);
    assert.equal(summary.lines, 4);
  });

  it('reports a clean end when the last byte is a newline, and keeps empty lines', async () => {
    const { lines, summary } = await collect([Buffer.from('x\n\ny\n')]);
    assert.deepEqual(lines, ['x', '', 'y']);
    assert.equal(summary.endedMidLine, false);
  });

  it('hands an over-long line over in pieces cut on character boundaries', async () => {
    const { lines } = await collect([Buffer.from('éé'), Buffer.from('ééé'), Buffer.from('\n')], { maxLineBytes: 3 });
    assert.deepEqual(lines, ['é', 'é', 'é', 'é', 'é']);
  });

  it('gives the same lines whatever the chunking: multi-byte text, CRLF, empty lines, a cut-off end', async () => {
    const text = 'α😀\r\n\n{"k":"ünï"}\nplain\r\n\r\n' + 'x'.repeat(300) + '\n€ tail without newline';
    const expected = ['α😀', '', '{"k":"ünï"}', 'plain', '', 'x'.repeat(300), '€ tail without newline'];
    const bytes = Buffer.from(text, 'utf8');
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; ) {
        const n = 1 + Math.floor(rand() * (round % 2 ? 8 : 120));
        chunks.push(bytes.subarray(i, i + n));
        i += n;
      }
      const { lines, summary } = await collect(chunks);
      assert.deepEqual(lines, expected, `chunk sizes ${chunks.map((c) => c.length).join(',')}`);
      assert.deepEqual(summary, { lines: expected.length, endedMidLine: true });
    }
  });

  it('keeps a line carried over several chunks whole when its chunk ends with more lines', async () => {
    const { lines } = await collect([Buffer.from('ab'), Buffer.from('cd'), Buffer.from('ef\ngh\n\nij\n'), Buffer.from('\n')]);
    assert.deepEqual(lines, ['abcdef', 'gh', '', 'ij', '']);
  });

  it('waits for an async handler before reading on (backpressure), keeping order', async () => {
    const seen: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const src = Readable.from((function* () {
      for (let i = 0; i < 20; i++) yield Buffer.from(`l${i}\n`);
    })());
    await readLines(src, async (l) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      seen.push(l);
      inFlight--;
    });
    assert.equal(maxInFlight, 1);
    assert.deepEqual(seen, Array.from({ length: 20 }, (_, i) => `l${i}`));
  });

  it('pauses only for the lines whose handler returns a promise', async () => {
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const done = readLines(Readable.from([Buffer.from('a\nb\nc\n')]), (l) => {
      seen.push(l);
      return l === 'a' ? gate : undefined;
    });
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(seen, ['a']);
    release();
    assert.equal((await done).lines, 3);
    assert.deepEqual(seen, ['a', 'b', 'c']);
  });
});
