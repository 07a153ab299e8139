// Assist (issue #14): context assembly for a 2,000-task board with 500 memory items and 200
// sessions, fitted into the token budget (target < 100 ms), and a 30-task plan → cards created
// and linked in one locked board write on that board (target < 200 ms).
import type { SessionMeta } from '../src/protocol/sessions';
import type { MemoryItem } from '../src/protocol/memory';
import { MEMORY_CATEGORIES } from '../src/protocol/memory';
import type { AssistPlan } from '../src/protocol/assist';
import { BoardService } from '../src/board/boardService';
import { newId } from '../src/store/ids';
import { assembleContext, DEFAULT_CONTEXT_BUDGET_TOKENS } from '../src/assist/assistContext';
import { planToBoard } from '../src/assist/planCards';
import { bigBoard } from './lib/boards';
import { BenchReport, QUICK, median, percentile, runBench, timeRuns } from './lib/report';
import { boardWorkspace } from './lib/workspace';

const TASKS = 2000;
const MEMORY_ITEMS = 500;
const SESSIONS = 200;
const PLAN_TASKS = 30;
const RUNS = QUICK ? 10 : 50;

runBench(async () => {
  const report = new BenchReport('assist', `${TASKS} tasks, ${MEMORY_ITEMS} memory items, ${SESSIONS} sessions; a ${PLAN_TASKS}-task plan`);
  const board = bigBoard(TASKS);
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  board.tasks.forEach((t, i) => {
    if (i % 17 === 0) Object.assign(t, { agentStatus: 'error', agentStatusMessage: 'checks failed: npm test' });
    if (i % 29 === 0) t.blockedBy = [board.tasks[Math.max(0, i - 1)].id].filter((id) => id !== t.id);
  });
  const memory: MemoryItem[] = Array.from({ length: MEMORY_ITEMS }, (_, i) => ({
    id: `m_${i}`, category: MEMORY_CATEGORIES[i % MEMORY_CATEGORIES.length], key: `area-${i}`, value: `The project prefers option ${i % 7} for area ${i}; see the design notes`, confidence: 0.3 + (i % 7) / 10, createdAt: at(i), updatedAt: at(i),
  }));
  const sessions = Array.from({ length: SESSIONS }, (_, i) => ({
    schemaVersion: 1, id: `s_${i}`, taskId: board.tasks[i * 7].id, executorId: 'claude-code', executorLabel: 'Claude Code', status: i % 5 ? 'succeeded' : 'failed', prompt: 'p', cwd: '/w', createdAt: at(i), entryCount: 10, costUsd: 0.02 * (i % 9),
  })) as unknown as SessionMeta[];
  const git = { branch: 'main', dirtyFiles: 3, commits: Array.from({ length: 15 }, (_, i) => ({ sha: `abc${i}def`, date: '2026-01-01', subject: `Commit number ${i}` })) };
  const project = { readme: { file: 'README.md', text: 'A project.\n'.repeat(500) }, manifest: { file: 'package.json', text: '{"name":"x"}' } };
  const inputs = { request: 'add a --json flag to the export command', board, sessions, memory, git, project };

  let last = assembleContext(inputs);
  const assemble = await timeRuns(RUNS, 5, () => (last = assembleContext(inputs)));
  report.figure({ label: `context assembly (${TASKS} tasks, ${MEMORY_ITEMS} memory, ${SESSIONS} sessions), median`, value: median(assemble), unit: 'ms', target: { max: 100, text: '< 100 ms' } });
  report.figure({ label: 'context assembly, p95', value: percentile(assemble, 95), unit: 'ms', target: { max: 100 }, note: `${RUNS} runs after 5 warm-up` });
  report.figure({ label: `context size (budget ${DEFAULT_CONTEXT_BUDGET_TOKENS} tokens)`, value: last.tokens, unit: 'tokens', target: { max: DEFAULT_CONTEXT_BUDGET_TOKENS }, note: `board ${last.parts.board.included}/${TASKS} tasks, memory ${last.parts.memory.included}/${MEMORY_ITEMS}, sessions ${last.parts.sessions.included}/${SESSIONS}` });

  const plan: AssistPlan = {
    summary: 'Bench plan', questions: [], risks: [],
    tasks: Array.from({ length: PLAN_TASKS }, (_, i) => ({ key: `k${i}`, title: `Planned task ${i}`, description: `Do part ${i}`, acceptance: `Part ${i} works`, tier: (['A', 'B', 'C'] as const)[i % 3], blockedBy: i ? [`k${i - 1}`, ...(i > 4 ? [`k${i - 4}`] : [])] : [], estimateMinutes: 3 })),
  };
  const root = boardWorkspace('assist', board);
  const service = new BoardService(root);
  await service.open();
  const cards = await timeRuns(QUICK ? 5 : 20, 2, () => service.update((b, now) => planToBoard(b, { plan, conversationId: 'a_bench', ids: plan.tasks.map(() => newId('t')), now }).board));
  report.figure({ label: `${PLAN_TASKS}-task plan → cards created and linked (one locked write, ${TASKS}+ task board), median`, value: median(cards), unit: 'ms', target: { max: 200, text: '< 200 ms' } });
  report.figure({ label: 'plan → cards, p95', value: percentile(cards, 95), unit: 'ms', target: { max: 200 } });
  service.dispose();
  report.done();
});
