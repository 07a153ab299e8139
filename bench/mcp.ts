// `viban mcp` and memory: tool-call round trips through the SDK's client over stdio against the
// bundled CLI on a 2,000-task board (list_tasks, get_task, create_task: a locked write), and
// memory at 500 items (propose: a locked write; the bounded project-context render).
// No targets are set by the issues for these; the figures are for comparison over time.
import { buildSync } from 'esbuild';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { MemoryRepository } from '../src/memory/memoryRepository';
import { renderProjectContext } from '../src/memory/projectContext';
import { MEMORY_CATEGORIES } from '../src/memory/memorySchema';
import { bigBoard } from './lib/boards';
import { BenchReport, QUICK, median, percentile, runBench, timeRuns } from './lib/report';
import { boardWorkspace, repoRoot, tempDir } from './lib/workspace';

const TASKS = 2000;
const CALLS = QUICK ? 20 : 100;
const MEMORY_ITEMS = 500;

runBench(async () => {
  const report = new BenchReport('mcp', `${TASKS}-task board, ${MEMORY_ITEMS} memory items`);
  const cli = path.join(tempDir('mcp-cli'), 'cli.js');
  buildSync({ entryPoints: [path.join(repoRoot, 'src/cli.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: cli, external: ['node-pty', 'vscode'], logLevel: 'error' });
  const board = bigBoard(TASKS);
  const root = boardWorkspace('mcp', board);

  const started = performance.now();
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', '-w', root], stderr: 'ignore' }));
  report.figure({ label: 'server start + initialize', value: performance.now() - started, unit: 'ms' });
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: Array<{ text?: string }> };
    if (r.isError) throw new Error(`${name}: ${r.content[0]?.text}`);
  };
  const list = await timeRuns(CALLS, 5, () => call('list_tasks', {}));
  report.figure({ label: 'list_tasks (2,000 tasks), median', value: median(list), unit: 'ms' });
  report.figure({ label: 'list_tasks, p95', value: percentile(list, 95), unit: 'ms' });
  const get = await timeRuns(CALLS, 5, (i) => call('get_task', { taskId: board.tasks[i % TASKS].id }));
  report.figure({ label: 'get_task, median', value: median(get), unit: 'ms' });
  const create = await timeRuns(CALLS, 5, (i) => call('create_task', { title: `Bench follow-up ${i}` }));
  report.figure({ label: 'create_task (locked write of the board), median', value: median(create), unit: 'ms' });
  report.figure({ label: 'create_task, p95', value: percentile(create, 95), unit: 'ms', note: `${CALLS} calls after 5 warm-up` });
  await client.close();

  const repo = new MemoryRepository(tempDir('mcp-memory'));
  for (let i = 0; i < MEMORY_ITEMS; i++) await repo.add({ category: MEMORY_CATEGORIES[i % MEMORY_CATEGORIES.length], value: `Fact ${i}: the project prefers option ${i % 7} for area ${i}`, confidence: (i % 10) / 10 });
  const propose = await timeRuns(CALLS, 5, (i) => repo.propose({ category: 'decision', key: `k${i % 20}`, value: `Value ${i}` }));
  report.figure({ label: `propose_memory at ${MEMORY_ITEMS} items (locked write), median`, value: median(propose), unit: 'ms' });
  const items = await repo.list();
  const render = await timeRuns(CALLS, 5, () => renderProjectContext(items, { maxChars: 4000 }));
  report.figure({ label: `project context render (${items.length} items, 4,000 chars), median`, value: median(render), unit: 'ms' });
  report.done();
});
