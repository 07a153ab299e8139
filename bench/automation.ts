// Stage automation (#13): gate evaluation on a 20,000-file worktree (a glob and a content check),
// a catalog sync of 500 skills, and moving a card into an automated column until its run is queued.
// Targets: < 200 ms, < 500 ms, < 50 ms.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { evaluateGates } from '../src/automation/gates';
import { SkillCatalog } from '../src/automation/skillCatalog';
import { FolderRuntime } from '../src/app/folderRuntime';
import { ExecutorRegistry } from '../src/executors/registry';
import { Redactor } from '../src/secrets/redactor';
import type { Gate } from '../src/protocol/automation';
import { BenchReport, QUICK, median, percentile, runBench, timeRuns } from './lib/report';

const FILES = 20_000;
const SKILLS = 500;
const RUNS = QUICK ? 5 : 20;
const MOVES = QUICK ? 10 : 40;

runBench(async () => {
  const report = new BenchReport('automation', 'gates, skill catalog, move → run queued');
  const scratch = mkdtempSync(path.join(tmpdir(), 'viban-bench-automation-'));
  try {
    // ---- gates on a 20,000-file worktree ----
    const wt = path.join(scratch, 'worktree');
    for (let d = 0; d < 100; d++) {
      const dir = path.join(wt, 'src', `module${d}`, d % 2 ? 'lib' : 'util');
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < FILES / 100; f++) writeFileSync(path.join(dir, `file${f}.ts`), `export const v${f} = ${f};\n`);
    }
    mkdirSync(path.join(wt, 'docs', 'specs'), { recursive: true });
    writeFileSync(path.join(wt, 'docs', 'specs', 'prd.md'), `# PRD\n\n${'Some text.\n'.repeat(2000)}\n## Problem\n\n## Goals\n\n## Success Metrics\n`);
    const gates: Gate[] = [
      { id: 'prd', name: 'PRD exists', type: 'file_exists', config: { pattern: '**/prd.md' }, required: true, failureMessage: '' },
      { id: 'sections', name: 'PRD sections', type: 'content_check', config: { file: 'docs/specs/prd.md', requiredSections: ['Problem', 'Goals', 'Success Metrics'] }, required: true, failureMessage: '' },
    ];
    const gateTimes = await timeRuns(RUNS, 2, async () => {
      const r = await evaluateGates(gates, { cwd: wt, artifacts: [], outputs: {} });
      if (!r.every((g) => g.passed)) throw new Error(`gates did not pass: ${JSON.stringify(r)}`);
    });
    report.figure({ label: `gates (glob + content check), ${FILES} files, median`, value: median(gateTimes), unit: 'ms', target: { max: 200 } });
    report.figure({ label: 'gates, p95', value: percentile(gateTimes, 95), unit: 'ms', target: { max: 200 }, note: `${RUNS} runs after 2 warm-up` });

    // ---- catalog sync of 500 skills ----
    const ws = path.join(scratch, 'skills-ws');
    for (let i = 0; i < SKILLS; i++) {
      const dir = path.join(ws, '.viban', 'skills', `skill-${i}`);
      mkdirSync(path.join(dir, 'templates'), { recursive: true });
      writeFileSync(path.join(dir, 'SKILL.md'), `---\nname: Skill ${i}\ndescription: Does thing ${i}\ntags: [bench, n${i % 10}]\noutputs: [out${i}.md, score]\n---\n\n${'Instructions line.\n'.repeat(40)}`);
      writeFileSync(path.join(dir, 'prompt.txt'), `Prompt ${i} {{task.title}}`);
      writeFileSync(path.join(dir, 'templates', 'out.md'), `# Out ${i}\n`);
    }
    const catalog = new SkillCatalog(ws);
    // From scratch: no skills.json, every SKILL.md parsed, the catalog written.
    const first = await timeRuns(QUICK ? 3 : 8, 1, async () => {
      rmSync(path.join(ws, '.viban', 'skills.json'), { force: true });
      const r = await catalog.rescan();
      if (r.skills.length !== SKILLS) throw new Error(`synced ${r.skills.length} skills`);
    });
    report.figure({ label: `catalog sync, ${SKILLS} skills, from scratch, median`, value: median(first), unit: 'ms', target: { max: 500 } });
    const again = await timeRuns(RUNS, 1, () => catalog.rescan());
    report.figure({ label: `catalog sync, ${SKILLS} skills, unchanged, median`, value: median(again), unit: 'ms', target: { max: 500 } });

    // ---- move into an automated column → run queued ----
    const boardWs = path.join(scratch, 'board-ws');
    mkdirSync(path.join(boardWs, '.viban'), { recursive: true });
    writeFileSync(path.join(boardWs, '.viban', 'recipes.json'), JSON.stringify({ schemaVersion: 1, recipes: { todo: { automationLevel: 'human_approval', gates: [gates[0]] } } }));
    const rt = await FolderRuntime.open(boardWs, new ExecutorRegistry(), new Redactor({}), { queue: { queue: { watch: false } }, watchRecipes: false });
    try {
      const ids: string[] = [];
      for (let i = 0; i < MOVES + 3; i++) ids.push(await rt.board.createTask({ title: `Card ${i}`, columnId: 'backlog' }));
      const moveTimes = await timeRuns(MOVES, 3, async (i) => {
        const taskId = ids[i];
        const queued = new Promise<void>((resolve) => {
          const off = rt.automation.onRunChange((run) => {
            if (run.taskId === taskId && run.status === 'queued') {
              off();
              resolve();
            }
          });
        });
        await rt.board.moveTask(taskId, 'todo', 0);
        await queued;
      });
      report.figure({ label: 'move into automated column → run queued, median', value: median(moveTimes), unit: 'ms', target: { max: 50 } });
      report.figure({ label: 'move → run queued, p95', value: percentile(moveTimes, 95), unit: 'ms', target: { max: 50 }, note: `${MOVES} moves after 3 warm-up; includes the persisted move and events.jsonl` });
    } finally {
      await rt.dispose();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  report.done();
});
