// Realistic Claude Code stream-json (`-p --output-format stream-json --verbose
// --include-partial-messages`) of any size. The line shapes are the recorded real transcript
// test/fixtures/claude/tools-and-approvals.jsonl (approval control lines left out: nobody answers
// them here); each replay of its turns gets fresh message/tool/uuid ids, new delta text of varied
// length and tool results of varied size, so nothing merges or repeats as it would not in reality.
//
// Key order: as Claude Code 2.1.x writes it (the fixture's, kept by parse + stringify), or
// `shuffled`: every object's keys in another order (seeded, so every run reads the same bytes), as
// a future CLI might write them — what the normalizer's fast path does not recognise.
//
// CLI (used by the benches to write big files in a separate process):
//   node --import tsx bench/lib/claudeTranscript.ts <out.jsonl> <megabytes> [--stamp] [--shuffled]
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { rng } from './boards';

const FIXTURE = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'claude', 'tools-and-approvals.jsonl');
/** Replaced by the paced writer with the time the line is written (latency bench). */
export const STAMP = '@@STAMP@@';

type Json = Record<string, any>;

const WORDS = (
  'the function returns early when the cache is empty so we read the file first then update the test ' +
  'and run npm test again to check that nothing else broke while the parser keeps every line it reads'
).split(' ');
const CODE = [
  'export function parse(input: string): Entry[] {',
  '  const out: Entry[] = [];',
  '  for (const line of input.split("\\n")) {',
  '    if (!line.trim()) continue;',
  '    out.push(JSON.parse(line) as Entry);',
  '  }',
  '  return out;',
  '}',
];

export interface TranscriptOptions {
  /** Put STAMP at the start of every text/thinking delta (the latency bench fills it in). */
  stamp?: boolean;
  seed?: number;
  /** Every object's keys in a seeded random order instead of Claude Code's. */
  shuffled?: boolean;
}

/** `value` with the keys of every object in it in a random order (arrays keep theirs). */
function shuffleKeys(value: unknown, rand: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, rand));
  if (!value || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [keys[i], keys[j]] = [keys[j], keys[i]];
  }
  const out: Json = {};
  for (const k of keys) out[k] = shuffleKeys((value as Json)[k], rand);
  return out;
}

/** Yields lines (without "\n") forever: init, then turn after turn. Stop when you have enough. */
export function* claudeTranscript(opts: TranscriptOptions = {}): Generator<string> {
  const fixture = readFileSync(FIXTURE, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Json);
  const init = fixture.find((m) => m.type === 'system' && m.subtype === 'init')!;
  const turn = fixture.filter((m) => !['control_request', 'control_response', 'result'].includes(m.type) && m.subtype !== 'init');
  const rand = rng(opts.seed ?? 1);
  const words = (min: number, max: number) => {
    const n = min + Math.floor(rand() * (max - min));
    let s = '';
    for (let i = 0; i < n; i++) s += (i ? ' ' : '') + WORDS[Math.floor(rand() * WORDS.length)];
    return s;
  };
  const sessionId = init.session_id as string;
  let uuid = 0;
  const nextUuid = () => `00000000-0000-4000-8000-${(uuid++).toString(16).padStart(12, '0')}`;

  const shuffle = opts.shuffled ? rng((opts.seed ?? 1) + 7) : undefined;
  const spell = (line: string) => (shuffle ? JSON.stringify(shuffleKeys(JSON.parse(line), shuffle)) : line);
  yield spell(JSON.stringify(init));
  for (let round = 0; ; round++) {
    const suffix = `r${round.toString(36)}`;
    for (const template of turn) {
      const m = structuredClone(template);
      const d = m.event?.delta;
      if (d?.type === 'text_delta') d.text = (opts.stamp ? STAMP : '') + words(2, 14) + ' ';
      if (d?.type === 'thinking_delta') d.thinking = (opts.stamp ? STAMP : '') + words(2, 10) + ' ';
      for (const c of m.message?.content ?? []) {
        if (c.type === 'text') c.text = words(10, 80);
        if (c.type === 'thinking') c.thinking = words(10, 60);
        if (c.type === 'tool_result' && typeof c.content === 'string') {
          // Mostly short results, sometimes a whole file read.
          const lines = rand() < 0.15 ? 50 + Math.floor(rand() * 300) : 1 + Math.floor(rand() * 6);
          c.content = Array.from({ length: lines }, (_, i) => `${i + 1}\t${CODE[i % CODE.length]}`).join('\n');
        }
      }
      if ('uuid' in m) m.uuid = nextUuid();
      // Message and tool-use ids must be unique per turn, as they are in a real long session.
      yield spell(
        JSON.stringify(m)
          .replace(/"(msg_[a-z0-9]+)"/g, `"$1${suffix}"`)
          .replace(/"(toolu_[a-z0-9]+)"/g, `"$1${suffix}"`)
          .replace(/"session_id":"[^"]*"/g, `"session_id":"${sessionId}"`),
      );
    }
  }
}

/** The line that ends a run: a successful `result` (as in the fixture). */
export function resultLine(): string {
  const fixture = readFileSync(FIXTURE, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Json);
  return JSON.stringify(fixture.find((m) => m.type === 'result'));
}

/** Writes at least `bytes` of transcript plus the result line to `file`; returns the size written. */
export function writeTranscript(file: string, bytes: number, opts: TranscriptOptions = {}): number {
  const fd = openSync(file, 'w');
  let written = 0;
  let chunk: string[] = [];
  let chunkBytes = 0;
  const flush = () => {
    const buf = Buffer.from(chunk.join(''), 'utf8');
    writeSync(fd, buf);
    written += buf.length;
    chunk = [];
    chunkBytes = 0;
  };
  for (const line of claudeTranscript(opts)) {
    chunk.push(line + '\n');
    chunkBytes += line.length + 1;
    if (chunkBytes > 1 << 20) flush();
    if (written + chunkBytes >= bytes) break;
  }
  chunk.push(resultLine() + '\n');
  flush();
  closeSync(fd);
  return written;
}

if (require.main === module) {
  const [file, megabytes] = process.argv.slice(2);
  const size = writeTranscript(file, Number(megabytes) * 1024 * 1024, { stamp: process.argv.includes('--stamp'), shuffled: process.argv.includes('--shuffled') });
  console.log(`${file}: ${(size / 1024 / 1024).toFixed(1)} MB`);
}
