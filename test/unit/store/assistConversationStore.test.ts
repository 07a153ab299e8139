// Assist's conversations on disk: messages with the snapshot of what Assist knew, secrets masked,
// concurrent appends from two processes' worth of writers kept, a corrupt file moved aside.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssistConversationStore, UnknownConversationError } from '../../../src/store/assist/assistConversationStore';
import { Redactor } from '../../../src/secrets/redactor';
import type { StoreProblem } from '../../../src/protocol/messages';

describe('assist conversation store', () => {
  let ws: string;
  beforeEach(() => (ws = mkdtempSync(join(tmpdir(), 'viban-assist-store-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('keeps messages with the snapshot they were answered with, in .viban/assist/<id>.json', async () => {
    const store = new AssistConversationStore(ws, new Redactor());
    const c = await store.create('add a --json flag');
    const snap = { text: '## Board: 0 task(s)', tokens: 5, budgetTokens: 8000, parts: { board: { included: 0, total: 0 } } };
    const { messages } = await store.append(c.id, [{ role: 'user', kind: 'request', text: 'add a --json flag' }, { role: 'assistant', kind: 'answer', text: 'Sure.' }], snap);
    const back = await store.get(c.id);
    assert.equal(back?.messages.length, 2);
    assert.equal(back?.messages[0].snapshotId, undefined);
    assert.equal(back?.messages[1].snapshotId, back?.snapshots[0].id);
    assert.equal(back?.snapshots[0].text, '## Board: 0 task(s)');
    assert.deepEqual(messages.map((m) => m.text), ['add a --json flag', 'Sure.']);
    assert.ok(existsSync(join(ws, '.viban', 'assist', `${c.id}.json`)));
    assert.deepEqual((await store.list()).map((x) => x.id), [c.id]);
  });

  it('masks a key quoted in a request, and loses no message to concurrent appends', async () => {
    const store = new AssistConversationStore(ws, new Redactor());
    const c = await store.create('hello');
    const other = new AssistConversationStore(ws, new Redactor());
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? store : other).append(c.id, [{ role: 'user', kind: 'request', text: `message ${i} sk-ant-api03-${'x'.repeat(40)}` }])));
    const back = (await store.get(c.id))!;
    assert.equal(back.messages.length, 20);
    assert.ok(back.messages.every((m) => !m.text.includes('sk-ant-api03')), 'no key on disk');
    assert.ok(!readFileSync(store.file(c.id), 'utf8').includes('sk-ant-api03'));
  });

  it('moves a corrupt conversation aside and reports it; an unknown id is a clear error', async () => {
    const problems: StoreProblem[] = [];
    const store = new AssistConversationStore(ws, new Redactor(), { onProblem: (p) => problems.push(p) });
    const c = await store.create('x');
    writeFileSync(store.file(c.id), '{"schemaVersion": 1, "id": ');
    assert.equal(await store.get(c.id), undefined);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /could not be used: it is not valid JSON/);
    const aside = readdirSync(join(ws, '.viban', 'assist')).filter((n) => n.startsWith(`${c.id}.json.corrupt-`));
    assert.equal(aside.length, 1, 'the broken file is kept beside, not overwritten');
    assert.equal(readFileSync(join(ws, '.viban', 'assist', aside[0]), 'utf8'), '{"schemaVersion": 1, "id": ');
    await assert.rejects(store.append('a_nothere', [{ role: 'user', kind: 'request', text: 'x' }]), UnknownConversationError);
    await assert.rejects(store.get('../board'), /is not a valid conversation id/);
  });
});
