// CLI start: how long `viban --help` and `viban --version` take from spawn to exit (the production
// bundle's dist/cli.js, answered by its small entry), next to Node's own start (`node -e 0`, the
// floor) and a command that loads the whole core (`viban list` of a one-task board).
// Target (issue #17): < 120 ms. Spawned one after another, median of RUNS each, after a warm-up.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { bigBoard } from './lib/boards';
import { BenchReport, QUICK, median, runBench } from './lib/report';
import { boardWorkspace, buildShadow } from './lib/workspace';

const RUNS = QUICK ? 5 : 21;

function spawnMs(args: string[], cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

runBench(async () => {
  const report = new BenchReport('start', 'viban --help / --version, spawn to exit');
  const cli = path.join(buildShadow(true), 'dist', 'cli.js');
  const root = boardWorkspace('start', bigBoard(1));
  const cases: Array<{ label: string; args: string[]; target?: number }> = [
    { label: 'node -e 0 (floor)', args: ['-e', '0'] },
    { label: 'viban --version', args: [cli, '--version'], target: 120 },
    { label: 'viban --help', args: [cli, '--help'], target: 120 },
    { label: 'viban list (loads the core)', args: [cli, 'list'] },
  ];
  const times = cases.map(() => [] as number[]);
  for (const c of cases) spawnMs(c.args, root); // warm-up: the files in the page cache
  // Interleaved, so a busy moment of the machine falls on every case alike.
  for (let i = 0; i < RUNS; i++) cases.forEach((c, k) => times[k].push(spawnMs(c.args, root)));
  cases.forEach((c, k) => {
    const sorted = [...times[k]].sort((a, b) => a - b);
    report.figure({
      label: `${c.label}, median`,
      value: median(times[k]),
      unit: 'ms',
      ...(c.target ? { target: { max: c.target } } : {}),
      note: `best ${sorted[0].toFixed(0)} ms, worst ${sorted[sorted.length - 1].toFixed(0)} ms of ${RUNS}`,
    });
  });
  report.done();
});
