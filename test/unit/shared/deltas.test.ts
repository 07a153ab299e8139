import { strict as assert } from 'node:assert';
import type { LogEntry } from '../../../src/protocol/logEntries';
import { continuesText, isDeltaOf, textAfter } from '../../../src/shared/deltas';
import { deriveReply } from '../../../src/conversation/replyFromLog';
import { finalAnswer } from '../../../src/review/answerPatch';
import { LogModel } from '../../../webview/session/logModel';

const ts = '2026-01-01T00:00:00.000Z';
const say = (id: string, text: string, delta?: boolean): LogEntry => ({ kind: 'assistant', id, ts, text, ...(delta && { delta }) });

describe('shared delta merging', () => {
  it('a delta appends, a full entry replaces', () => {
    assert.equal(textAfter(undefined, say('a', 'Hel', true) as never), 'Hel');
    assert.equal(textAfter('Hel', say('a', 'lo', true) as never), 'Hello');
    assert.equal(textAfter('Hello', say('a', 'Hello!') as never), 'Hello!');
  });

  it('tells which entries continue which', () => {
    assert.ok(isDeltaOf(say('a', 'x', true), say('a', 'y', true)));
    assert.ok(!isDeltaOf(say('a', 'x', true), say('b', 'y', true)), 'another id');
    assert.ok(!isDeltaOf(say('a', 'x'), say('a', 'y', true)), 'after a full entry the executor starts a new one');
    assert.ok(!continuesText({ kind: 'thinking', id: 'a', ts, text: 'x', delta: true }, say('a', 'y', true)), 'another kind');
  });

  it('the log view, the conversation reply and the review answer build the same text from one stream', () => {
    const stream = [say('m1', 'Par', true), say('m1', 'tial', true), say('m1', ' answer', true)];
    const model = new LogModel();
    model.append(stream.map((e, seq) => ({ ...e, seq })));
    const shown = model.items.map((i) => (i.entry as { text: string }).text);
    assert.deepEqual(shown, ['Partial answer']);
    assert.equal(finalAnswer(stream), 'Partial answer');
    assert.equal(deriveReply(stream, undefined, { turn: 'all' }).content, 'Partial answer');
  });
});
