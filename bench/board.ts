// Board store: load + validate a 2,000-task board.json, and one persisted move (BoardService.moveTask:
// lock, fresh read, rule, validate, atomic write). Targets: load < 50 ms, move < 20 ms.
import { BoardService } from '../src/board/boardService';
import { BoardStore } from '../src/store/boardStore';
import { bigBoard, rng } from './lib/boards';
import { BenchReport, QUICK, median, percentile, runBench, timeRuns } from './lib/report';
import { boardWorkspace } from './lib/workspace';
import { statSync } from 'node:fs';
import path from 'node:path';

const TASKS = 2000;
const LOAD_RUNS = QUICK ? 10 : 30;
const MOVES = QUICK ? 15 : 50;

runBench(async () => {
  const report = new BenchReport('board', `${TASKS}-task board on disk`);
  const board = bigBoard(TASKS);
  const root = boardWorkspace('board', board);
  const file = path.join(root, '.viban', 'board.json');
  report.log(`board.json: ${(statSync(file).size / 1024).toFixed(0)} KB, ${board.columns.length} columns`);

  // Load: a fresh store each time, as a window or the `viban` command opening the folder does.
  const loads = await timeRuns(LOAD_RUNS, 5, async () => {
    const result = await new BoardStore({ root }).load();
    if (result.board.tasks.length !== TASKS || result.problems.length) throw new Error(`unexpected load result: ${JSON.stringify(result.problems)}`);
  });
  report.figure({ label: 'load + validate, median', value: median(loads), unit: 'ms', target: { max: 50 } });
  report.figure({ label: 'load + validate, p95', value: percentile(loads, 95), unit: 'ms', target: { max: 50 }, note: `${LOAD_RUNS} runs after 5 warm-up` });

  // Moves: a long-lived service (the extension's), random card to a random column and position.
  const service = new BoardService(root);
  await service.open();
  const rand = rng(7);
  const columns = board.columns.map((c) => c.id);
  const moveOnce = async () => {
    const tasks = service.current.board.tasks;
    const task = tasks[Math.floor(rand() * tasks.length)];
    const to = columns[Math.floor(rand() * columns.length)];
    await service.moveTask(task.id, to, Math.floor(rand() * (TASKS / columns.length)));
  };
  const moves = await timeRuns(MOVES, 5, moveOnce);
  service.dispose();
  report.figure({ label: 'persisted move, median', value: median(moves), unit: 'ms', target: { max: 20 } });
  report.figure({ label: 'persisted move, p95', value: percentile(moves, 95), unit: 'ms', target: { max: 20 }, note: `${MOVES} moves after 5 warm-up` });
  report.done();
});
