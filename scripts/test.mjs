// The one test command (README, .ci/run): type-check, build, then every layer in turn —
// unit (plain Node), webview (components in jsdom), e2e (real VS Code via code-server + Playwright).
// Each layer's own mocha summary is read and the totals are printed as the closing line, so a
// layer that silently ran nothing is visible. Pass layer names to run a subset: `npm test -- unit`.
import { spawn } from 'node:child_process';
import { ensureNodeModules, ensureSystemPackages } from './prerequisites.mjs';

const layers = [
  { name: 'typecheck', cmd: ['npm', 'run', '-s', 'typecheck'], counts: false },
  { name: 'build', cmd: ['node', 'esbuild.mjs'], counts: false },
  { name: 'unit', cmd: ['npx', 'mocha', '--config', 'test/unit/.mocharc.json'], counts: true },
  { name: 'webview', cmd: ['npx', 'mocha', '--config', 'test/webview/.mocharc.json'], counts: true },
  { name: 'e2e', cmd: ['node', 'test/e2e/run.mjs'], counts: true },
];

const only = process.argv.slice(2);
try {
  ensureSystemPackages(['git', 'python3', 'make', 'g++', 'ripgrep', 'libkrb5-dev', 'chromium']);
  ensureNodeModules();
} catch (err) {
  console.error(`npm test: ${err.message}`);
  process.exit(1);
}
const selected = only.length ? layers.filter((l) => only.includes(l.name) || !l.counts) : layers;

function run(cmd) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      tail = (tail + d.toString()).slice(-20000);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, tail }));
  });
}

const count = (text, word) => {
  const m = [...text.matchAll(new RegExp(`^\\s*(\\d+) ${word}`, 'gm'))];
  return m.length ? Number(m[m.length - 1][1]) : 0;
};

let passed = 0, failed = 0, pending = 0;
const summary = [];
for (const layer of selected) {
  console.log(`\n=== ${layer.name} ===`);
  const { code, tail } = await run(layer.cmd);
  if (!layer.counts) {
    if (code !== 0) { summary.push(`${layer.name}: FAILED (exit ${code})`); failed++; break; }
    continue;
  }
  const p = count(tail, 'passing'), f = count(tail, 'failing'), s = count(tail, 'pending');
  passed += p; failed += f; pending += s;
  if (code !== 0 && f === 0) failed++; // crashed before mocha could report
  if (p + f === 0) { summary.push(`${layer.name}: ran no test`); failed++; }
  else summary.push(`${layer.name}: ${p} passed, ${f} failed${s ? `, ${s} skipped` : ''}`);
}
console.log('\n' + summary.join('\n'));
console.log(`tests: ${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
process.exit(failed || pending ? 1 : 0);
