import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ConversationStore } from '../../../src/conversation';
import { Redactor } from '../../../src/secrets/redactor';
import { ConversationMessageSchema, ConversationPageSchema, type ConversationMessage } from '../../../src/protocol/conversation';
import { makeTempRoot, removeTempRoot } from '../store/helpers';
import { runInLockstep } from '../queue/lockstepWorkers';

const WORKER = path.join(__dirname, 'fixtures', 'conversationWorker.ts');
const TASK = 't_conv';

async function records(store: ConversationStore, taskId = TASK): Promise<string[]> {
  return (await fs.readFile(store.file(taskId), 'utf8')).split('\n').filter(Boolean);
}

describe('conversation/store', () => {
  let root: string;
  let store: ConversationStore;
  let tick: number;
  beforeEach(async () => {
    root = await makeTempRoot();
    tick = Date.parse('2026-03-01T10:00:00.000Z');
    store = new ConversationStore(root, new Redactor({}), { now: () => new Date((tick += 1000)) });
  });
  afterEach(async () => removeTempRoot(root));

  it('appends messages with sequences 1, 2, 3 and folds superseding records by id, last wins', async () => {
    const ask = await store.append(TASK, { role: 'user', content: 'Add a README', status: 'pending', metadata: { jobId: 'q_1' } });
    const reply = await store.append(TASK, { role: 'assistant', content: '' });
    const note = await store.append(TASK, { role: 'system', content: 'Session started' });
    assert.deepEqual([ask.sequence, reply.sequence, note.sequence], [1, 2, 3]);
    assert.deepEqual([ask.status, reply.status, note.status], ['pending', 'pending', 'completed']);

    await store.update(TASK, ask.id, { status: 'processing' });
    await store.update(TASK, reply.id, { status: 'processing', content: 'Writing' });
    await store.update(TASK, reply.id, { content: 'Writing the README now.' });
    const done = await store.update(TASK, reply.id, {
      status: 'completed',
      metadata: { executorId: 'claude-code', sessionId: 's_1', inputTokens: 820, outputTokens: 115, costUsd: 0.0056, durationMs: 3100 },
    });
    await store.update(TASK, ask.id, { status: 'completed', metadata: { sessionId: 's_1' } });
    assert.equal(done.revision, 3);
    assert.equal(done.sequence, 2, 'a superseding record keeps the sequence');
    assert.equal(done.createdAt, reply.createdAt);
    assert.ok(done.updatedAt > reply.updatedAt);

    assert.equal((await records(store)).length, 8, 'every change is a new line; nothing is rewritten');
    const page = ConversationPageSchema.parse(await store.load(TASK));
    assert.deepEqual(page.messages.map((m) => [m.sequence, m.role, m.status, m.content]), [
      [1, 'user', 'completed', 'Add a README'],
      [2, 'assistant', 'completed', 'Writing the README now.'],
      [3, 'system', 'completed', 'Session started'],
    ]);
    assert.deepEqual(page.messages[0].metadata, { jobId: 'q_1', sessionId: 's_1' }, 'metadata patches merge');
    assert.equal(page.messages[1].metadata?.costUsd, 0.0056);
    assert.equal(page.hasOlder, false);
    assert.equal((await store.get(TASK, reply.id))?.content, 'Writing the README now.');
    await assert.rejects(store.update(TASK, 'm_nope', { status: 'failed' }), /no message "m_nope"/);
  });

  it('returns the existing message when an append repeats a caller-chosen id', async () => {
    const first = await store.append(TASK, { id: 'req-42', role: 'user', content: 'Run the tests' });
    const again = await store.append(TASK, { id: 'req-42', role: 'user', content: 'Run the tests' });
    assert.deepEqual(again, first);
    assert.equal((await records(store)).length, 1);
  });

  it('pages from the end, newest page first, with late updates of old messages folded in', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 250; i++) ids.push((await store.append(TASK, { role: i % 2 ? 'user' : 'assistant', content: `message ${i} ${'ü'.repeat(i % 50)}`, status: 'pending' })).id);
    // Late changes to old messages land at the very end of the file.
    await store.update(TASK, ids[4], { status: 'failed', metadata: { error: 'boom' } });
    await store.update(TASK, ids[248], { status: 'completed' });

    const newest = await store.load(TASK, { limit: 20 });
    assert.deepEqual(newest.messages.map((m) => m.sequence), Array.from({ length: 20 }, (_, i) => 231 + i));
    assert.equal(newest.hasOlder, true);
    assert.equal(newest.messages.find((m) => m.sequence === 249)?.status, 'completed');

    const seen: ConversationMessage[] = [...newest.messages];
    let before = newest.messages[0].sequence;
    for (;;) {
      const page = await store.load(TASK, { before, limit: 20 });
      assert.ok(page.messages.length > 0);
      assert.ok(page.messages.every((m) => m.sequence < before));
      seen.unshift(...page.messages);
      before = page.messages[0].sequence;
      if (!page.hasOlder) break;
    }
    assert.deepEqual(seen.map((m) => m.sequence), Array.from({ length: 250 }, (_, i) => i + 1));
    assert.equal(seen[4].status, 'failed', 'the late update of message 5 is the version shown');
    assert.equal(seen[4].metadata?.error, 'boom');
    assert.equal(new Set(seen.map((m) => m.id)).size, 250);
    assert.deepEqual(await store.load('t_empty'), { taskId: 't_empty', messages: [], hasOlder: false });
  });

  it('tolerates a torn last line from a crash, and the next append starts on a fresh line', async () => {
    await store.append(TASK, { role: 'user', content: 'one' });
    await store.append(TASK, { role: 'assistant', content: 'two', status: 'completed' });
    const torn = '{"id":"m_torn","taskId":"t_conv","sequence":3,"revision":0,"role":"assis';
    await fs.appendFile(store.file(TASK), torn);
    // A fresh store (another window, or after a restart) has no cached tail.
    const reopened = new ConversationStore(root, new Redactor({}));
    const page = await reopened.load(TASK);
    assert.deepEqual(page.messages.map((m) => m.content), ['one', 'two']);
    const three = await reopened.append(TASK, { role: 'user', content: 'three' });
    assert.equal(three.sequence, 3, 'the torn record never existed, so its sequence is used');
    const lines = await records(reopened);
    assert.equal(lines[2], torn, 'the torn bytes are kept, not rewritten');
    assert.equal(JSON.parse(lines[3]).content, 'three');
    assert.deepEqual((await reopened.load(TASK)).messages.map((m) => m.content), ['one', 'two', 'three']);
  });

  it('never writes a planted key to the file', async () => {
    const envKey = 'env-secret-value-0123456789';
    const redacting = new ConversationStore(root, new Redactor({ OPENAI_API_KEY: envKey }));
    const planted = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345';
    const m = await redacting.append(TASK, { role: 'user', content: `use ${planted} and ${envKey}` });
    await redacting.update(TASK, m.id, { status: 'failed', metadata: { error: `401 for ${planted}` } });
    const text = await fs.readFile(redacting.file(TASK), 'utf8');
    assert.ok(!text.includes(planted) && !text.includes(envKey), text);
    assert.equal(m.content, 'use [REDACTED] and [REDACTED]', 'the caller gets what was written');
    const [loaded] = (await redacting.load(TASK)).messages;
    assert.equal(loaded.metadata?.error, '401 for [REDACTED]');
  });

  it('refuses a task id that would escape the messages folder', async () => {
    await assert.rejects(store.append('../board', { role: 'user', content: 'x' }), /not a valid task id/);
  });

  it('continues the numbering after another writer appended between its own writes', async () => {
    // Two stores are two windows: each caches the end of the file it last wrote.
    const a = new ConversationStore(root, new Redactor({}));
    const b = new ConversationStore(root, new Redactor({}));
    const one = await a.append(TASK, { role: 'user', content: 'one' });
    await b.append(TASK, { role: 'assistant', content: 'two' });
    await a.update(TASK, one.id, { status: 'failed' }); // a writes without needing a new sequence
    assert.equal((await a.append(TASK, { role: 'user', content: 'three' })).sequence, 3);
    assert.equal((await b.append(TASK, { role: 'user', content: 'four' })).sequence, 4);
  });

  it('keeps sequences unique and gap-free when two real processes append at once', async () => {
    const perWorker = 30;
    const runs = await runInLockstep(WORKER, ['p', 'q'].map((prefix) => ['append', root, TASK, String(perWorker), prefix]));
    runs.forEach((r) => assert.equal(r.code, 0, r.stderr));
    const lines = await records(store);
    assert.equal(lines.length, 4 * perWorker, 'every append and update is a whole line');
    lines.forEach((l) => ConversationMessageSchema.parse(JSON.parse(l)));
    const page = await store.load(TASK, { limit: 1000 });
    assert.deepEqual(page.messages.map((m) => m.sequence), Array.from({ length: 2 * perWorker }, (_, i) => i + 1));
    assert.ok(page.messages.every((m) => m.status === 'processing'));
    for (const prefix of ['p', 'q']) {
      const mine = page.messages.filter((m) => m.content.startsWith(`${prefix}-`)).map((m) => Number(m.content.split('-')[1]));
      assert.deepEqual(mine, Array.from({ length: perWorker }, (_, i) => i), `${prefix}'s messages keep their order`);
    }
    // This process's cached tail is stale now; it must notice and continue the numbering.
    assert.equal((await store.append(TASK, { role: 'user', content: 'after' })).sequence, 2 * perWorker + 1);
    const leftovers = (await fs.readdir(store.dir)).filter((f) => !f.endsWith('.jsonl'));
    assert.deepEqual(leftovers, [], 'no lock file is left');
  });
});
