// Every line an agent prints ends up in the session log, normalized or raw — also lines of a known
// type whose fields have other types than Claude Code writes (tool results, system notes): the
// real `viban run` of a custom executor that prints them, and the log on disk read back.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastLine, listSessions, runCli, tempWorkspace, writeSettings } from './cliHarness';

const ODD = [
  '{"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":{"x":1},"content":"ok"}]}}',
  '{"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":{"o":1}}]}]}}',
  '{"type":"user","message":{"role":"user","content":[{"type":"image","source":{}}]}}',
  '{"type":"system","subtype":{"an":"object"}}',
  '{"type":"system","subtype":"status","status":{"o":1}}',
  '{"type":"system","subtype":"hook_response","uuid":{"a":1},"message":"one"}',
  '{"type":"system","subtype":"hook_response","uuid":{"a":1},"message":"two"}',
];

describe('viban run: lines of a known type with odd field types', function () {
  this.timeout(60_000);

  it('are all in the log as raw entries, with their text, in order', async () => {
    const ws = tempWorkspace();
    const transcript = join(ws, 'odd.jsonl');
    // Then the result line that ends a successful run.
    writeFileSync(transcript, [...ODD, '{"type":"result","subtype":"success","is_error":false,"result":"done","uuid":"r1"}'].join('\n') + '\n');
    writeSettings(ws, { executors: { custom: [{ id: 'odd', label: 'Odd', command: 'sh', args: ['-c', 'cat "$1"', 'sh', transcript, '{prompt}'], outputFormat: 'claude-stream-json' }] } });
    const add = await runCli(['add', 'Odd lines', '-w', ws]);
    assert.equal(add.code, 0, add.stderr);
    const r = await runCli(['run', lastLine(add.stdout), '--executor', 'odd', '--mode', 'full-auto', '--json', '-w', ws]);
    assert.equal(r.code, 0, r.stderr);
    const [meta] = listSessions(ws);
    const log = readFileSync(join(ws, '.viban', 'sessions', `${meta.id}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(log.filter((e) => e.kind === 'raw').map((e) => e.line), ODD);
    assert.equal(new Set(log.map((e) => e.id)).size, log.length, 'no two entries share an id (a view would show one)');
  });
});
