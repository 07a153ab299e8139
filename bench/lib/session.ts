// A real FolderRuntime (board + SessionStore + SessionManager) in a temp workspace, running a
// custom executor from settings: the same path a user's custom agent takes in the extension.
import { createCustomExecutor, parseCustomExecutors } from '../../src/executors/cli/custom';
import { ExecutorRegistry } from '../../src/executors/registry';
import type { LogEntry } from '../../src/protocol/logEntries';
import type { SessionMeta } from '../../src/protocol/sessions';
import { FolderRuntime } from '../../src/app/folderRuntime';
import { Redactor } from '../../src/secrets/redactor';
import { bigBoard } from './boards';
import { boardWorkspace } from './workspace';

export interface BenchRuntime {
  runtime: FolderRuntime;
  taskId: string;
  /** Starts the executor and resolves when the session has ended (log closed, meta saved). */
  run(onEntries?: (sessionId: string, entries: LogEntry[]) => void): Promise<{ meta: SessionMeta; entries: number }>;
  dispose(): Promise<void>;
}

/** `command` + `args` as a user would put them in `viban.executors.custom` (args must hold {prompt}). */
export async function benchRuntime(name: string, command: string, args: string[]): Promise<BenchRuntime> {
  const parsed = parseCustomExecutors([{ id: 'bench-agent', label: 'Bench agent', command, args, outputFormat: 'claude-stream-json' }]);
  if (parsed.errors.length) throw new Error(parsed.errors.join('\n'));
  const registry = new ExecutorRegistry();
  registry.register(createCustomExecutor(parsed.executors[0]));
  const board = bigBoard(1);
  const root = boardWorkspace(name, board);
  const runtime = await FolderRuntime.open(root, registry, new Redactor());
  const taskId = board.tasks[0].id;
  return {
    runtime,
    taskId,
    async run(onEntries) {
      let entries = 0;
      const off = runtime.sessions.on({
        entries: (id, list) => {
          entries += list.length;
          onEntries?.(id, list);
        },
      });
      try {
        const started = await runtime.sessions.start({ taskId, executorId: 'bench-agent', prompt: 'benchmark' });
        const meta = await runtime.sessions.wait(started.id);
        if (meta.status !== 'succeeded') throw new Error(`the bench session ended ${meta.status}: ${meta.error ?? ''}`);
        return { meta, entries };
      } finally {
        off();
      }
    },
    dispose: () => runtime.dispose(),
  };
}
