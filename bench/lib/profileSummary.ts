// Where the time went in a V8 CPU profile (`npm run bench -- <name> --profile` writes them to
// test-results/bench-profiles/): self time by function and by source file, biggest first.
//
//   node --import tsx bench/lib/profileSummary.ts <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function summarize(profile: Profile, top = 25): string {
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url ? shortUrl(url) : '(native/vm)';
    const fn = `${functionName || '(anonymous)'}  ${file}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
  }
  const table = (title: string, m: Map<string, number>) =>
    [`${title}:`, ...[...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => `  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`)].join('\n');
  return `total ${(total / 1000).toFixed(0)} ms sampled\n${table('self time by function', byFunction)}\n${table('self time by file', byFile)}`;
}

function shortUrl(url: string): string {
  const p = url.replace(/^file:\/\//, '');
  const i = p.indexOf('/node_modules/');
  if (i >= 0) return p.slice(i + 1);
  return path.relative(path.resolve(__dirname, '..', '..'), p) || p;
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  console.log(summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top ?? 25)));
}
