// The one test command (README, .ci/run): type-check, build, then every layer in turn —
// unit (plain Node), webview (components in jsdom), e2e (real VS Code via code-server + Playwright).
// Each layer's own mocha summary is read and the totals are printed as the closing line, so a
// layer that silently ran nothing is visible. Pass layer names to run a subset: `npm test -- unit`.
// Each layer announces itself with its usual duration (measured on 2 busy cores) and reports its
// elapsed time: a long quiet step (the type-check prints nothing until done) is not a hang.
import { ensureAgentClis } from './agentClis.mjs';
import { ensureNodeModules, ensureSystemPackages } from './prerequisites.mjs';
import { closingLine, failureLines, formatSeconds, layerOutcome, runLayer } from './testLayers.mjs';

const layers = [
  { name: 'typecheck', limitMin: 5, about: '~25 s', cmd: ['npm', 'run', '-s', 'typecheck'], counts: false },
  { name: 'build', limitMin: 3, about: '~5 s', cmd: ['node', 'esbuild.mjs'], counts: false },
  { name: 'unit', limitMin: 30, about: '~12 min', cmd: ['npx', 'mocha', '--config', 'test/unit/.mocharc.json'], counts: true, agents: true },
  { name: 'webview', limitMin: 8, about: '~30 s', cmd: ['npx', 'mocha', '--config', 'test/webview/.mocharc.json'], counts: true },
  { name: 'e2e', limitMin: 35, about: '~20 min', cmd: ['node', 'test/e2e/run.mjs'], counts: true, agents: true, settles: false },
];

const only = process.argv.slice(2);
const selected = only.length ? layers.filter((l) => only.includes(l.name) || !l.counts) : layers;
const runStarted = Date.now();
try {
  ensureSystemPackages(['git', 'python3', 'make', 'g++', 'ripgrep', 'libkrb5-dev', 'chromium']);
  await ensureNodeModules();
  // The real agent CLIs the unit and e2e layers drive live in test/agents (scripts/agentClis.mjs).
  if (selected.some((l) => l.agents)) await ensureAgentClis();
} catch (err) {
  console.error(`npm test: ${err.message}`);
  process.exit(1);
}

const totals = { passed: 0, failed: 0, pending: 0 };
const summary = [];
for (const layer of selected) {
  console.log(`\n=== ${layer.name} (usually ${layer.about}) ===`);
  const started = Date.now();
  const { code, tail, why } = await runLayer(layer.cmd, { limitMin: layer.limitMin, settles: layer.settles ?? true });
  if (why) console.log(`--- ${layer.name}: ${why}`);
  const took = formatSeconds(Date.now() - started);
  if (!layer.counts) {
    console.log(`--- ${layer.name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${took}`);
    if (code !== 0) { summary.push(`${layer.name}: FAILED (exit ${code})${why ? `: ${why}` : ''}`); totals.failed++; break; }
    continue;
  }
  const outcome = layerOutcome(layer.name, code, tail);
  totals.passed += outcome.passed; totals.failed += outcome.failed; totals.pending += outcome.pending;
  summary.push(`${outcome.line} (${took})`, ...failureLines(tail).map((f) => `  ✘ ${f}`), ...(why ? [`  ✘ ${layer.name} ${why}`] : []));
  console.log(`--- ${outcome.line} in ${took}`);
}
console.log('\n' + summary.join('\n'));
console.log(`(${formatSeconds(Date.now() - runStarted)} in all)`);
console.log(closingLine(totals));
process.exit(totals.failed || totals.pending ? 1 : 0);
