// Tiers with the real `claude` CLI against the scripted server: the model the server is asked for
// is the task's tier's model, in `viban run` and in `viban run-all`; an explicit --model wins.
import { strict as assert } from 'node:assert';
import { text } from '../../support/scriptedAnthropicServer';
import { claudeWorld, type ClaudeWorld } from '../../support/claudeHarness';
import { CLAUDE_BIN, lastLine, readBoard, runCli, writeSettings } from '../cli/cliHarness';

describe('model tiers pick the executor and model (real claude CLI)', function () {
  this.timeout(120000);
  let world: ClaudeWorld | undefined;
  afterEach(async () => {
    await world?.dispose();
    world = undefined;
  });

  const mainModels = (w: ClaudeWorld) => w.server.mainRequests().map((r) => r.body?.model as string);

  it('a tier-A task runs with tier A’s model; a tier-B task with B’s; --model overrides', async () => {
    world = await claudeWorld();
    const w = world;
    const ws = w.repo;
    writeSettings(ws, {
      executors: { paths: { 'claude-code': CLAUDE_BIN } },
      tiers: { A: { executor: 'claude-code', model: 'claude-tier-a-fast' }, B: { model: 'claude-tier-b-default' }, C: { executor: 'claude-code', model: 'claude-tier-c-strong' } },
    });
    const quick = lastLine((await runCli(['add', 'Rename a variable', '-w', ws])).stdout);
    const feature = lastLine((await runCli(['add', 'Add the export feature', '-w', ws])).stdout);
    const t = await runCli(['tier', quick, 'a', '-w', ws]);
    assert.equal(t.code, 0, t.stderr);
    assert.equal(t.stdout.trim(), '"Rename a variable" is tier A: its runs use claude-code with model claude-tier-a-fast.');
    assert.equal(readBoard(ws).tasks.find((x) => x.id === quick)!.tier, 'A');
    assert.match((await runCli(['tier', quick, 'D', '-w', ws])).stderr, /A tier is A, B or C \(got "D"\)/);

    w.server.push({ blocks: [text('Renamed.')] }, { blocks: [text('Exported.')] });
    const r = await runCli(['run-all', '--concurrency', '1', '-w', ws], { env: w.env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`^▶ Rename a variable \\(${quick}\\) started · claude-code · model claude-tier-a-fast · tier A$`, 'm'));
    assert.match(r.stdout, new RegExp(`^▶ Add the export feature \\(${feature}\\) started · claude-code · model claude-tier-b-default · tier B$`, 'm'));
    assert.deepEqual(new Set(mainModels(w)), new Set(['claude-tier-a-fast', 'claude-tier-b-default']));

    // viban run picks the tier too, and an explicit --model wins over it.
    await runCli(['tier', feature, 'C', '-w', ws]);
    const before = w.server.mainRequests().length;
    w.server.push({ blocks: [text('Again.')] }, { blocks: [text('Once more.')] });
    const run = await runCli(['run', feature, '--mode', 'auto-edit', '-w', ws], { env: w.env });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const explicit = await runCli(['run', feature, '--mode', 'auto-edit', '--model', 'claude-chosen-by-hand', '-w', ws], { env: w.env });
    assert.equal(explicit.code, 0, explicit.stdout + explicit.stderr);
    assert.deepEqual(mainModels(w).slice(before), ['claude-tier-c-strong', 'claude-chosen-by-hand']);
  });
});
