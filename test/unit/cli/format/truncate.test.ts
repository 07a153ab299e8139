// truncate() flattens only a window of a long text; it must give exactly what flattening all of it
// would, including for texts that are mostly whitespace (where the window falls short).
import { strict as assert } from 'node:assert';
import { truncate } from '../../../../src/cli/format/table';

const reference = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** A deterministic generator (xorshift), so a failure names a reproducible case. */
function* texts(seed: number, count: number): Generator<string> {
  let x = seed;
  const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
  const pieces = ['a', 'word', ' ', '\n', '\t\t', '      ', 'é', '—', 'x'.repeat(50), ' '.repeat(400), '\r\n'];
  for (let i = 0; i < count; i++) {
    let s = '';
    const len = Math.floor(next() * 300);
    for (let j = 0; j < len; j++) s += pieces[Math.floor(next() * pieces.length)];
    yield s;
  }
}

describe('cli format: truncate', () => {
  it('matches flattening the whole text, for 3,000 generated texts and several widths', () => {
    let compared = 0;
    for (const max of [1, 2, 10, 60, 120, 200]) {
      for (const text of texts(max * 7919 + 1, 500)) {
        assert.equal(truncate(text, max), reference(text, max), `max ${max}, text ${JSON.stringify(text.slice(0, 80))}…`);
        compared++;
      }
    }
    assert.equal(compared, 3000);
  });

  it('a long text mostly of whitespace falls back to the whole text', () => {
    const text = `${' \n'.repeat(5_000)}late words ${'x'.repeat(300)}`;
    assert.equal(truncate(text, 20), 'late words xxxxxxxx…');
  });

  it('a megabyte-long text is cut to one line of the asked width', () => {
    const text = 'word '.repeat(250_000);
    const out = truncate(text, 100);
    assert.equal(out.length, 100);
    assert.ok(out.endsWith('…'));
    assert.ok(!/\s{2}/.test(out));
  });
});
