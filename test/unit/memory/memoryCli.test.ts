// `viban memory` as a user types it: list, add, forget, --json, and clear usage errors (exit 2).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastLine, runCli, tempWorkspace } from '../cli/cliHarness';

describe('viban memory', function () {
  this.timeout(60_000);

  it('adds, lists (table and JSON, filtered), forgets', async () => {
    const ws = tempWorkspace('viban-memory-');
    const empty = await runCli(['memory', '-w', ws]);
    assert.equal(empty.code, 0);
    assert.match(empty.stderr, /Nothing remembered yet/);

    const add = await runCli(['memory', 'add', '--category', 'decision', 'No social login for now', '-w', ws]);
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stdout, /^Remembered \(decision\): No social login for now$/m);
    const id = lastLine(add.stdout);
    assert.match(id, /^mem_\w{10}$/);
    const open = await runCli(['memory', 'add', '-c', 'open', '--due', '2026-12-12', '--key', 'Retry policy', 'Revisit the retry policy', '-w', ws]);
    assert.equal(open.code, 0, open.stderr);

    const table = await runCli(['memory', '-w', ws]);
    assert.match(table.stdout, /^ID\s+CATEGORY\s+CONFIDENCE\s+VALUE$/m);
    assert.match(table.stdout, new RegExp(`^${id}\\s+decision\\s+1\\.00\\s+No social login for now$`, 'm'));
    assert.match(table.stdout, /open\s+1\.00\s+Revisit the retry policy \(due 2026-12-12\)/);

    const json = JSON.parse((await runCli(['memory', '--json', '--category', 'open', '-w', ws])).stdout);
    assert.deepEqual(json.items.map((i: { key: string }) => i.key), ['retry-policy']);

    const forget = await runCli(['memory', 'forget', id, '-w', ws]);
    assert.equal(forget.code, 0, forget.stderr);
    assert.match(forget.stdout, /Forgot \(decision\): No social login for now/);
    const file = JSON.parse(readFileSync(join(ws, '.viban', 'memory.json'), 'utf8'));
    assert.deepEqual(file.items.map((i: { value: string }) => i.value), ['Revisit the retry policy']);
  });

  it('bad usage: a clear message, exit 2, nothing written', async () => {
    const ws = tempWorkspace('viban-memory-');
    const cases: Array<[string[], RegExp]> = [
      [['memory', 'add', 'text'], /--category is required for add/],
      [['memory', 'add', '--category', 'rumour', 'x'], /--category must be one of decision, preference, open, context, experiment/],
      [['memory', 'add', '--category', 'decision'], /missing <text>/],
      [['memory', 'add', '-c', 'decision', '--due', '2026-01-01', 'x'], /--due is for open questions/],
      [['memory', 'forget'], /missing <id>/],
      [['memory', 'remember', 'x'], /unknown memory action "remember"/],
      [['memory', '--key', 'k'], /--key is for `viban memory add`/],
    ];
    for (const [args, expected] of cases) {
      const r = await runCli([...args, '-w', ws]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, expected, args.join(' '));
    }
    const unknown = await runCli(['memory', 'forget', 'mem_nothere00', '-w', ws]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no memory item "mem_nothere00"/);
    const badDate = await runCli(['memory', 'add', '-c', 'open', '--due', 'soon', 'x', '-w', ws]);
    assert.equal(badDate.code, 1);
    assert.match(badDate.stderr, /"soon" is not a date/);
  });
});
