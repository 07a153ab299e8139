// Memory stays bounded whatever the agent prints: the real `viban run` in a Node process capped
// at a 96 MB heap, reading a generated flood from a custom executor. Before the bounds, both
// floods below ran out of memory (the normalizer kept every streamed block it saw start; the
// human view kept the text of every streamed block).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, lastLine, listSessions, runCli, tempWorkspace, writeSettings } from './cliHarness';

const FLOOD = join(REPO_ROOT, 'test/fixtures/streams/claudeFlood.js');
const HEAP_CAP = ['--max-old-space-size=96'];

async function floodRun(kind: 'starts' | 'deltas', count: number, extra: string[] = []) {
  const ws = tempWorkspace();
  writeSettings(ws, { executors: { custom: [{ id: 'flood', label: 'Flood', command: process.execPath, args: [FLOOD, kind, String(count), '{prompt}'], outputFormat: 'claude-stream-json' }] } });
  const add = await runCli(['add', 'Flood', '-w', ws]);
  assert.equal(add.code, 0, add.stderr);
  const r = await runCli(['run', lastLine(add.stdout), '--executor', 'flood', '--mode', 'full-auto', ...extra, '-w', ws], { nodeArgs: HEAP_CAP, timeoutMs: 170_000 });
  return { ws, r };
}

describe('viban run under a 96 MB heap cap', function () {
  this.timeout(180_000);

  it('1,000,000 content_block_start lines whose blocks never complete: the run completes', async () => {
    const { ws, r } = await floodRun('starts', 1_000_000, ['--json']);
    assert.equal(r.code, 0, `exit ${r.code} ${r.signal ?? ''}\n${r.stderr.slice(-2000)}`);
    assert.equal(listSessions(ws)[0].status, 'succeeded');
  });

  it('1,000,000 text deltas, each its own block, in the default human view: the run completes and shows them', async () => {
    const { ws, r } = await floodRun('deltas', 1_000_000);
    assert.equal(r.code, 0, `exit ${r.code} ${r.signal ?? ''}\n${r.stderr.slice(-2000)}`);
    assert.match(r.stdout, /delta number 0 of the flood /);
    assert.match(r.stdout, /delta number 999999 of the flood /);
    const [meta] = listSessions(ws);
    assert.equal(meta.status, 'succeeded');
    // Every delta is in the log (merged per chunk only within a block, and each is its own block).
    const log = readFileSync(join(ws, '.viban', 'sessions', `${meta.id}.jsonl`), 'utf8');
    assert.ok(log.includes('"delta number 999999 of the flood "'));
  });
});
