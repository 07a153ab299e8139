// The demo workspace ships sample memory: it must be a memory.json this Viban accepts.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MemoryRepository } from '../../../src/memory/memoryRepository';

describe('the demo workspace memory', function () {
  this.timeout(30_000);
  it('is valid memory the repository reads, decisions first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'viban-demo-memory-'));
    try {
      // The script is ESM; a dynamic import keeps this CommonJS test able to load it.
      const demo = await (new Function('u', 'return import(u)') as (u: string) => Promise<{ createDemoWorkspace: (f: string, o: object) => Promise<string> }>)(
        pathToFileURL(resolve(__dirname, '../../../scripts/demo-workspace.mjs')).href,
      );
      const ws = await demo.createDemoWorkspace(join(dir, 'ws'), { commit: false });
      const repo = new MemoryRepository(ws);
      const items = await repo.list();
      assert.deepEqual(repo.problems, []);
      assert.deepEqual(items.map((i) => i.category), ['decision', 'preference', 'open']);
      assert.ok(items[2].due);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
