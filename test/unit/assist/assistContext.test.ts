// Assist's context: every part present, the most useful lines first, always within the budget,
// and gathered from a real workspace (real git, README, package.json, memory file).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Board, Task } from '../../../src/protocol/model';
import type { SessionMeta } from '../../../src/protocol/sessions';
import type { MemoryItem } from '../../../src/protocol/memory';
import { MemoryRepository } from '../../../src/memory/memoryRepository';
import { assembleContext, estimateTokens } from '../../../src/assist/assistContext';
import { gatherContextInputs } from '../../../src/assist/assistGather';

const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
const mkTask = (i: number, extra: Partial<Task> = {}): Task => ({ id: `t_${i}`, columnId: 'todo', order: i, title: `Task number ${i}`, description: '', createdAt: at(i), updatedAt: at(i), agentStatus: 'idle', ...extra });
const board = (tasks: Task[]): Board => ({ schemaVersion: 1, columns: [{ id: 'todo', title: 'Todo' }, { id: 'done', title: 'Done' }], tasks });
const mkSession = (i: number): SessionMeta => ({ schemaVersion: 1, id: `s_${i}`, taskId: `t_${i % 50}`, executorId: 'claude-code', executorLabel: 'Claude Code', status: i % 7 ? 'succeeded' : 'failed', prompt: 'p', cwd: '/w', createdAt: at(i), entryCount: 0, ...(i % 7 ? {} : { error: 'checks failed: npm test' }) }) as SessionMeta;
const mkMemory = (i: number, extra: Partial<MemoryItem> = {}): MemoryItem => ({ id: `m_${i}`, category: 'context', key: `k-${i}`, value: `Context fact ${i}`, confidence: 0.8, createdAt: at(i), updatedAt: at(i), ...extra });

describe('assist context assembly', () => {
  it('puts failed and running work, what the request names and the decisions first, and fits a big board in the budget', () => {
    const tasks = Array.from({ length: 2000 }, (_, i) => mkTask(i));
    tasks[1500] = mkTask(1500, { agentStatus: 'error', agentStatusMessage: 'npm test failed' });
    tasks[1700] = mkTask(1700, { title: 'Export command crashes on empty input' });
    const memory = [...Array.from({ length: 499 }, (_, i) => mkMemory(i)), mkMemory(999, { category: 'decision', key: 'social-login', value: 'No social login for now' })];
    const ctx = assembleContext({ request: 'why does the export command crash?', board: board(tasks), sessions: Array.from({ length: 200 }, (_, i) => mkSession(i)), memory }, 4000);
    assert.ok(ctx.tokens <= 4000, `${ctx.tokens} tokens`);
    assert.equal(ctx.tokens, estimateTokens(ctx.text));
    const lines = ctx.text.split('\n');
    assert.equal(lines[0], '## Board: 2000 task(s)');
    assert.equal(lines[1], 'Columns: Todo (2000), Done (0)');
    // What the request names comes first, then what failed.
    assert.match(lines[2], /^- Export command crashes on empty input \(t_1700/);
    assert.match(lines[3], /^- Task number 1500 \(t_1500; in Todo; status error; npm test failed\)$/);
    assert.match(ctx.text, /- \(\d+ more task\(s\) not shown\)/);
    assert.match(ctx.text, /## Memory[^\n]*\n- Decision: No social login for now\n/);
    assert.match(ctx.text, /## Recent runs \(newest first\)\n- 2026-01-01 03:19 Task number 49: claude-code, succeeded/);
    assert.equal(ctx.parts.board.total, 2000);
    assert.ok(ctx.parts.board.included > 10 && ctx.parts.board.included < 2000);
    assert.equal(ctx.parts.memory.total, 500);
  });

  it('a small board is given whole, and a part that needs little leaves its share to the others', () => {
    const ctx = assembleContext({ request: 'next?', board: board([mkTask(1), mkTask(2)]), sessions: [], memory: [] }, 4000);
    assert.equal(ctx.text, '## Board: 2 task(s)\nColumns: Todo (2), Done (0)\n- Task number 2 (t_2; in Todo; status idle)\n- Task number 1 (t_1; in Todo; status idle)');
    assert.deepEqual(ctx.parts.board, { included: 2, total: 2 });
  });

  it('gathers the git state, README, manifest and memory of a real workspace', async () => {
    const ws = realpathSync(mkdtempSync(join(tmpdir(), 'viban-assist-ctx-')));
    try {
      execFileSync('git', ['init', '-q', '-b', 'main', ws]);
      writeFileSync(join(ws, 'README.md'), '# Exporter\nExports the data as CSV.\n');
      writeFileSync(join(ws, 'package.json'), JSON.stringify({ name: 'exporter', description: 'CSV export', scripts: { test: 'node test.js' }, dependencies: { zod: '1' } }));
      execFileSync('git', ['-C', ws, 'add', '.']);
      execFileSync('git', ['-C', ws, '-c', 'user.name=T', '-c', 'user.email=t@e', 'commit', '-qm', 'First export']);
      writeFileSync(join(ws, 'scratch.txt'), 'x');
      const memory = new MemoryRepository(ws);
      await memory.add({ category: 'decision', value: 'Exports stay CSV only; no Excel' });
      const inputs = await gatherContextInputs({ root: ws, request: 'add excel export', board: board([]), sessions: async () => [], memory: () => memory.list() });
      const ctx = assembleContext(inputs);
      assert.match(ctx.text, /## Git\nBranch: main; \d+ uncommitted file\(s\)\n- [0-9a-f]{7,} \d{4}-\d\d-\d\d First export/);
      assert.match(ctx.text, /## Project\npackage\.json:\n[\s\S]*"name": "exporter"[\s\S]*"dependencies": \[\n  "zod"/);
      assert.match(ctx.text, /README\.md:\n# Exporter\nExports the data as CSV\./);
      assert.match(ctx.text, /- Decision: Exports stay CSV only; no Excel/);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
