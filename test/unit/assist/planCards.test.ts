// A confirmed plan becomes cards in ONE board write (all or nothing), and Assist's follow-up says
// what became of them in plain words.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BoardService } from '../../../src/board/boardService';
import { BoardStore } from '../../../src/store/boardStore';
import { AssistConversationStore } from '../../../src/store/assist/assistConversationStore';
import { Redactor } from '../../../src/secrets/redactor';
import type { AssistPlan, PlanTask } from '../../../src/protocol/assist';
import type { Board, Task } from '../../../src/protocol/model';
import { startPlan, type AssistDeps } from '../../../src/assist/assistant';
import { planToBoard } from '../../../src/assist/planCards';
import { followUpMessage, planSentence } from '../../../src/assist/planWords';

const task = (key: string, blockedBy: string[] = [], tier: PlanTask['tier'] = 'B'): PlanTask => ({ key, title: `Task ${key}`, description: `About ${key}`, acceptance: '', tier, blockedBy, estimateMinutes: 2 });
const plan = (tasks: PlanTask[]): AssistPlan => ({ summary: 'Do the thing.', questions: [], tasks, risks: [] });

describe('assist: plan → cards', () => {
  let ws: string;
  let service: BoardService;
  beforeEach(async () => {
    ws = mkdtempSync(join(tmpdir(), 'viban-assist-cards-'));
    service = new BoardService(ws);
    await service.open();
  });
  afterEach(() => {
    service.dispose();
    rmSync(ws, { recursive: true, force: true });
  });

  const deps = (conversations: AssistConversationStore): AssistDeps => ({ root: ws, conversations, board: service, sessions: async () => [], memory: async () => [], executor: undefined as never });

  it('writes a 30-task plan as linked, tiered, tagged cards in one store write, and records them in the conversation', async () => {
    const tasks = Array.from({ length: 30 }, (_, i) => task(`k${i}`, i ? [`k${i - 1}`, ...(i > 5 ? [`k${i - 5}`] : [])] : [], i % 3 === 0 ? 'A' : 'B'));
    const conversations = new AssistConversationStore(ws, new Redactor());
    const c = await conversations.create('thirty');
    const writes: Board[] = [];
    service.onDidChange((s) => writes.push(s.board));
    const ids = await startPlan(deps(conversations), c.id, plan(tasks));
    assert.equal(writes.length, 1, 'one write');
    const onDisk = (await new BoardStore({ root: ws }).load()).board;
    const byKey = new Map(onDisk.tasks.map((t) => [t.fromAssist!.key, t]));
    assert.equal(byKey.size, 30);
    assert.deepEqual(byKey.get('k7')!.blockedBy, [ids.k6, ids.k2]);
    assert.equal(byKey.get('k3')!.tier, 'A');
    assert.equal(byKey.get('k4')!.tier, undefined, 'the default tier is stored as no field');
    assert.ok(onDisk.tasks.every((t) => t.columnId === 'todo' && t.fromAssist!.conversationId === c.id));
    assert.deepEqual((await conversations.get(c.id))!.messages.map((m) => [m.kind, m.taskIds]), [['started', ids]]);
  });

  it('a plan that cannot be placed writes nothing at all', async () => {
    const board = service.current.board;
    assert.throws(() => planToBoard(board, { plan: plan([task('a'), task('b')]), conversationId: 'a_x', ids: ['t_1', 't_1'], now: 'n' }), /already exists|t_1/);
    await assert.rejects(service.update((b, now) => planToBoard(b, { plan: plan([task('a')]), conversationId: 'a_x', ids: ['t_1'], now, columnId: 'nowhere' }).board), /no column "nowhere"/);
    assert.equal((await new BoardStore({ root: ws }).load()).board.tasks.length, 0);
  });

  it('says the plan and the outcome in plain words', () => {
    assert.equal(planSentence(plan([task('b', ['a']), task('a')])), "I'll do the thing: task a, task b. About 4 minutes.");
    const t = (id: string, title: string, extra: Partial<Task> = {}): Task => ({ id, columnId: 'todo', order: 1, title, description: '', createdAt: 'x', updatedAt: 'x', agentStatus: 'done', ...extra });
    const tasks = [t('t1', 'Add the flag'), t('t2', 'Add a serializer'), t('t3', 'Update the README', { agentStatus: 'error', verification: { state: 'checks_failed', attempts: 2, at: 'x' } }), t('t4', 'Publish')];
    assert.equal(
      followUpMessage({ succeeded: ['t1', 't2'], failed: ['t3'], held: [{ taskId: 't4', reason: 'held: Update the README failed' }], stopped: [], waiting: [] }, tasks),
      'Finished: "Add the flag" and "Add a serializer". "Update the README" failed its checks twice — want me to look? "Publish" is on hold: held: Update the README failed.',
    );
    assert.equal(followUpMessage({ succeeded: ['t1'], failed: [], held: [], stopped: [], waiting: [] }, tasks), 'Done: "Add the flag".');
  });
});
