// The floor a CLI reading a JSON-lines stream is measured against: node:readline over the file,
// one JSON.parse per line, nothing else. Prints the line count (so the caller can check it read
// everything) on stdout.
//   node bench/lib/bareReader.mjs <file.jsonl>
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

let lines = 0;
for await (const line of createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity })) {
  if (line) (JSON.parse(line), lines++);
}
console.log(lines);
