// A workspace for worker tests: custom executors that are small real Node programs (they append
// their session id to a file, or sleep with a child of their own), tasks and runs queued through
// the same RunQueue a window uses, and real `viban worker` processes started from the CLI bundle.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { FolderRuntime } from '../../../src/app/folderRuntime';
import { createExecutorRegistry } from '../../../src/executors/builtins';
import { executorSettings } from '../../../src/cli/context';
import { loadHeadlessSettings } from '../../../src/cli/settings';
import { QueueFileSchema, type QueueJob } from '../../../src/protocol/queue';
import { WorkerRecordSchema, type WorkerRecord } from '../../../src/store/workers/workerRecord';
import { Redactor } from '../../../src/secrets/redactor';
import { startCli, tempWorkspace, writeSettings, type RunningCli } from '../cli/cliHarness';

const AGENTS = {
  // Appends its session id (from the tag every agent process carries) to ran.txt, then exits.
  'append.js': `const fs = require('fs'); const path = require('path');
fs.appendFileSync(path.join(__dirname, 'ran.txt'), process.env.VIBAN_SESSION_ID + '\\n');
console.log('appended ' + process.env.VIBAN_SESSION_ID);`,
  // Records its session and pid, starts a child of its own (an orphan candidate), sleeps as long
  // as the prompt says ("sleep 30000"), then exits 0.
  'sleeper.js': `const fs = require('fs'); const path = require('path'); const { spawn } = require('child_process');
const ms = Number((process.argv[2] || '').split(' ')[1] || 30000);
const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, ' + ms + ')'], { stdio: 'ignore' });
fs.appendFileSync(path.join(__dirname, 'started.txt'), JSON.stringify({ session: process.env.VIBAN_SESSION_ID, pid: process.pid, child: child.pid }) + '\\n');
console.log('sleeping ' + ms + ' ms');
setTimeout(() => { fs.appendFileSync(path.join(__dirname, 'finished.txt'), process.env.VIBAN_SESSION_ID + '\\n'); process.exit(0); }, ms);`,
};

export interface WorkerWorld {
  ws: string;
  /** Creates tasks and queues one run each (executor: "append" or "sleeper"); returns the jobs. */
  queueRuns(titles: string[], executorId: string): Promise<QueueJob[]>;
  startWorker(args: string[]): RunningCli;
  jobs(): QueueJob[];
  workerRecord(id: string): WorkerRecord | undefined;
  lines(file: string): string[];
  /** Opens the folder as a window would (board, sessions, queue without running anything). */
  openViewer(): Promise<FolderRuntime>;
}

export function workerWorld(): WorkerWorld {
  const ws = tempWorkspace('viban-workers-');
  mkdirSync(join(ws, '.viban'), { recursive: true });
  for (const [name, text] of Object.entries(AGENTS)) writeFileSync(join(ws, name), text);
  const custom = Object.keys(AGENTS).map((name) => {
    const id = name.replace('.js', '');
    return { id, label: id, command: process.execPath, args: [join(ws, name), '{prompt}'] };
  });
  writeSettings(ws, { executors: { custom } });

  const openViewer = async () => {
    const redactor = new Redactor();
    const settings = await loadHeadlessSettings(ws, redactor);
    const runtime = await FolderRuntime.open(ws, createExecutorRegistry(executorSettings(settings, ws)), redactor, { brokenBoard: 'throw' });
    await runtime.openQueue({ runHere: false, queue: { watch: false } });
    return runtime;
  };

  return {
    ws,
    openViewer,
    async queueRuns(titles, executorId) {
      const runtime = await openViewer();
      try {
        const jobs: QueueJob[] = [];
        for (const title of titles) {
          const taskId = await runtime.board.createTask({ title });
          jobs.push((await runtime.requireQueue().startRun({ taskId, executorId, permissionMode: 'full-auto' })).job);
        }
        return jobs;
      } finally {
        await runtime.dispose();
      }
    },
    startWorker: (args) => startCli(['worker', '-w', ws, ...args], { cwd: ws, timeoutMs: 600_000 }),
    jobs: () => QueueFileSchema.parse(JSON.parse(readFileSync(join(ws, '.viban', 'queue.json'), 'utf8'))).jobs,
    workerRecord: (id) => {
      const file = join(ws, '.viban', 'workers', `${id}.json`);
      return existsSync(file) ? WorkerRecordSchema.parse(JSON.parse(readFileSync(file, 'utf8'))) : undefined;
    },
    lines: (file) => (existsSync(join(ws, file)) ? readFileSync(join(ws, file), 'utf8').split('\n').filter(Boolean) : []),
  };
}
