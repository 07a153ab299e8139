// A stand-in agent for the latency bench: prints a pre-generated Claude stream-json transcript at
// a steady byte rate, stamping each line with the time it is written (ms since the epoch, from
// performance.timeOrigin + performance.now(), so sub-millisecond and comparable across processes).
//
// node bench/lib/pacedWriter.mjs <transcript.jsonl> <bytesPerSecond> <seconds> <prompt (ignored)>
import { once } from 'node:events';
import { readFileSync } from 'node:fs';

const [file, rateArg, secondsArg] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const STAMP = '@@STAMP@@';
const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
const result = lines.pop();
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const start = now();
let sent = 0;
let i = 0;
while (i < lines.length && now() - start < seconds * 1000) {
  const due = (rate * (now() - start)) / 1000;
  let out = '';
  while (sent < due && i < lines.length) {
    const line = lines[i++].replace(STAMP, `@${now().toFixed(3)}@`);
    out += line + '\n';
    sent += Buffer.byteLength(line) + 1;
  }
  if (out && !process.stdout.write(out)) await once(process.stdout, 'drain');
  await sleep(1);
}
process.stdout.write(result + '\n');
process.stderr.write(`paced writer: ${sent} bytes in ${((now() - start) / 1000).toFixed(2)} s\n`);
