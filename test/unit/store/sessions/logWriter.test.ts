// The session log on disk: one redacted LogEntry JSON a line, in order, identical to what the
// writer handed back to the views — even though lines are gathered and written in batches — and
// a backlog the executor can wait on when the disk falls behind.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { jsonOf, withJson } from '../../../../src/protocol/entryJson';
import type { LogEntry } from '../../../../src/protocol/logEntries';
import { LogWriter } from '../../../../src/store/sessions/logWriter';
import { Redactor } from '../../../../src/secrets/redactor';
import { removeTempDirs, tempDir } from '../../../support/agentSandboxes';

const ts = '2025-01-01T00:00:00.000Z';
const SECRET = 'exact-secret-value-42';

/** One sample of every key shape the redactor knows, plus an exact secret (raw and JSON-escaped). */
const SECRETS = [
  `sk-ant-api03-${'a'.repeat(20)}`,
  `sk-proj-${'B'.repeat(24)}`,
  `sk-${'c'.repeat(24)}`,
  `AIza${'d'.repeat(33)}`,
  `ghp_${'E'.repeat(36)}`,
  `gho_${'f'.repeat(36)}`,
  `github_pat_${'g'.repeat(40)}`,
  `xoxb-${'1'.repeat(12)}`,
  'AKIAABCDEFGHIJKLMNOP',
  SECRET,
];

const readLines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('LogWriter', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir('logwriter')));
  after(removeTempDirs);

  it('writes one line per entry, in order, equal to the entry it returned (seq last, as before)', async () => {
    const file = path.join(dir, 'a.jsonl');
    const writer = await LogWriter.open(file, 5, new Redactor({}));
    const returned: LogEntry[] = [];
    for (let i = 0; i < 3000; i++) {
      const entry: LogEntry = i % 3 ? { kind: 'assistant', id: `m${i % 7}`, ts, text: `token ${i} ünï 😀 "q"\n`, delta: true } : { kind: 'system', id: `s${i}`, ts, text: 'status', data: { n: i, nested: { a: [1, 2] } } };
      returned.push(writer.append(entry));
    }
    assert.equal(writer.nextSeq, 3005);
    await writer.close();
    const lines = readLines(file);
    assert.equal(lines.length, 3000);
    lines.forEach((line, i) => {
      assert.equal(line, JSON.stringify(returned[i]));
      assert.equal(returned[i]!.seq, 5 + i);
      assert.ok(line.endsWith(`,"seq":${5 + i}}`));
    });
  });

  it('an entry JSON cannot spell (a tool input nested 20,000 deep) goes in raw with its reason: no seq gap, nothing thrown', async () => {
    const file = path.join(dir, 'deep.jsonl');
    const writer = await LogWriter.open(file, 0, new Redactor({}));
    // JSON.parse reads it (it is how the normalizer got it); JSON.stringify overflows the stack.
    const input = JSON.parse(`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`);
    writer.append({ kind: 'user', id: 'u1', ts, text: 'before' });
    const written = writer.append({ kind: 'tool_use', id: 'tool:t1', ts, toolUseId: 't1', name: 'Bash', input, status: 'running' });
    writer.append({ kind: 'user', id: 'u2', ts, text: 'after' });
    await writer.close();
    const lines = readLines(file).map((l) => JSON.parse(l) as LogEntry);
    assert.deepEqual(lines.map((e) => e.seq), [0, 1, 2]);
    const raw = lines[1];
    assert.equal(raw.kind, 'raw');
    assert.deepEqual(raw, written);
    assert.match(raw.kind === 'raw' ? raw.line : '', /^\[viban: this tool_use entry could not be written whole \(Maximum call stack size exceeded\); as far as it could be spelled:\] \{"kind":"tool_use","id":"tool:t1".*"input":\{"a":\{"a":.*nested deeper than this, cut/);
  });

  it('appends after the lines already in the file and writes nothing after close', async () => {
    const file = path.join(dir, 'b.jsonl');
    fs.writeFileSync(file, '{"kind":"user","id":"u","ts":"x","text":"earlier","seq":0}\n');
    const writer = await LogWriter.open(file, 1, new Redactor({}));
    writer.append({ kind: 'user', id: 'u2', ts, text: 'later' });
    await writer.close();
    writer.append({ kind: 'user', id: 'u3', ts, text: 'too late' });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(readLines(file).map((l) => JSON.parse(l).text), ['earlier', 'later']);
  });

  it('masks every key shape and known secret, on disk and in the entry it returns', async () => {
    const file = path.join(dir, 'c.jsonl');
    const writer = await LogWriter.open(file, 0, new Redactor({ OPENAI_API_KEY: SECRET }));
    const returned = SECRETS.map((s, i) =>
      writer.append(i % 2 ? { kind: 'tool_result', id: `r${i}`, ts, toolUseId: `t${i}`, output: `export KEY=${s}\nok` } : { kind: 'tool_use', id: `t${i}`, ts, toolUseId: `t${i}`, name: 'Bash', input: { command: `curl -H "x: ${s}"` } }),
    );
    returned.push(writer.append({ kind: 'assistant', id: 'quoted', ts, text: `"${SECRET}"` }));
    returned.push(writer.append({ kind: 'assistant', id: 'clean', ts, text: 'nothing to hide' }));
    await writer.close();
    const disk = fs.readFileSync(file, 'utf8');
    for (const s of SECRETS) {
      assert.ok(!disk.includes(s), `${s} reached the disk`);
      assert.ok(!JSON.stringify(returned).includes(s), `${s} reached a view`);
    }
    assert.equal((disk.match(/\[REDACTED\]/g) ?? []).length, SECRETS.length + 1);
    assert.deepEqual(readLines(file).map((l) => JSON.parse(l)), returned);
    assert.equal((returned.at(-1) as { text: string }).text, 'nothing to hide');
  });

  it('reports a backlog while the disk is behind, which resolves once it caught up', async () => {
    const file = path.join(dir, 'd.jsonl');
    const writer = await LogWriter.open(file, 0, new Redactor({}));
    assert.equal(writer.backlog, undefined);
    const text = 'x'.repeat(4000);
    // Nothing can reach the disk while this loop runs: well over the high-water mark queues up.
    let i = 0;
    while (!writer.backlog && i < 5000) writer.append({ kind: 'assistant', id: 'a', ts, text: `${i++} ${text}`, delta: true });
    const backlog = writer.backlog;
    assert.ok(backlog, 'no backlog after queueing 20 MB');
    assert.ok(i * text.length > 900 * 1024, `backlog after only ${i} entries`);
    assert.equal(writer.backlog, backlog, 'one backlog promise while behind');
    await backlog;
    assert.equal(writer.backlog, undefined);
    await writer.close();
    assert.equal(readLines(file).length, i);
  });

  it('writes an entry made with its JSON as that text (still redacted); a copy of it is serialised afresh', async () => {
    const file = path.join(dir, 'e.jsonl');
    const writer = await LogWriter.open(file, 0, new Redactor({ OPENAI_API_KEY: SECRET }));
    // Spelled differently from JSON.stringify (\u000a for the newline), so the line shows which text was used.
    const made = withJson<LogEntry>({ kind: 'tool_result', id: 'r1', ts, toolUseId: 't1', output: 'a\nb' }, `{"kind":"tool_result","id":"r1","ts":"${ts}","toolUseId":"t1","output":"a\\u000ab"`);
    const secret = withJson<LogEntry>({ kind: 'tool_result', id: 'r2', ts, toolUseId: 't2', output: `key ${SECRET}` }, `{"kind":"tool_result","id":"r2","ts":"${ts}","toolUseId":"t2","output":"key ${SECRET}"`);
    const copy = { ...made, output: 'changed' } as LogEntry;
    assert.equal(jsonOf(copy), undefined, 'a copy carries no JSON');
    assert.equal(JSON.stringify(made), JSON.stringify({ kind: 'tool_result', id: 'r1', ts, toolUseId: 't1', output: 'a\nb' }), 'the JSON is invisible to serialisation');
    const returned = [writer.append(made), writer.append(secret), writer.append(copy)];
    await writer.close();
    const lines = readLines(file);
    assert.equal(lines[0], `{"kind":"tool_result","id":"r1","ts":"${ts}","toolUseId":"t1","output":"a\\u000ab","seq":0}`);
    assert.ok(!lines[1].includes(SECRET) && lines[1].includes('[REDACTED]'));
    assert.equal((returned[1] as { output: string }).output, 'key [REDACTED]');
    assert.equal(JSON.parse(lines[2]).output, 'changed');
    assert.deepEqual(lines.map((l) => JSON.parse(l)), returned);
  });
});
