// A stand-in `claude` executable for failure modes the real CLI will not produce on demand:
// it replays a recorded transcript to stdout, then misbehaves as told.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type FakeEnding =
  | 'clean' // every line, exit 0
  | 'truncate' // stop in the middle of the last line and die (SIGKILL)
  | 'garbage' // interleave non-JSON garbage, then exit 0
  | 'no-result'; // drop the result line, exit 0

/** Writes an executable script into `dir` and returns its path. */
export function writeFakeClaude(dir: string, transcriptPath: string, ending: FakeEnding): string {
  const file = join(dir, 'claude');
  const script = `#!${process.execPath}
const fs = require('fs');
const lines = fs.readFileSync(${JSON.stringify(transcriptPath)}, 'utf8').split('\\n').filter(Boolean);
const ending = ${JSON.stringify(ending)};
process.stdin.resume(); // like the real CLI, it reads stream-json input
let out = lines;
if (ending === 'no-result') out = lines.filter((l) => JSON.parse(l).type !== 'result');
if (ending === 'truncate') {
  const keep = out.slice(0, Math.floor(out.length / 2));
  const cut = out[keep.length];
  fs.writeSync(1, keep.join('\\n') + '\\n' + cut.slice(0, Math.floor(cut.length / 2)));
  process.kill(process.pid, 'SIGKILL');
}
for (const [i, l] of out.entries()) {
  if (ending === 'garbage' && i % 5 === 2) fs.writeSync(1, 'Segmentation fault? {{{ not json \\u0000\\n');
  fs.writeSync(1, l + '\\n');
}
process.exit(0);
`;
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  return file;
}
