// The project context for runs: read from .viban/memory.json, bounded, never fatal.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryRepository } from '../../../src/memory/memoryRepository';
import { projectContextFor, promptWithProjectContext } from '../../../src/memory/runInstructions';

describe('runInstructions', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'viban-runctx-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is empty without memory, and the prompt is then sent unchanged', async () => {
    assert.equal(await projectContextFor(root), '');
    assert.equal(promptWithProjectContext('Fix the bug', ''), 'Fix the bug');
  });

  it('puts the memory after the task, within the bound', async () => {
    const repo = new MemoryRepository(root);
    await repo.add({ category: 'decision', value: 'Use SQLite, not Postgres' });
    for (let i = 0; i < 200; i++) await repo.add({ category: 'context', value: `Fact number ${i} about the project that agents might want to know` });
    const context = await projectContextFor(root, { maxChars: 600 });
    assert.ok(context.length <= 600, `${context.length}`);
    assert.match(context, /^Project memory/);
    assert.match(context, /- Decision: Use SQLite, not Postgres/);
    assert.match(context, /more items not shown/);
    const prompt = promptWithProjectContext('Fix the bug', context);
    assert.ok(prompt.startsWith('Fix the bug\n\n---\nProject memory'));
  });

  it('a corrupt memory file does not stop a run: no context, and the file is moved aside', async () => {
    mkdirSync(join(root, '.viban'));
    writeFileSync(join(root, '.viban', 'memory.json'), '{ not json');
    assert.equal(await projectContextFor(root), '');
    assert.ok(!existsSync(join(root, '.viban', 'memory.json')), 'the corrupt file is no longer in the way');
    assert.ok(readdirSync(join(root, '.viban')).some((f) => f.startsWith('memory.json') && f !== 'memory.json'), 'it was kept aside, not deleted');
  });
});
