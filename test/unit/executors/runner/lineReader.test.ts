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
});
